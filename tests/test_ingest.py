"""Tests for kg.ingest: the messy corpus in tests/data/messy, plus hostile files made in tmp_path."""
from __future__ import annotations

import os

import time
from datetime import date
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

import kg.ingest
from kg import formats
from kg.errors import KGError
from kg.formats import MAX_ARTICLE_CHARS
from kg.ingest import iter_articles, read_text
from kg.records import Article

MESSY = Path(__file__).parent / "data" / "messy"

# Every article the messy corpus yields, in order (sorted by code point: upper case first).
MESSY_NAMES = [
    "Relatório de São Paulo.txt",
    "bad_date.md",
    "bad_yaml.md",
    "cp1252_quotes.txt",
    "crlf_bom.txt",
    "feed.jsonl#vel-001",
    "feed.jsonl#4",
    "front_matter.md",
    "quotes.txt",
    "same_article.txt",
    "scripts_nav.html",
    "utf16_bom.txt",
]

MESSY_WARNINGS = [
    f"{MESSY}/bad_date.md: front matter 'published' is not an ISO date (2024-02-30); ignored (write it as YYYY-MM-DD)",
    f"{MESSY}/bad_yaml.md:2: front matter is not valid YAML (mapping values are not allowed here); its fields are ignored",
    f"skipped empty file {MESSY}/blank.md",
    f"decoded {MESSY}/cp1252_quotes.txt as cp1252",
    f"skipped empty file {MESSY}/empty.txt",
    f"{MESSY}/feed.jsonl:2: not valid JSON; skipped",
    f"{MESSY}/feed.jsonl:4: 'published' is not an ISO date (Monday); ignored (write it as YYYY-MM-DD)",
    f"{MESSY}/feed.jsonl:5: not a JSON object; skipped",
    f"{MESSY}/feed.jsonl:6: no 'text'; skipped",
    f"skipped binary file {MESSY}/image.txt",
    f"{MESSY}/x_copies/same article (copy).txt: same text as {MESSY}/same_article.txt; read once",
]


def read_all(*paths: Path) -> tuple[dict[str, Article], list[str]]:
    warnings: list[str] = []
    articles = {a.source.name: a for a in iter_articles(list(paths), warn=warnings.append)}
    return articles, warnings


@pytest.fixture(scope="module")
def messy() -> tuple[dict[str, Article], list[str]]:
    return read_all(MESSY)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    """Files that cannot live in git: a 20 MB article, a 100,000-character line, symlink loops."""
    root = tmp_path / "hostile"
    paragraph = "Ana Silva met Kenji Sato in Port Elm on Tuesday to talk about fishing quotas. "
    write(root / "huge.txt", "A very long report\n\n" + (paragraph * 12 + "\n\n") * 22_000)
    write(root / "one_line.md", "---\ntitle: One line\n---\n" + "Kenji Sato said yes. " * 4_800)
    write(root / "lines.jsonl", '{"id": "long", "text": "' + "Ana Silva " * 10_000 + '"}\n')
    write(root / "nested" / "deeper" / "story.txt", "Ana Silva flies home\n\nShe flew home on Sunday.\n")
    (root / "nested" / "deeper" / "loop").symlink_to(root / "nested")  # a folder that contains itself
    (root / "self.txt").symlink_to(root / "self.txt")  # a file symlink that points at itself
    return root


# -- the messy corpus ---------------------------------------------------------


def test_messy_corpus_yields_each_readable_article_once_in_sorted_order(messy):
    articles, _ = messy
    assert list(articles) == MESSY_NAMES


def test_messy_corpus_warns_about_each_problem(messy):
    _, warnings = messy
    assert warnings == MESSY_WARNINGS


