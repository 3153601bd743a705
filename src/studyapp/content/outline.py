"""Outline notes → a deck: the shape of `interview-notes.txt` and its relatives.

The rules, chosen to generalise rather than to fit one file:
- Indentation (tabs count to the next multiple of 4 columns) builds a tree of lines.
- A top-level line is a *topic* when it reads as a title: underlined with `---`/`===`, ending
  in a colon, or short (≤ 40 characters) without trailing `,` `.` `;` `-`. ALL-CAPS titles
  are title-cased; bullets and colons are dropped.
- Under a topic, a line with lines indented below it is a *question*: the line is the prompt,
  the lines below are the answer (as nested Markdown lists; runs of code-like lines become a
  code block, rows of tab-separated cells become a table).
- Everything else under a topic (lines with nothing below them, prose paragraphs at the top
  level) is gathered, in order, into one overview question named after the topic — so an
  "Introduction" of prose becomes the question "Introduction" with the prose as its answer.
- Keys come from the topic path and the prompt (`deck_format.derive_key`), so re-importing
  an edited file matches every question whose prompt did not change.

No line is lost: each non-blank line ends up in a title, a prompt or an answer (a title's
`---` underline is its markup). A prompt repeated within a topic gets a numbered key and a
warning with its line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from studyapp.content.deck_format import derive_key
from studyapp.content.model import Deck, DeckQuestion, DeckTopic, ParseWarning
from studyapp.content.outline_answer import BULLET, answer_markdown, clean_text

TAB_WIDTH = 4
UNDERLINE = re.compile(r"^\s*(-{3,}|={3,})\s*$")


@dataclass
class Node:
    number: int
    indent: int
    text: str
    raw: str = ""
    underlined: bool = False
    children: list[Node] = field(default_factory=list)

    @property
    def raw_cells(self) -> list[str]:
        """Cells of a row typed with tabs between them (a table in plain text)."""
        return [cell.strip() for cell in self.raw.strip().split("\t") if cell.strip()]

    def lines(self) -> list[Node]:
        found = [self]
        for child in self.children:
            found.extend(child.lines())
        return found


def _indent(raw: str) -> int:
    column = 0
    for char in raw:
        if char == "\t":
            column = (column // TAB_WIDTH + 1) * TAB_WIDTH
        elif char == " ":
            column += 1
        else:
            break
    return column


def build_tree(text: str) -> list[Node]:
    roots: list[Node] = []
    stack: list[Node] = []
    previous: Node | None = None
    for number, raw in enumerate(text.split("\n"), start=1):
        if not raw.strip():
            continue
        if UNDERLINE.match(raw) and previous is not None and previous.number == number - 1:
            previous.underlined = True
            continue
        node = Node(number, _indent(raw), raw.strip(), raw)
        while stack and stack[-1].indent >= node.indent:
            stack.pop()
        (stack[-1].children if stack else roots).append(node)
        stack.append(node)
        previous = node
    return roots


def _is_title(node: Node) -> bool:
    text = BULLET.sub("", node.text).strip()
    if node.underlined:
        return True
    if text.endswith(":") and len(text) <= 60:
        return True
    return 0 < len(text) <= 40 and text[-1] not in ",.;-" and ". " not in text


def _title(node: Node) -> str:
    text = clean_text(BULLET.sub("", node.text)).rstrip(":").strip()
    words = re.findall(r"[A-Za-z]+", text)
    # "INTRODUCTION" reads better as "Introduction"; acronyms such as "CI/CD" stay.
    if words and all(w.isupper() for w in words) and max(len(w) for w in words) >= 5:
        text = text.title()
    return text or f"Line {node.number}"


@dataclass
class _Pending:
    prompt: str
    node: Node
    trailing: list[Node] = field(default_factory=list)


@dataclass
class _Topic:
    title: str
    line: int
    pending: list[_Pending] = field(default_factory=list)
    questions: list[DeckQuestion] = field(default_factory=list)
    loose: list[Node] = field(default_factory=list)
    last_was_question: bool = False


class _Builder:
    def __init__(self, default_title: str) -> None:
        self.default_title = default_title
        self.topics: list[_Topic] = []
        self.keys: set[str] = set()
        self.warnings: list[ParseWarning] = []

    def topic(self) -> _Topic:
        if not self.topics:
            self.topics.append(_Topic(self.default_title, 1))
        return self.topics[-1]

    def add_root(self, node: Node) -> None:
        if _is_title(node):
            self.topics.append(_Topic(_title(node), node.number))
            for child in node.children:
                self.add_item(child)
        else:
            self.topic().loose.append(node)
            self.topic().last_was_question = False

    def add_item(self, node: Node) -> None:
        topic = self.topic()
        if node.children:
            prompt = clean_text(BULLET.sub("", node.text)).rstrip(":").strip() or node.text
            topic.pending.append(_Pending(prompt, node))
            topic.last_was_question = True
        elif topic.last_was_question and not BULLET.match(node.text):
            # Prose that drifted back out of a question's indentation still belongs to it.
            topic.pending[-1].trailing.append(node)
        else:
            topic.loose.append(node)
            topic.last_was_question = False

    def add_question(self, topic: _Topic, prompt: str, answer: str, line: int) -> None:
        base = derive_key((topic.title,), prompt)
        key, suffix = base, 2
        while key in self.keys:
            key, suffix = f"{base}-{suffix}", suffix + 1
        if key != base:
            self.warnings.append(
                ParseWarning(line, f"the question {prompt!r} appears twice in this topic")
            )
        self.keys.add(key)
        topic.questions.append(DeckQuestion(key, prompt, answer, (), line=line))

    def finish(self) -> Deck:
        topics = []
        for topic in self.topics:
            for pending in topic.pending:
                answer = answer_markdown([*pending.node.children, *pending.trailing])
                self.add_question(topic, pending.prompt, answer, pending.node.number)
            if topic.loose:
                overview = answer_markdown(topic.loose)
                self.add_overview(topic, overview)
            if topic.questions:
                topics.append(DeckTopic(topic.title, tuple(topic.questions), line=topic.line))
            else:
                self.warnings.append(
                    ParseWarning(topic.line, f"the heading {topic.title!r} has nothing under it")
                )
        return Deck(tuple(topics), tuple(self.warnings))

    def add_overview(self, topic: _Topic, answer: str) -> None:
        key = derive_key((topic.title,), f"{topic.title} (overview)")
        while key in self.keys:
            key += "-2"
        self.keys.add(key)
        first = DeckQuestion(key, topic.title, answer, (), line=topic.loose[0].number)
        topic.questions.insert(0, first)


def parse_outline(text: str, *, source: str) -> Deck:
    default_title = source.rsplit("/", 1)[-1].rsplit(".", 1)[0] or "Notes"
    builder = _Builder(default_title)
    for root in build_tree(text.replace("\r\n", "\n").replace("\r", "\n")):
        builder.add_root(root)
    return builder.finish()
