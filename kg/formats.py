"""Per-format readers for ingest: one file on disk -> Articles (plain text or Markdown, HTML, JSON Lines)."""
from __future__ import annotations

import codecs
import json
import os
import re
import stat
from dataclasses import replace
from collections.abc import Callable, Iterator
from datetime import date, datetime
from itertools import islice
from pathlib import Path
from typing import Any, BinaryIO

import yaml

from kg.errors import KGError
from kg.markdown import blank_markdown
from kg.records import Article, Source

Warn = Callable[[str], None]

TEXT_SUFFIXES = (".txt", ".md", ".markdown")
HTML_SUFFIXES = (".html", ".htm")
JSONL_SUFFIXES = (".jsonl",)
SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES + JSONL_SUFFIXES

# Binary files that end up named .txt: the magic numbers we name in the warning.
MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive"),
    (b"PK\x05\x06", "ZIP archive"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"\xff\xd8\xff", "JPEG image"),
)
# Checked longest first: the UTF-32 LE BOM starts with the UTF-16 LE one.
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
TITLE_MAX = 200  # a title is a label in query results, not a paragraph
# The longest article read, in characters: sixteen times the longest news article in seeds/ and the eval sets
# (6,243). Longer text is cut, with a warning, so one article's parse stays within seconds and a few hundred MB.
MAX_ARTICLE_CHARS = 100_000
MAX_ARTICLE_BYTES = 4 * MAX_ARTICLE_CHARS + 4  # UTF-32 and its BOM
MAX_JSONL_LINE_BYTES = 2 * MAX_ARTICLE_BYTES  # a record: its text (escaped, perhaps) and its fields
FRONT_MATTER_OPEN = re.compile(r"---[ \t]*\n")
FRONT_MATTER_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.M)
# A block only counts as front matter if it starts like "key: value"; otherwise an
# article that merely opens with a "---" rule would lose its first paragraph.
LOOKS_LIKE_FIELD = re.compile(r"\s*[A-Za-z_][\w-]*[ \t]*:")
LONE_SURROGATE = re.compile(r"[\ud800-\udfff]")


class SkippedFile(KGError):
    """A file that holds no article: str() is the error line, `warning` the line to warn with."""

    def __init__(self, error: str, warning: str) -> None:
        super().__init__(error)
        self.warning = warning


def read_text(path: Path) -> tuple[str, str | None]:
    """Read a text file with "\\n" line endings and no BOM; return it and a note to warn with (or None).

    UTF-8 (with or without BOM) and UTF-16/32 with a BOM are read as such; other bytes that
    are not UTF-8 are read as cp1252 (or latin-1), which the note says. Raises SkippedFile
    (a KGError) for a file that cannot be read, is binary or holds only whitespace.
    """
    data, size = _read_bytes(path)
    text, note = _decode(path, data, cut=size > len(data))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise SkippedFile(f"{path}: empty file; put the article text in it or leave it out", f"skipped empty file {path}")
    text, cap_note = cap_text(text, str(path), size)
    return text, "; ".join(n for n in (note, cap_note) if n) or None


def cap_text(text: str, where: str, size: int | None = None) -> tuple[str, str | None]:
    """`text` cut to MAX_ARTICLE_CHARS at a space, and a note saying so; as it was and None if it is short enough.

    Parsing holds every segment of an article at once: the cap bounds the memory and time one article takes.
    """
    if len(text) <= MAX_ARTICLE_CHARS and (size is None or size <= MAX_ARTICLE_BYTES):
        return text, None
    cut = text[:MAX_ARTICLE_CHARS]
    space = max(cut.rfind(" "), cut.rfind("\n"))
    if space > MAX_ARTICLE_CHARS - 1000:
        cut = cut[:space]
    whole = f"{size:,} bytes" if size is not None else f"{len(text):,} characters"
    return cut, f"{where}: {whole}, longer than an article; read its first {len(cut):,} characters (split it into several articles to read all)"


