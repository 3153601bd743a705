"""Turning the indented lines under an outline question into Markdown.

Nested lines become nested list items; a line without a bullet that continues the sentence
above it joins it; rows of tab-separated cells become a table. A line that is surely code
(`def`, `import`, an assignment, a call …) starts a code block that takes every line under
it and the sibling lines after it that still read as code (`return x`, `for …:`, `}`), so a
snippet stays one fenced block with its relative indentation; each block is reported, with
its lines, as a guess. Prose is escaped so that `__init__` or `*args` show as typed, and
bare URLs become links.
"""

from __future__ import annotations

import re

from studyapp.content.model import ParseWarning
from studyapp.content.outline_lines import BULLET, NUMBERED, Node, clean_text

URL = re.compile(r"https?://[^\s<>()]+")
MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")
CODE_LINE = re.compile(
    r"^(def |class |async def |import |from \S+ import |@\w|\$ |#!|return\b|yield\b|"
    r"sudo |pip3? |curl |python3? |[A-Za-z_][\w.\[\]'\"]*\s*[+\-*/]?=\s*\S|"
    r"[\w.]+\(.*\)\s*;?$|[{}\[\]()],?$|'[^']*'\s*:|>>> |"
    # Go, JavaScript, SQL, HTML
    r"func \w*\(|function\b|(?:const|let|var) \w+\s*=|\w+\s*:=|go \w+\(|package \w+$|"
    r"(?:SELECT|INSERT INTO|UPDATE|DELETE FROM|CREATE TABLE|ALTER TABLE|DROP TABLE) |"
    r"<\w+[^<>]*>$|[\w.]+\(.*\)\s*\{$)"
)
# Lines that are code when they follow code: control flow, comments, closing brackets.
MORE_CODE = re.compile(
    r"^(?:(?:for|while|if|elif|else|try|except|finally|with|async|await|raise|assert|del|"
    r"global|nonlocal|pass|break|continue|lambda|print|case|match)\b|#|//|\.\.\.|[)}\]])"
    r"|[:;{(\[,\\]$"
)


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


def _more_code(node: Node) -> bool:
    return not node.is_bullet and bool(CODE_LINE.match(node.text) or MORE_CODE.search(node.text))


class _Writer:
    def __init__(self, warnings: list[ParseWarning]) -> None:
        self.out: list[str] = []
        self.warnings = warnings

    def nodes(self, nodes: list[Node], depth: int) -> None:
        index = 0
        while index < len(nodes):
            node = nodes[index]
            table = self._table_run(nodes, index)
            if _is_code(node):
                run = [node]
                while index + len(run) < len(nodes) and _more_code(nodes[index + len(run)]):
                    run.append(nodes[index + len(run)])
                self.code(run)
                index += len(run)
            elif len(table) >= 2:
                self.table(table, depth)
                index += len(table)
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

    def code(self, run: list[Node]) -> None:
        lines = [line for node in run for line in node.lines()]
        base = min(line.indent for line in lines)
        fence = "`" * max(
            [3, *(len(m) + 1 for line in lines for m in BACKTICKS.findall(line.text))]
        )
        self.out.extend(["", fence])
        for line in lines:
            self.out.append(" " * (line.indent - base) + line.text)
        self.out.extend([fence, ""])
        first, last = lines[0].number, max(line.number for line in lines)
        where = f"lines {first}–{last} are" if last > first else "this line is"
        self.warnings.append(ParseWarning(first, f"guessed that {where} code"))

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


BACKTICKS = re.compile(r"`{3,}")


def _plain_lines(nodes: list[Node]) -> bool:
    return all(not node.children and not BULLET.match(node.text) for node in nodes)


def answer_markdown(nodes: list[Node], warnings: list[ParseWarning]) -> str:
    """Markdown for the lines of an answer; guesses (code blocks) go to `warnings`."""
    writer = _Writer(warnings)
    writer.nodes(nodes, 0)
    if len(writer.out) == 1 and _plain_lines(nodes) and writer.out[0].startswith("- "):
        # An answer of one sentence typed without a bullet reads as a sentence, not a one-item list.
        writer.out[0] = writer.out[0][2:]
    text = "\n".join(writer.out)
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n")