@pytest.mark.parametrize(
    ("name", "title", "text"),
    [
        ("utf16_bom.txt", "Kenji Sato opens a bridge", "Kenji Sato opened the Harbour Bridge in Port Elm on Monday."),
        ("cp1252_quotes.txt", "Ana Silva on tariffs", "\u201cWe will not wait,\u201d Ana Silva said \u2014 and left."),
        ("crlf_bom.txt", "Kenji Sato and the port", "Kenji Sato and the port\n\nKenji Sato toured"),
        ("Relatório de São Paulo.txt", "Relatório: Ana Silva em São Paulo", "Ana Silva visited São Paulo on Thursday"),
        ("quotes.txt", "Quotes, nested and unbalanced", "\u201cI told him \u2018never again\u2019 and he agreed,\u201d"),
        ("quotes.txt", "Quotes, nested and unbalanced", "\u201cThe co\u2011operation will go on.\nHe added that \"nothing was \u2018settled.\n"),
        ("bad_date.md", "Kenji Sato in Port Elm", "Kenji Sato arrived in Port Elm on Friday"),
    ],
)
def test_messy_case_is_read_with_its_title_and_text_as_written(messy, name, title, text):
    article = messy[0][name]
    assert article.source.title == title
    assert text in article.text


def test_text_keeps_typography_and_normalises_only_line_endings_and_bom(messy):
    articles, _ = messy
    assert articles["crlf_bom.txt"].text == "Kenji Sato and the port\n\nKenji Sato toured the port of Port Elm.\n"
    assert "\u2011" in articles["quotes.txt"].text  # the non-breaking hyphen stays for the NLP stage
    assert all("\r" not in a.text and not a.text.startswith("\ufeff") for a in articles.values())


@pytest.mark.parametrize("name", ["empty.txt", "blank.md", "image.txt", "notes.csv", ".hidden.txt"])
def test_messy_file_that_is_no_article_is_not_read(messy, name):
    articles, _ = messy
    assert not any(n == name or n.endswith("/" + name) for n in articles)
    assert not any("secret draft" in a.text for a in articles.values())


def test_hidden_files_and_unknown_extensions_are_skipped_silently(messy):
    _, warnings = messy
    assert not any(".hidden" in w or "notes.csv" in w for w in warnings)


# -- offsets ------------------------------------------------------------------


@pytest.mark.parametrize("name", ["front_matter.md", "crlf_bom.txt", "quotes.txt", "cp1252_quotes.txt", "utf16_bom.txt"])
def test_text_is_the_file_body_so_offsets_index_the_words_of_the_file(messy, name):
    article = messy[0][name]
    raw, _ = read_text(MESSY / name)
    body_start = len(raw) - len(article.text)
    assert raw[body_start:] == article.text  # the body, as it stands in the file
    for word in ("Silva", "Sato", "\u201c", "\u2011"):
        start = raw.find(word, body_start)
        if start >= 0:
            start -= body_start
            assert article.text[start:start + len(word)] == word


# -- front matter and titles --------------------------------------------------


def test_front_matter_gives_metadata_and_is_cut_from_the_text(messy):
    article = messy[0]["front_matter.md"]
    assert article.source.title == "Ana Silva meets Kenji Sato"
    assert article.source.published == date(2024, 3, 5)
    assert article.source.url == "https://herald.example/2024/03/silva-sato"
    assert article.source.publisher == "The Invented Herald"
    assert article.source.author == "Lia Moreau"
    assert article.text.startswith("Ana Silva met Kenji Sato in Port Elm on Tuesday.")


def test_invalid_front_matter_date_is_dropped_but_other_fields_kept(messy):
    source = messy[0]["bad_date.md"].source
    assert source.published is None
    assert source.publisher == "The Invented Herald"


def test_invalid_yaml_is_cut_from_the_text_and_its_fields_ignored(messy):
    article = messy[0]["bad_yaml.md"]
    assert article.text == "Ana Silva answered questions about the fisheries pact for an hour.\n"
    assert article.source.published is None


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("\n\n  Kenji Sato wins  \nThe race was close.\n", "Kenji Sato wins"),
        ("# Kenji Sato wins\n\nThe race was close.\n", "Kenji Sato wins"),
        ("---\n---\nKenji Sato wins\n", "Kenji Sato wins"),
        ("Kenji " + "Sato " * 100, "Kenji " + " ".join(["Sato"] * 38) + "…"),
    ],
)
def test_title_without_front_matter_is_the_first_non_empty_line(tmp_path, text, title):
    (article,) = iter_articles([write(tmp_path / "story.md", text)])
    assert article.source.title == title


