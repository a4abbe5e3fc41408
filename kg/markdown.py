"""Markdown markup blanked out, character for character: the words stay where they were in the file.

Headings' hashes, quote and list markers, emphasis, inline code ticks, link brackets and targets,
images, reference definitions, rules, fences and inline HTML tags become spaces; nothing moves, so
every offset into the result is an offset into the file, and spaCy sees prose ("in **Sydney**" reads
as "in   Sydney  "). Text that only looks like markup inside a word (snake_case, 2*3) is left alone.
"""
from __future__ import annotations

import re

# Whole lines that carry no prose: rules, setext underlines, code fences, reference definitions.
_BLANK_LINE = re.compile(r"^[ \t]*(?:(?:[-*_][ \t]*){3,}|=+|```.*|~~~.*|\[[^\]\n]+\]:[ \t]*\S.*)[ \t]*$", re.M)
# Markers at the start of a line: quote '>' (nested too), then a heading's hashes or a list bullet / number.
_LINE_START = re.compile(r"^[ \t]*(?:>[ \t]?)*(?:#{1,6}[ \t]+|[-*+][ \t]+|\d{1,9}[.)][ \t]+)?", re.M)
_CLOSING_HASHES = re.compile(r"(?<=\S)[ \t]+#+[ \t]*$", re.M)
_IMAGE = re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)")
_LINK = re.compile(r"(\[)([^\]\n]+)(\]\([^)\n]*\)|\]\[[^\]\n]*\])")
_STRONG = re.compile(r"(\*\*|__)(?=\S)([^\n]+?)(?<=\S)\1")
_EMPHASIS = re.compile(r"(?<![\w*\\])(\*)(?=[^\s*])([^\n*]+?)(?<=[^\s*\\])\*(?![\w*])|(?<![\w_\\])(_)(?=[^\s_])([^\n_]+?)(?<=[^\s_\\])_(?![\w_])")
_CODE = re.compile(r"(`+)([^`\n]+?)\1")
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>\n]*)?/?>")
_ESCAPE = re.compile(r"\\(?=[\\`*_{}\[\]()#+\-.!>])")


def blank_markdown(text: str) -> str:
    """`text` with its Markdown markup replaced by spaces, one for each character (newlines kept)."""
    chars = list(text)

    def blank(start: int, end: int) -> None:
        for i in range(start, end):
            if chars[i] != "\n":
                chars[i] = " "

    for pattern in (_BLANK_LINE, _IMAGE, _TAG):
        for m in pattern.finditer(text):
            blank(m.start(), m.end())
    for m in _LINE_START.finditer(text):
        blank(m.start(), m.end())
    for m in _CLOSING_HASHES.finditer(text):
        if text[: m.start()].rsplit("\n", 1)[-1].lstrip(" \t>").startswith("#"):
            blank(m.start(), m.end())
    for m in _LINK.finditer(text):
        blank(m.start(1), m.end(1))
        blank(m.start(3), m.end(3))
    for pattern in (_STRONG, _CODE):
        for m in pattern.finditer(text):
            blank(m.start(1), m.end(1))
            blank(m.end(2), m.end())
    for m in _EMPHASIS.finditer(text):
        blank(m.start(), m.start() + 1)
        blank(m.end() - 1, m.end())
    for m in _ESCAPE.finditer(text):
        blank(m.start(), m.end())
    return "".join(chars)