def read_file(path: Path, name: str, warn: Warn) -> Iterator[Article]:
    """Yield the articles in one file, named `name` (jsonl records get "name#id"); warn about what is skipped."""
    suffix = path.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        return _read_jsonl(path, name, warn)
    if suffix in HTML_SUFFIXES:
        return _read_html(path, name, warn)
    return _read_plain(path, name, warn)


def _read_bytes(path: Path) -> tuple[bytes, int]:
    """At most MAX_ARTICLE_BYTES of a regular file, and the file's size; devices, FIFOs and sockets are refused unread."""
    f = open_regular(path)
    with f:
        try:
            return f.read(MAX_ARTICLE_BYTES), os.fstat(f.fileno()).st_size
        except OSError as e:
            raise _unreadable(path, e) from None


def open_regular(path: Path) -> BinaryIO:
    """`path` opened for reading in binary, if it is a regular file: a FIFO would block and /dev/zero never end."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)  # O_NONBLOCK: opening a FIFO does not wait
    except OSError as e:
        raise _unreadable(path, e) from None
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        kind = "a FIFO" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode) else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "not a regular file"
        raise SkippedFile(f"{path}: {kind}, not a file of text; kg reads only regular files", f"skipped {path}: {kind}, not a file of text")
    os.set_blocking(fd, True)
    return os.fdopen(fd, "rb")


def _unreadable(path: Path, error: OSError) -> SkippedFile:
    if isinstance(error, PermissionError):
        return SkippedFile(
            f"{path}: permission denied; make it readable (chmod +r) or leave it out",
            f"skipped {path}: permission denied; make it readable (chmod +r) to include it",
        )
    reason = error.strerror or type(error).__name__
    return SkippedFile(f"{path}: cannot read it ({reason}); check the file", f"skipped {path}: cannot read it ({reason})")


def _binary_kind(data: bytes) -> str | None:
    for magic, kind in MAGIC:
        if data.startswith(magic):
            return kind
    return "NUL bytes" if b"\x00" in data else None


def _decode(path: Path, data: bytes, cut: bool = False) -> tuple[str, str | None]:
    """`data` as text, and a note on how it was read; `cut`: the bytes stop mid-file, perhaps mid-character."""
    for bom, codec in BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(codec), None
            except UnicodeDecodeError as e:
                note = f"{path}: not valid {codec.upper()} at byte {e.start + len(bom)}; replaced what could not be read with U+FFFD"
                return data[len(bom):].decode(codec, errors="replace"), note
    kind = _binary_kind(data)
    if kind:
        raise SkippedFile(
            f"{path}: a binary file ({kind}), not text; leave it out or save the article as text",
            f"skipped binary file {path}",
        )
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as e:
        if cut and e.reason == "unexpected end of data":  # the cap fell inside a character
            return data[:e.start].decode("utf-8"), None
    try:
        return data.decode("cp1252"), f"decoded {path} as cp1252"
    except UnicodeDecodeError:  # the five bytes cp1252 leaves undefined
        return data.decode("latin-1"), f"decoded {path} as latin-1"


def _read_plain(path: Path, name: str, warn: Warn) -> Iterator[Article]:
    text, note = read_text(path)
    if note:
        warn(note)
    fields, body = _split_front_matter(path, text, warn)
    if not body.strip():
        raise SkippedFile(
            f"{path}: front matter but no article text; put the text below the closing '---'",
            f"skipped {path}: front matter but no article text",
        )
    markdown = path.suffix.lower() != ".txt"
    if markdown:
        body = blank_markdown(body)  # markup to spaces, one for one: offsets still index the file's text
    yield Article(_source(name, fields, body, warn, f"{path}: front matter 'published'", markdown), body)


# libyaml's loader where PyYAML was built with it (its wheels are): a tenth of the pure-Python one's time.
_FAST_YAML_LOADER = getattr(yaml, "CBaseLoader", yaml.BaseLoader)


def _load_yaml(block: str) -> Any:
    """The block parsed by libyaml; a block it refuses is parsed again by PyYAML's own loader, whose error says more."""
    try:
        fields = _flat_fields(block)
        return fields if fields is not None else yaml.load(block, Loader=_FAST_YAML_LOADER)
    except yaml.YAMLError:
        return yaml.load(block, Loader=yaml.BaseLoader)