def test_date_and_authors_aliases_in_front_matter(tmp_path):
    path = write(tmp_path / "a.md", "---\ndate: 2024-01-02T10:00:00Z\nauthors: [Lia Moreau, Tom Ek]\n---\nKenji Sato wins\n")
    (article,) = iter_articles([path])
    assert article.source.published == date(2024, 1, 2)
    assert article.source.author == "Lia Moreau, Tom Ek"


def test_a_leading_rule_that_is_not_front_matter_stays_in_the_text(tmp_path):
    text = "---\nAna Silva spoke first.\n---\nKenji Sato spoke second.\n"
    (article,) = iter_articles([write(tmp_path / "rules.txt", text)])
    assert article.text == text


def test_front_matter_without_a_body_is_skipped(tmp_path):
    write(tmp_path / "a.md", "---\ntitle: Nothing here\n---\n\n")
    write(tmp_path / "b.txt", "Ana Silva\n")
    warnings: list[str] = []
    assert [a.source.name for a in iter_articles([tmp_path], warn=warnings.append)] == ["b.txt"]
    assert warnings == [f"skipped {tmp_path}/a.md: front matter but no article text"]


# -- HTML ---------------------------------------------------------------------


def test_html_gives_only_the_article_text_and_its_metadata(messy):
    article = messy[0]["scripts_nav.html"]
    assert article.source.title == "Ana Silva and Kenji Sato sign a fisheries pact"
    assert article.source.published == date(2024, 5, 14)
    assert article.source.url == "https://herald.example/2024/05/fisheries-pact"
    assert article.source.author == "Lia Moreau"
    assert "met Kenji Sato in Port Elm on Tuesday" in article.text
    assert "\u201cThis pact protects our coasts for a decade,\u201d" in article.text
    for junk in ("dataLayer", "pixel", "Home", "Subscribe", "cookies", "Most read", "Celebrity", "widgets", "Copyright", "Privacy"):
        assert junk not in article.text


def test_html_with_no_article_text_is_skipped(tmp_path):
    write(tmp_path / "empty.html", "<html><head><script>var a = 1;</script></head><body><nav></nav></body></html>")
    write(tmp_path / "ok.txt", "Ana Silva\n")
    warnings: list[str] = []
    assert [a.source.name for a in iter_articles([tmp_path], warn=warnings.append)] == ["ok.txt"]
    assert warnings == [f"skipped {tmp_path}/empty.html: no article text found in the HTML"]


# -- JSON Lines ---------------------------------------------------------------


def test_jsonl_record_is_named_by_id_or_line_and_carries_its_metadata(messy):
    articles, _ = messy
    first = articles["feed.jsonl#vel-001"]
    assert first.text == "Ana Silva arrived in Rome on Sunday."
    assert first.source.title == "Ana Silva in Rome"
    assert first.source.published == date(2024, 6, 2)
    assert (first.source.url, first.source.publisher, first.source.author) == ("https://wire.example/vel-001", "Invented Wire", "Tom Ek")
    no_id = articles["feed.jsonl#4"]
    assert no_id.source.title == "No id here"
    assert no_id.source.published is None


def test_jsonl_duplicate_ids_get_distinct_names(tmp_path):
    path = write(tmp_path / "feed.jsonl", '{"id": 1, "text": "Ana Silva"}\n{"id": 1, "text": "Kenji Sato"}\n')
    warnings: list[str] = []
    assert [a.source.name for a in iter_articles([path], warn=warnings.append)] == ["feed.jsonl#1", "feed.jsonl#1~2"]
    assert warnings == [f"{path}:2: id '1' used twice; named this one feed.jsonl#1~2"]


def test_jsonl_in_utf16_is_skipped_with_the_fix(tmp_path):
    (tmp_path / "feed.jsonl").write_bytes('{"text": "Ana Silva"}\n'.encode("utf-16"))
    with pytest.raises(KGError, match=r"feed.jsonl: not a UTF-8 text file; save it as UTF-8 JSON Lines"):
        list(iter_articles([tmp_path / "feed.jsonl"]))


# -- duplicates, names, order -------------------------------------------------


def test_same_text_under_two_names_is_read_once_with_the_other_name_kept(messy):
    articles, _ = messy
    assert articles["same_article.txt"].source.also_names == ("x_copies/same article (copy).txt",)
    assert "x_copies/same article (copy).txt" not in articles


