"""The text importer's HTML → Markdown conversion, fed by a regex tokenizer instead of
`html.parser` for the plain, well-formed HTML that Anki fields are made of.

`html.parser` costs about a fifth of a millisecond per field, the bulk of importing a
10,000-note deck. Fields with anything unusual (comments, scripts, stray `<`) still go
through `html_to_markdown` itself, and a property test checks that both give the same
Markdown.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache

from studyapp.io.formats.html_to_markdown import _Converter, html_to_markdown

TOKENS = re.compile(r"(<[^<>]*>)")
TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)((?:\s+[^<>]*?)?)\s*(/?)>")
ATTRIBUTE = re.compile(
    r"([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s\"'=<>`]+)))?"
)
UNUSUAL = ("<!", "<?", "<script", "<style", "<textarea", "<title", "<SCRIPT", "<STYLE")


def field_to_markdown(fragment: str) -> str:
    if "<" not in fragment and "&" not in fragment:
        return _finish(fragment)
    if any(marker in fragment for marker in UNUSUAL):
        return html_to_markdown(fragment)
    converter = _converter()
    for part in TOKENS.split(fragment):
        if not part:
            continue
        if part[0] != "<":
            if "<" in part or ">" in part:
                return html_to_markdown(fragment)
            converter.handle_data(html.unescape(part))
            continue
        tag = _tag(part)
        if tag is None:
            return html_to_markdown(fragment)
        closing, name, attributes, self_closing = tag
        if closing:
            converter.handle_endtag(name)
            continue
        converter.handle_starttag(name, list(attributes))
        if self_closing:
            converter.handle_endtag(name)
    return _finish("".join(converter.out))


def _converter() -> _Converter:
    """A converter without HTMLParser's own set-up (its buffers and state are never used
    here: only the handle_* methods are called), which costs more than a short field."""
    converter = _Converter.__new__(_Converter)
    converter.out, converter.lists, converter.href, converter.in_pre = [], [], None, False
    return converter


Tag = tuple[bool, str, tuple[tuple[str, str | None], ...], bool]


@lru_cache(maxsize=2048)
def _tag(part: str) -> Tag | None:
    """A tag's parts (closing, lower-case name, attributes, self-closing), or None when it
    is no well-formed tag. Cached: a deck repeats the same few tags thousands of times."""
    match = TAG.fullmatch(part)
    if match is None:
        return None
    closing, name, attributes, self_closing = match.groups()
    return bool(closing), name.lower(), tuple(_attributes(attributes)), bool(self_closing)


def _finish(text: str) -> str:
    """The same clean-up as html_to_markdown's, in linear time: a regex for blanks before
    a newline backtracks quadratically over a long run of tabs."""
    text = text.replace("\xa0", " ")
    if "\n" in text:
        text = "\n".join(line.rstrip(" \t") for line in text.split("\n"))
        text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip()


def _attributes(text: str) -> list[tuple[str, str | None]]:
    if not text:
        return []
    found: list[tuple[str, str | None]] = []
    for match in ATTRIBUTE.finditer(text):
        name, double, single, bare = match.groups()
        value = next((v for v in (double, single, bare) if v is not None), None)
        found.append((name.lower(), None if value is None else html.unescape(value)))
    return found
