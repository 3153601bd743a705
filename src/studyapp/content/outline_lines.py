"""The lines of outline notes as a tree by indentation, and what each line's markup says.

Indentation counts tabs to the next multiple of 4 columns, so tabs and spaces can be mixed.
A `---`/`===` line right under a line underlines it (and is its markup, not a line of its
own). Nesting is capped at `MAX_NESTING` levels: a deeper line is kept, at the deepest level,
with one warning, so a pathological file cannot exhaust the stack of anything that walks it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from studyapp.content.model import ParseWarning
from studyapp.content.qa_marks import ANSWERS, ASKS

TAB_WIDTH = 4
MAX_NESTING = 40
UNDERLINE = re.compile(r"^\s*(-{3,}|={3,})\s*$")
HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
# `o` and `>` are the bullets of word processors' plain-text exports and of e-mail quoting.
BULLET = re.compile(r"^(?:(?:[-*+•◦○●▪■‣·–—>]|o(?=\s))\s*)+|^\(?\d+[.)]\s+")
NUMBERED = re.compile(r"^\(?(\d+)[.)]\s+")
ROMAN = re.compile(r"^[IVXLC]+[.)]\s+(?=\S)")


@dataclass
class Node:
    number: int
    indent: int
    text: str
    raw: str = ""
    underlined: bool = False
    heading: int = 0
    # A `Q:` line: surely a question (never a title), its answer paired under it.
    asks: bool = False
    children: list[Node] = field(default_factory=list)

    @property
    def raw_cells(self) -> list[str]:
        """Cells of a row typed with tabs between them (a table in plain text)."""
        return [cell.strip() for cell in self.raw.strip().split("\t") if cell.strip()]

    @property
    def is_bullet(self) -> bool:
        return bool(BULLET.match(self.text)) and not NUMBERED.match(self.text)

    @property
    def is_numbered(self) -> bool:
        return bool(NUMBERED.match(self.text))

    def lines(self) -> list[Node]:
        """This line and every line below it, in file order (without recursion)."""
        found: list[Node] = []
        stack = [self]
        while stack:
            node = stack.pop()
            found.append(node)
            stack.extend(reversed(node.children))
        return found


def indent_of(raw: str) -> int:
    leading = raw[: len(raw) - len(raw.lstrip(" \t"))]
    if "\t" not in leading:
        return len(leading)
    column = 0
    *before_tabs, last = leading.split("\t")
    for spaces in before_tabs:
        column = ((column + len(spaces)) // TAB_WIDTH + 1) * TAB_WIDTH
    return column + len(last)


def build_tree(text: str, warnings: list[ParseWarning]) -> list[Node]:
    roots: list[Node] = []
    stack: list[Node] = []
    previous: Node | None = None
    clamped = False
    for number, raw in enumerate(text.split("\n"), start=1):
        if not raw.strip():
            continue
        if UNDERLINE.match(raw) and previous is not None and previous.number == number - 1:
            previous.underlined = True
            continue
        node = _node(number, raw, indent_of(raw))
        while stack and stack[-1].indent >= node.indent:
            stack.pop()
        if len(stack) >= MAX_NESTING:
            stack.pop()
            if not clamped:
                warnings.append(
                    ParseWarning(
                        number,
                        f"lines nested deeper than {MAX_NESTING} levels are kept at level "
                        f"{MAX_NESTING}",
                    )
                )
                clamped = True
        (stack[-1].children if stack else roots).append(node)
        stack.append(node)
        previous = node
    return pair_questions(roots)


def pair_questions(roots: list[Node]) -> list[Node]:
    """Put each `A:` line (and the lines after it, up to the next `Q:`) under the `Q:` line
    it answers, at any level, so `Q:`/`A:` notes need no indentation."""
    groups = [roots]
    while groups:
        siblings = groups.pop()
        if any(ASKS.match(_unbulleted(node.text)) for node in siblings):
            siblings[:] = _paired(siblings)
        groups.extend(node.children for node in siblings if node.children)
    return roots


def _paired(siblings: list[Node]) -> list[Node]:
    paired: list[Node] = []
    index = 0
    while index < len(siblings):
        node = siblings[index]
        index += 1
        asks = ASKS.match(_unbulleted(node.text))
        if not asks:
            paired.append(node)
            continue
        node.text, node.asks = _unbulleted(node.text)[asks.end() :], True
        answer = node.children
        if answer and ANSWERS.match(_unbulleted(answer[0].text)):
            answer[0:1] = _without_answer_mark(answer[0])
        elif index < len(siblings) and ANSWERS.match(_unbulleted(siblings[index].text)):
            answer.extend(_without_answer_mark(siblings[index]))
            index += 1
            while index < len(siblings) and not _ends_answer(siblings, index):
                answer.append(siblings[index])
                index += 1
        paired.append(node)
    return paired


def _ends_answer(siblings: list[Node], index: int) -> bool:
    """A line after an `A:` answer starts something new when it asks, is a heading, or is a
    title followed by a question."""
    node = siblings[index]
    if ASKS.match(_unbulleted(node.text)) or node.heading or node.underlined:
        return True
    following = siblings[index + 1] if index + 1 < len(siblings) else None
    titled = node.text.rstrip().endswith(":") or is_all_caps(node.text)
    return titled and following is not None and bool(ASKS.match(_unbulleted(following.text)))


def _without_answer_mark(node: Node) -> list[Node]:
    """The `A:` line as answer lines: its text without the mark, or, when the mark stood
    alone, the lines under it."""
    text = ANSWERS.sub("", _unbulleted(node.text), count=1).strip()
    if not text:
        return node.children
    node.text = text
    node.raw = node.raw[: len(node.raw) - len(node.raw.lstrip())] + text
    return [node]


def _unbulleted(text: str) -> str:
    return re.sub(r"^[-*+•>]\s+", "", text)


def _node(number: int, raw: str, indent: int) -> Node:
    text = raw.strip()
    heading = HEADING.match(text) if indent <= 3 else None
    level = len(heading[1]) if heading and heading[2].strip() else 0
    return Node(number, indent, text, raw, heading=level)


def clean_text(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def title_text(node: Node) -> str:
    """A section title without its bullet, numbering, trailing colon or dash; ALL CAPS titles
    read better title-cased ("INTRODUCTION" → "Introduction"), acronyms ("CI/CD") stay."""
    heading = HEADING.match(node.text) if node.heading else None
    text = heading[2] if heading else ROMAN.sub("", BULLET.sub("", node.text))
    text = clean_text(_title_end(text)) or clean_text(node.text)
    words = re.findall(r"[A-Za-z]+", text)
    if words and all(w.isupper() for w in words) and max(len(w) for w in words) >= 5:
        text = text.title()
    return text or f"Line {node.number}"


def _title_end(text: str) -> str:
    """Without a trailing colon, a trailing dash (`REASON FOR CHANGE -`) or closing `#`s."""
    text = text.rstrip()
    body = text.rstrip("#-–—").rstrip()
    if text.endswith(":"):
        return text[:-1]
    if body != text and text[len(body) : len(body) + 1].isspace():
        return body
    return text


def is_all_caps(text: str) -> bool:
    letters = [char for char in text if char.isalpha()]
    return len(letters) >= 3 and all(char.isupper() for char in letters)