def test_duplicates_across_formats_and_inputs(tmp_path):
    write(tmp_path / "a" / "one.txt", "Ana Silva wins.\n")
    write(tmp_path / "b" / "feed.jsonl", '{"id": "x", "text": "Ana  Silva\\nwins."}\n')
    write(tmp_path / "b" / "two.md", "Ana Silva WINS.\n")  # case is kept: not a copy
    warnings: list[str] = []
    articles = list(iter_articles([tmp_path / "a", tmp_path / "b"], warn=warnings.append))
    assert [(a.source.name, a.source.also_names) for a in articles] == [("one.txt", ("feed.jsonl#x",)), ("two.md", ())]
    assert warnings == [f"{tmp_path}/b/feed.jsonl#x: same text as {tmp_path}/a/one.txt; read once"]


def test_order_is_sorted_and_does_not_depend_on_creation_order(tmp_path):
    for name in ["z.txt", "b/2.md", "a.txt", "b/10.md", "B.txt"]:
        write(tmp_path / name, f"Article {name}\n")
    names = [a.source.name for a in iter_articles([tmp_path])]
    assert names == ["B.txt", "a.txt", "b/10.md", "b/2.md", "z.txt"]
    assert [a.source.name for a in iter_articles([tmp_path])] == names


def test_reading_twice_gives_equal_articles(messy):
    assert read_all(MESSY) == messy


def test_file_given_directly_is_named_by_its_file_name(tmp_path):
    path = write(tmp_path / "deep" / "Notícia de Ana Silva.txt", "Ana Silva em Lisboa\n")
    (article,) = iter_articles([path])
    assert article.source.name == "Notícia de Ana Silva.txt"


def test_same_name_under_two_inputs_gets_a_distinct_name(tmp_path):
    first = write(tmp_path / "a" / "story.txt", "Ana Silva\n")
    second = write(tmp_path / "b" / "story.txt", "Kenji Sato\n")
    names = [a.source.name for a in iter_articles([first, second])]
    assert names == ["story.txt", second.as_posix()]


def test_overlapping_inputs_read_each_file_once_silently(tmp_path):
    path = write(tmp_path / "story.txt", "Ana Silva\n")
    warnings: list[str] = []
    assert [a.source.name for a in iter_articles([tmp_path, path], warn=warnings.append)] == ["story.txt"]
    assert warnings == []


@pytest.mark.parametrize("linked", ["file", "folder"])
def test_a_file_reached_through_a_symlink_and_directly_is_read_once(tmp_path, linked):
    path = write(tmp_path / "data" / "story.txt", "Ana Silva met Kenji Sato.\n")
    (tmp_path / "links").mkdir()
    if linked == "file":  # a symlinked file inside the folder walked
        (tmp_path / "links" / "alias.txt").symlink_to(path)
        inputs = [tmp_path / "links", path]
    else:  # the folder walked is itself reached through a symlink
        (tmp_path / "links" / "data").symlink_to(tmp_path / "data")
        inputs = [tmp_path / "links" / "data", path]
    warnings: list[str] = []
    assert len(list(iter_articles(inputs, warn=warnings.append))) == 1
    assert warnings == []


def test_articles_are_streamed_one_file_at_a_time(tmp_path, monkeypatch):
    for n in range(5):
        write(tmp_path / f"{n}.txt", f"Article number {n}\n")
    reads: list[str] = []
    real = kg.ingest.read_file
    monkeypatch.setattr(kg.ingest, "read_file", lambda path, name, warn: (reads.append(name), real(path, name, warn))[1])
    articles = iter_articles([tmp_path])
    assert len(reads) == 5  # the hashing pass
    next(articles)
    assert len(reads) == 6  # then one file per article


# -- errors ---------------------------------------------------------------------


def test_missing_path_is_an_error(tmp_path):
    with pytest.raises(KGError, match=r"^.*/nowhere: no such file or folder; check the path$"):
        iter_articles([tmp_path / "nowhere"])


