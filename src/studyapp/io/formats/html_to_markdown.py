"""Anki fields are HTML: turn the common tags into Markdown and everything else into text."""

from __future__ import annotations

import re
from html.parser import HTMLParser

BLOCK = {"p", "div", "br", "li", "ul", "ol", "pre", "tr", "h1", "h2", "h3", "h4", "h5", "h6"}


class _Converter(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.lists: list[str] = []
        self.href: str | None = None
        self.in_pre = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.out.append("\n")
        elif tag in ("b", "strong"):
            self.out.append("**")
        elif tag in ("i", "em"):
            self.out.append("*")
        elif tag == "code" and not self.in_pre:
            self.out.append("`")
        elif tag == "pre":
            self.in_pre = True
            self.out.append("\n```\n")
        elif tag in ("ul", "ol"):
            self.lists.append(tag)
            self.out.append("\n")
        elif tag == "li":
            marker = "1." if self.lists and self.lists[-1] == "ol" else "-"
            self.out.append("\n" + "  " * max(len(self.lists) - 1, 0) + f"{marker} ")
        elif tag == "a":
            self.href = dict(attrs).get("href")
            self.out.append("[")
        elif tag in ("p", "div"):
            self.out.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("b", "strong"):
            self.out.append("**")
        elif tag in ("i", "em"):
            self.out.append("*")
        elif tag == "code" and not self.in_pre:
            self.out.append("`")
        elif tag == "pre":
            self.in_pre = False
            self.out.append("\n```\n")
        elif tag in ("ul", "ol") and self.lists:
            self.lists.pop()
            self.out.append("\n")
        elif tag == "a":
            self.out.append(f"]({self.href})" if self.href else "]")
            self.href = None
        elif tag in ("p", "div"):
            self.out.append("\n\n")

    def handle_data(self, data: str) -> None:
        self.out.append(data)


def html_to_markdown(fragment: str) -> str:
    converter = _Converter()
    converter.feed(fragment)
    converter.close()
    text = "".join(converter.out).replace("\xa0", " ")
    text = "\n".join(line.rstrip(" \t") for line in text.split("\n"))
    return re.sub(r"\n{3,}", "\n\n", text).strip()