def _flat_fields(block: str) -> dict[str, str] | None:
    """What BaseLoader reads from a block that is one mapping of untagged scalars to untagged scalars; None for any other block.

    Front matter is nearly always such a block, and then libyaml's events say all of it: building
    PyYAML's node tree and constructing the mapping from it, in Python, took 40% of reading a file.
    """
    events = yaml.parse(block, Loader=_FAST_YAML_LOADER)
    start = [type(event) for event in islice(events, 3)]
    if start != [yaml.StreamStartEvent, yaml.DocumentStartEvent, yaml.MappingStartEvent]:
        return None
    fields: dict[str, str] = {}
    key = None
    for event in events:
        if type(event) is yaml.ScalarEvent and event.anchor is None and event.tag is None:
            if key is None:
                key = event.value
            else:
                fields[key], key = event.value, None  # a repeated key keeps its last value, as BaseLoader's mapping does
        elif type(event) is yaml.MappingEndEvent and key is None:
            break
        else:  # a list, a nested mapping, an anchor, an alias or a tag: BaseLoader's own construction
            return None
    if [type(event) for event in events] != [yaml.DocumentEndEvent, yaml.StreamEndEvent]:
        return None
    return fields


def _split_front_matter(path: Path, text: str, warn: Warn) -> tuple[dict[str, Any], str]:
    """Split a leading YAML block off `text`; invalid YAML is warned about and its fields ignored."""
    opening = FRONT_MATTER_OPEN.match(text)
    if not opening:
        return {}, text
    closing = FRONT_MATTER_CLOSE.search(text, opening.end())
    if not closing:
        return {}, text
    block = text[opening.end():closing.start()]
    if block.strip() and not LOOKS_LIKE_FIELD.match(block):
        return {}, text
    body = text[closing.end() + 1:]  # +1: the newline after the closing line
    try:
        # BaseLoader keeps every value a string: dates are parsed (and rejected) here, not by YAML.
        fields = _load_yaml(block)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        line = mark.line + 2 if mark else 1  # +2: the block starts on the file's second line
        problem = getattr(e, "problem", None) or "cannot parse it"
        warn(f"{path}:{line}: front matter is not valid YAML ({problem}); its fields are ignored")
        return {}, body
    if fields is None:
        return {}, body
    if not isinstance(fields, dict):
        warn(f"{path}: front matter is not a list of 'key: value' lines; its fields are ignored")
        return {}, body
    return {str(k).lower(): v for k, v in fields.items()}, body


def _read_html(path: Path, name: str, warn: Warn) -> Iterator[Article]:
    try:
        import trafilatura  # slow to import; only HTML needs it
    except ImportError as e:  # e.g. lxml without lxml_html_clean: the other files can still be read
        raise SkippedFile(
            f"{path}: reading HTML needs trafilatura, which failed to import ({e}); pip install trafilatura lxml_html_clean",
            f"skipped {path}: trafilatura failed to import ({e}); pip install trafilatura lxml_html_clean to read HTML",
        ) from e

    html, note = read_text(path)
    if note:
        warn(note)
    doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False)
    text = (doc.text or "") if doc else ""
    if not text.strip():
        raise SkippedFile(
            f"{path}: no article text found in the HTML; save the article text as .txt instead",
            f"skipped {path}: no article text found in the HTML",
        )
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    fields = {"title": doc.title, "url": doc.url, "publisher": doc.sitename, "author": doc.author}
    try:
        published = date.fromisoformat(doc.date) if doc.date else None
    except ValueError:  # a date trafilatura guessed badly is not worth a warning
        published = None
    yield Article(replace(_source(name, fields, text, warn, ""), published=published), text)