def test_unknown_extension_given_directly_is_an_error(tmp_path):
    path = write(tmp_path / "story.pdf", "Ana Silva")
    with pytest.raises(KGError, match=r"story.pdf: unknown extension '.pdf'; kg reads .txt, .md, .markdown, .html, .htm and .jsonl files"):
        iter_articles([path])


@pytest.mark.parametrize("files", [[], ["notes.csv", ".hidden.txt"]])
def test_folder_without_articles_is_an_error(tmp_path, files):
    for name in files:
        write(tmp_path / name, "")
    with pytest.raises(KGError, match=rf"^{tmp_path}: no .txt, .md, .html or .jsonl articles found; point kg at a folder of articles$"):
        iter_articles([tmp_path])


def test_folder_whose_articles_all_fail_names_the_first_problem(tmp_path):
    write(tmp_path / "empty.txt", "")
    (tmp_path / "image.txt").write_bytes(b"%PDF-1.4 not text")
    with pytest.raises(KGError, match=rf"^{tmp_path}: no file could be read \(skipped empty file {tmp_path}/empty.txt and 1 more\); fix or replace those files$"):
        iter_articles([tmp_path])


def test_folder_without_articles_beside_others_is_a_warning(tmp_path):
    (tmp_path / "empty").mkdir()
    path = write(tmp_path / "full" / "a.txt", "Ana Silva\n")
    warnings: list[str] = []
    assert len(list(iter_articles([tmp_path / "empty", path.parent], warn=warnings.append))) == 1
    assert warnings == [f"{tmp_path}/empty: no .txt, .md, .html or .jsonl articles found; skipped"]


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("empty.txt", b"", "empty.txt: empty file; put the article text in it or leave it out"),
        ("image.txt", (MESSY / "image.txt").read_bytes(), "image.txt: a binary file (PNG image), not text; leave it out or save the article as text"),
        ("doc.txt", b"%PDF-1.7\n...", "doc.txt: a binary file (PDF document), not text"),
        ("nul.md", b"Ana\x00Silva", "nul.md: a binary file (NUL bytes), not text"),
    ],
)
def test_the_only_input_being_unreadable_is_an_error(tmp_path, name, data, message):
    (tmp_path / name).write_bytes(data)
    with pytest.raises(KGError, match=message.replace(".", r"\.").replace("(", r"\(").replace(")", r"\)")):
        iter_articles([tmp_path / name])


# -- hostile files ----------------------------------------------------------------


def test_hostile_folder_is_read_in_bounded_time_with_loops_skipped(hostile):
    warnings: list[str] = []
    began = time.monotonic()
    articles = {a.source.name: len(a.text) for a in iter_articles([hostile], warn=warnings.append)}
    assert time.monotonic() - began < 30  # about 1 s in practice; quadratic steps would take minutes
    # Longer than MAX_ARTICLE_CHARS: cut at a space, with a warning; the jsonl text is just short enough.
    assert MAX_ARTICLE_CHARS - 1000 < articles["huge.txt"] <= MAX_ARTICLE_CHARS
    assert MAX_ARTICLE_CHARS - 1000 < articles["one_line.md"] <= MAX_ARTICLE_CHARS
    assert articles["lines.jsonl#long"] == 100_000 == MAX_ARTICLE_CHARS
    assert list(articles) == ["huge.txt", "lines.jsonl#long", "nested/deeper/story.txt", "one_line.md"]
    assert [w for w in warnings if "longer than an article" not in w] == [
        f"skipped {hostile}/nested/deeper/loop: symlink loop back to {hostile.resolve()}/nested",
        f"skipped {hostile}/self.txt: broken or looping symlink",
    ]
    assert sorted(w.split(":")[0] for w in warnings if "longer than an article" in w) == [f"{hostile}/huge.txt", f"{hostile}/one_line.md"]


def test_unreadable_file_is_skipped_with_a_warning(tmp_path, monkeypatch):
    # We run as root, where chmod 000 does not stop reading: make opening it refuse instead.
    locked = write(tmp_path / "locked.txt", "Ana Silva\n")
    write(tmp_path / "open.txt", "Kenji Sato\n")
    real = os.open

    def refusing_open(path, *args, **kwargs) -> int:
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", refusing_open)
    warnings: list[str] = []
    assert [a.source.name for a in iter_articles([tmp_path], warn=warnings.append)] == ["open.txt"]
    assert warnings == [f"skipped {locked}: permission denied; make it readable (chmod +r) to include it"]
    with pytest.raises(KGError, match=r"locked.txt: permission denied; make it readable \(chmod \+r\) or leave it out"):
        iter_articles([locked])


