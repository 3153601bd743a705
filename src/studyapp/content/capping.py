"""How much of a hostile text is rendered at once: the first part of a huge code block, table
or line, and a "Show the rest" link for the remainder.

Qt lays out a rich-text document on the GUI thread, and a 20,000-line code block, a 2 MB line
or a 10,000-row table takes it seconds; Pygments and markdown-it take as long on the worker.
So the parsed tokens are cut before rendering: each level shows ten times more than the one
before (level 0 fits any real answer), and the cut is named so the link can say what is left.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # kept light: services/rendering.py imports MORE_URL before first paint
    from markdown_it.token import Token

MORE_URL = "studyapp:more"
# A run of this many characters with no space gets a zero-width break opportunity, so that a
# long token (a URL, a hash, a minified line) wraps inside the page instead of widening it.
BREAK_EVERY = 40
_LONG_RUN = re.compile(rf"\S{{{BREAK_EVERY}}}(?=\S)")
ZERO_WIDTH_SPACE = "\u200b"


@dataclass(frozen=True, slots=True)
class Caps:
    code_lines: int
    block_chars: int
    table_rows: int
    text_chars: int
    source_chars: int  # parsed at all: markdown-it on a huge text holds the worker (and GIL)

    @classmethod
    def at(cls, level: int) -> Caps:
        scale = 10 ** max(level, 0)
        return cls(100 * scale, 10_000 * scale, 50 * scale, 10_000 * scale, 50_000 * scale)


@dataclass(frozen=True, slots=True)
class Cut:
    """What `cut_source` left unparsed, counted into the last block's link: whole lines after
    the cut (a closing fence not counted), the characters left of a line cut in the middle,
    and all characters after the cut."""

    lines: int = 0
    line_chars: int = 0
    chars: int = 0


def cut_source(markdown: str, caps: Caps) -> tuple[str, Cut]:
    if len(markdown) <= caps.source_chars:
        return markdown, Cut()
    end = markdown.rfind("\n", 0, caps.source_chars) + 1
    if end < caps.source_chars // 2:  # one huge line: cut inside it
        end = caps.source_chars
    rest = markdown[end:]
    line_end = rest.find("\n") + 1 if markdown[end - 1] != "\n" else 0
    lines = rest[line_end:].rstrip("\n").split("\n") if rest[line_end:].strip() else []
    if lines and lines[-1].lstrip().startswith(("```", "~~~")):
        lines.pop()
    return markdown[:end], Cut(len(lines), max(line_end - 1, 0), len(rest.rstrip()))


def breakable(text: str) -> str:
    return _LONG_RUN.sub(lambda match: match.group(0) + ZERO_WIDTH_SPACE, text)


def cap_tokens(tokens: Sequence[Token], caps: Caps, cut: Cut = Cut()) -> list[Token]:
    """The tokens to render: big blocks cut, each cut noted in the cut token's `meta["more"]`
    (the words of the link). Tables lose the rows past the cap. What `cut_source` left off
    counts into the last block (the source was cut inside it)."""
    _count_unparsed(tokens, cut)
    kept: list[Token] = []
    in_body = skipping = False
    rows = start = 0
    for token in tokens:
        if token.type == "table_open":
            rows, start = 0, token.map[0] if token.map else -1
        elif token.type == "tbody_open":
            in_body = True
        elif token.type == "tbody_close":
            in_body = skipping = False
        elif token.type == "tr_open" and in_body:
            rows += 1
            skipping = rows > caps.table_rows
        elif token.type == "table_close":
            token.meta["rows"] = min(rows, caps.table_rows)
            token.meta["start"] = start  # the table's first line, which names it at every level
        if token.type == "table_close" and (rows > caps.table_rows or "unparsed" in token.meta):
            hidden = max(rows - caps.table_rows, 0) + token.meta.get("unparsed", 0)
            token.meta["more"] = f"{hidden:,} more row{'s' if hidden != 1 else ''}"
        if skipping:
            continue
        if token.type in ("fence", "code_block"):
            _cap_code(token, caps)
        elif token.type == "inline" and token.children:
            for child in token.children:
                if child.type in ("text", "code_inline"):
                    _cap_text(child, caps)
        kept.append(token)
    return kept


def _count_unparsed(tokens: Sequence[Token], cut: Cut) -> None:
    if not (cut.lines or cut.chars):
        return
    last = next((t for t in reversed(tokens) if t.level == 0 and t.nesting <= 0), None)
    if last is None:
        return
    if last.type in ("fence", "code_block", "table_close"):
        last.meta["unparsed"] = cut.lines
        last.meta["unparsed_chars"] = cut.line_chars
    else:
        inline = next((t for t in reversed(tokens) if t.type == "inline" and t.children), None)
        if inline is not None and inline.children:
            inline.children[-1].meta["unparsed"] = cut.chars


def _cap_code(token: Token, caps: Caps) -> None:
    code = token.content.rstrip("\n").expandtabs(4)
    lines = code.split("\n")
    shown: list[str] = []
    budget = caps.block_chars
    for line in lines[: caps.code_lines]:
        if len(line) >= budget:
            shown.append(line[:budget])
            break
        shown.append(line)
        budget -= len(line) + 1
    hidden_lines = len(lines) - len(shown) + token.meta.get("unparsed", 0)
    cut_line = len(lines[len(shown) - 1]) - len(shown[-1]) if shown else 0
    cut_line += token.meta.get("unparsed_chars", 0)
    token.meta["shown"] = "\n".join(shown)  # unbroken: what a later level continues from
    token.content = "\n".join(breakable(line) for line in shown)
    if hidden_lines:
        token.meta["more"] = f"{hidden_lines:,} more line{'s' if hidden_lines != 1 else ''}"
    elif cut_line:
        token.meta["more"] = f"{cut_line:,} more characters"


def _cap_text(token: Token, caps: Caps) -> None:
    text = token.content.expandtabs(4)
    hidden = max(len(text) - caps.text_chars, 0) + token.meta.get("unparsed", 0)
    text = text[: caps.text_chars]
    if hidden:
        token.meta["more"] = f"{hidden:,} more characters"
    token.content = breakable(text)
