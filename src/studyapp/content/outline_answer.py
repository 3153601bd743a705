"""Turning the indented lines under an outline question into Markdown.

Nested lines become nested list items; a line without a bullet that continues the sentence
above it joins it; runs of code-like lines become a fenced code block with their relative
indentation; rows of tab-separated cells become a table. Prose is escaped so that `__init__`
or `*args` show as typed, and bare URLs become links.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from studyapp.content.outline import Node

BULLET = re.compile(r"^(?:[-*+•◦○●▪■–—]\s*)+|^\d+[.)]\s+")
NUMBERED = re.compile(r"^(\d+)[.)]\s+")
URL = re.compile(r"https?://[^\s<>()]+")
MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")
CODE_LINE = re.compile(
    r"^(def |class |async def |import |from \S+ import |@\w|\$ |#!|return\b|yield\b|"
    r"sudo |pip3? |curl |python3? |[A-Za-z_][\w.\[\]'\"]*\s*[+\-*/]?=\s*\S|"
    r"[\w.]+\(.*\)\s*;?$|[{}\[\]()],?$|'[^']*'\s*:)"
)


def clean_text(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _escape(text: str) -> str:
    parts: list[str] = []
    position = 0
    for match in URL.finditer(text):
        parts.append(MARKDOWN_SPECIAL.sub(r"\\\1", text[position : match.start()]))
        parts.append(f"<{match.group(0)}>")
        position = match.end()
    parts.append(MARKDOWN_SPECIAL.sub(r"\\\1", text[position:]))
    return "".join(parts)


def _is_code(node: Node) -> bool:
    return bool(CODE_LINE.match(node.text))


class _Writer:
    def __init__(self) -> None:
        self.out: list[str] = []

    def nodes(self, nodes: list[Node], depth: int) -> None:
        index = 0
        while index < len(nodes):
            node = nodes[index]
            table = self._table_run(nodes, index)
            if len(table) >= 2:
                self.table(table, depth)
                index += len(table)
            elif _is_code(node):
                self.code(node)
                index += 1
            else:
                joined = self._sentence_run(nodes, index)
                self.item(node, depth, [n.text for n in joined])
                index += 1 + len(joined)

    def _table_run(self, nodes: list[Node], start: int) -> list[Node]:
        run: list[Node] = []
        width = 0
        for node in nodes[start:]:
            cells = node.raw_cells
            if len(cells) < 2 or node.children or (width and len(cells) != width):
                break
            width = len(cells)
            run.append(node)
        return run

    def table(self, rows: list[Node], depth: int) -> None:
        indent = "  " * depth
        header, *body = rows
        cells = header.raw_cells
        self.out.append("")
        self.out.append(indent + "| " + " | ".join(_escape(c) for c in cells) + " |")
        self.out.append(indent + "|" + "---|" * len(cells))
        for row in body:
            self.out.append(indent + "| " + " | ".join(_escape(c) for c in row.raw_cells) + " |")
        self.out.append("")

    def code(self, node: Node) -> None:
        lines = node.lines()
        base = min(line.indent for line in lines)
        self.out.append("")
        self.out.append("```")
        for line in lines:
            self.out.append(" " * (line.indent - base) + line.text)
        self.out.append("```")
        self.out.append("")

    def _sentence_run(self, nodes: list[Node], start: int) -> list[Node]:
        """Sibling lines after `start` that carry on its sentence (a paragraph typed with
        line breaks at the same indentation)."""
        run: list[Node] = []
        previous = nodes[start]
        for node in nodes[start + 1 :]:
            if previous.children or not _continues(previous.text, [], node):
                break
            run.append(node)
            previous = node
        return run

    def item(self, node: Node, depth: int, joined: list[str] | None = None) -> None:
        text = BULLET.sub("", node.text).strip() or node.text
        continuation: list[str] = list(joined or [])
        if continuation:
            text = clean_text(" ".join([text, *continuation]))
            continuation = []
        children = list(node.children)
        while children and _continues(text, continuation, children[0]):
            continuation.append(children.pop(0).text)
        sentence = clean_text(" ".join([text, *continuation]))
        number = NUMBERED.match(node.text)
        marker = f"{number.group(1)}." if number else "-"
        self.out.append("  " * depth + f"{marker} {_escape(sentence)}")
        self.nodes(children, depth + 1)


def _continues(text: str, taken: list[str], child: Node) -> bool:
    """A child line without a bullet continues the sentence it sits under when it starts
    in lower case or the line above ends in a comma."""
    last = (taken[-1] if taken else text).rstrip()
    first = child.text[:1]
    return (
        not child.children
        and not BULLET.match(child.text)
        and not _is_code(child)
        and len(child.raw_cells) < 2
        and not last.endswith((":", ".", "?", "!"))
        and (first.islower() or last.endswith(","))
    )


def answer_markdown(nodes: list[Node]) -> str:
    writer = _Writer()
    writer.nodes(nodes, 0)
    text = "\n".join(writer.out)
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n")