def test_unreadable_folder_is_skipped_with_a_warning(tmp_path, monkeypatch):
    write(tmp_path / "locked" / "a.txt", "Ana Silva\n")
    write(tmp_path / "open" / "b.txt", "Kenji Sato\n")
    real = kg.ingest.os.scandir

    def scandir(path):
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(kg.ingest.os, "scandir", scandir)
    warnings: list[str] = []
    assert [a.source.name for a in iter_articles([tmp_path], warn=warnings.append)] == ["open/b.txt"]
    assert warnings == [f"skipped {tmp_path}/locked: permission denied; make it readable (chmod +rx) to include it"]


# -- read_text ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "text", "note"),
    [
        ("Ana “Silva”\r\n".encode("utf-8"), "Ana “Silva”\n", None),
        ("\ufeffAna\r\n".encode("utf-8"), "Ana\n", None),
        ("Ana ‘Silva’\n".encode("utf-16"), "Ana ‘Silva’\n", None),
        ("Ana ‘Silva’\n".encode("utf-16-be").join([b"\xfe\xff", b""]), "Ana ‘Silva’\n", None),
        ("Ana “Silva” – Sato\n".encode("cp1252"), "Ana “Silva” – Sato\n", "decoded {path} as cp1252"),
        (b"Ana \x81 Silva\r", "Ana \x81 Silva\n", "decoded {path} as latin-1"),
    ],
)
def test_read_text_decodes_and_normalises_line_endings(tmp_path, data, text, note):
    path = tmp_path / "a.txt"
    path.write_bytes(data)
    assert read_text(path) == (text, note and note.format(path=path))


@pytest.mark.parametrize("block", [
    "title: Talks in Geneva\npublished: 2024-03-05\n",
    "title: 'Quoted: with a colon'\nauthor: \"Ana Silva\"\n",
    "title: >\n  folded over\n  two lines\nurl: https://example.org/a?b=c#d\n",
    "title: Relatório de São Paulo\ntags: [a, b]\n",
    "published: 5 March 2024 # a comment\nempty:\n",
])
def test_front_matter_loader_reads_as_pyyaml_does(block):
    assert formats._load_yaml(block) == yaml.load(block, Loader=yaml.BaseLoader)


# Lines front matter might hold, plain and not: quotes, comments, empty values, repeated keys, lists, nesting,
# anchors, aliases, tags, flow collections, a second document, and broken YAML.
FRONT_MATTER_LINES = st.sampled_from([
    "title: Talks in Geneva", "title: 'Quoted: a colon'", 'author: "Ana \\"A\\" Silva"', "published: 2024-03-05",
    "url: https://example.org/a?b=c#d", "empty:", "note: value # comment", "# a comment line", "",
    "title: again", "tags: [a, b]", "tags:", "  - one", "  - two", "nested:", "  inner: value", "meta: {a: b}",
    "anchor: &x value", "alias: *x", "typed: !!int 5", "? complex", ": key", "---", "...", "bad: [unclosed",
    "bad: 'unclosed", "\tindented: tab", "  indented: value", "key:value", "- item", "long: >", "  folded text",
    "pipe: |", "  kept text", "number: 12", "yes: no", "~: null", "'quoted key': v", "Ünïcode: Relatório",
])


@settings(max_examples=500)
@given(st.lists(FRONT_MATTER_LINES, max_size=8))
def test_front_matter_loader_reads_any_block_as_pyyaml_does(lines):
    block = "\n".join(lines) + "\n"
    try:
        expected = yaml.load(block, Loader=yaml.BaseLoader)
    except yaml.YAMLError as e:
        with pytest.raises(yaml.YAMLError) as raised:
            formats._load_yaml(block)
        assert str(raised.value) == str(e)  # the warning quotes its problem and line
    else:
        assert formats._load_yaml(block) == expected