def _read_jsonl(path: Path, name: str, warn: Warn) -> Iterator[Article]:
    """Yield one article per line, streaming; bad lines are warned about and skipped."""
    f = open_regular(path)
    with f:
        head = f.read(8192)
        if any(head.startswith(bom) for bom, _ in BOMS) or _binary_kind(head):
            raise SkippedFile(
                f"{path}: not a UTF-8 text file; save it as UTF-8 JSON Lines",
                f"skipped {path}: not a UTF-8 text file",
            )
        f.seek(0)
        used: set[str] = set()
        for lineno, raw in enumerate(_bounded_lines(f), 1):
            where = f"{path}:{lineno}"
            if raw is None:
                warn(f"{where}: a record longer than {MAX_JSONL_LINE_BYTES:,} bytes; skipped (split its text into several records)")
                continue
            if lineno == 1 and raw.startswith(codecs.BOM_UTF8):
                raw = raw[len(codecs.BOM_UTF8):]
            if not raw.strip():
                continue
            try:
                record = json.loads(raw)
            except ValueError:
                warn(f"{where}: not valid JSON; skipped")
                continue
            if not isinstance(record, dict):
                warn(f"{where}: not a JSON object; skipped")
                continue
            text = record.get("text")
            if not isinstance(text, str) or not text.strip():
                warn(f"{where}: no 'text'; skipped")
                continue
            text = LONE_SURROGATE.sub("\ufffd", text.replace("\r\n", "\n").replace("\r", "\n").removeprefix("\ufeff"))
            text, note = cap_text(text, where)
            if note:
                warn(note)
            key = _field(record, "id") or str(lineno)
            if key in used:
                warn(f"{where}: id {key!r} used twice; named this one {name}#{key}~{lineno}")
                key = f"{key}~{lineno}"
            used.add(key)
            yield Article(_source(f"{name}#{key}", record, text, warn, f"{where}: 'published'"), text)
        if not used:
            raise SkippedFile(f"{path}: no articles in it; put one JSON object per line", f"skipped empty file {path}")


def _bounded_lines(f: BinaryIO) -> Iterator[bytes | None]:
    """The lines of `f`, each read only up to MAX_JSONL_LINE_BYTES: a longer one is passed over, and None stands for it."""
    while line := f.readline(MAX_JSONL_LINE_BYTES + 1):
        if len(line) <= MAX_JSONL_LINE_BYTES or line.endswith(b"\n"):
            yield line
            continue
        while (rest := f.readline(1 << 20)) and not rest.endswith(b"\n"):
            pass
        yield None


def _source(name: str, fields: dict[str, Any], text: str, warn: Warn, date_label: str, markdown: bool = False) -> Source:
    """Build a Source from metadata fields; a missing title is the text's first non-empty line."""
    raw_date = _field(fields, "published") or _field(fields, "date")
    published = None
    if raw_date:
        try:
            published = _parse_date(raw_date)
        except ValueError:
            warn(f"{date_label} is not an ISO date ({raw_date}); ignored (write it as YYYY-MM-DD)")
    return Source(
        name=name,
        title=_short(_field(fields, "title") or _first_line(text, markdown)),
        published=published,
        url=_field(fields, "url"),
        publisher=_field(fields, "publisher"),
        author=_field(fields, "author") or _field(fields, "authors"),
    )


def _field(fields: dict[str, Any], key: str) -> str | None:
    value = fields.get(key)
    if isinstance(value, list):
        value = ", ".join(str(v).strip() for v in value if isinstance(v, (str, int, float)))
    if value is None or isinstance(value, (dict, bool)):
        return None
    value = LONE_SURROGATE.sub("\ufffd", str(value).strip())  # a JSON "\ud800" escape: no UTF-8 can carry it
    return None if value in ("", "~", "null") else value


def _parse_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        return datetime.fromisoformat(value).date()


def _first_line(text: str, markdown: bool) -> str:
    start = re.search(r"\S", text)
    if not start:
        return ""
    end = text.find("\n", start.start())
    line = text[start.start():end if end >= 0 else len(text)].strip()
    return line.lstrip("#").strip() if markdown else line


def _short(title: str) -> str:
    if len(title) <= TITLE_MAX:
        return title
    cut = title[:TITLE_MAX].rsplit(" ", 1)[0]
    return cut + "…"
