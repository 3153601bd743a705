"""Outline notes → a deck: the shape of `interview-notes.txt` and its relatives.

The rules, chosen to generalise rather than to fit one file:
- Lines form a tree by indentation (`outline_lines`). Section titles are looked for among
  the top-level lines and, for subtopics, among the lines directly under a title.
- A line is surely a title when it is a Markdown heading (`# …`), is underlined (`===`,
  `---`), or is marked as one — ends in a colon, is in ALL CAPS, or starts with a roman
  numeral (`IV. Databases`) — and has something under or after it. A short plain or
  numbered line is *guessed* to be a title when lines two levels deep hang under it, or when
  a bullet question follows it at its own indentation; each guess is reported with its line.
- Questions are the lines of a section that have lines indented under them (their answer):
  bullets (`*`, `-`, `•`, `o`, `>`), numbers or plain lines, at the title's indentation or
  deeper. A section whose title has nothing indented under it ("flat") takes the lines that
  follow it at its own indentation, so questions need not be indented below their title.
- `Q:` lines are questions wherever they stand; the `A:` line after one, and the lines
  after that up to the next `Q:`, are its answer (`outline_lines.pair_questions`).
- Lines with nothing under them are gathered, in order, into one overview question named
  after the topic, so an "Introduction" of prose becomes the question "Introduction". Lines
  right after a question's answer, out-dented but carrying on its sentence (the first starts
  in lower case), are taken (and reported) as more of that answer.
- Keys come from the topic path and the prompt (`deck_format.derive_key`), so re-importing
  an edited file matches every question whose prompt did not change.

No line is lost: each non-blank line ends up in a title, a prompt or an answer. A prompt
repeated within a topic gets a numbered key and a warning with its line.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from studyapp.content.deck_format import MAX_TOPIC_DEPTH, derive_key
from studyapp.content.model import Deck, DeckQuestion, DeckTopic, ParseWarning
from studyapp.content.outline_answer import answer_markdown
from studyapp.content.outline_lines import (
    BULLET,
    ROMAN,
    Node,
    build_tree,
    clean_text,
    is_all_caps,
    title_text,
)

SURE, GUESS = "sure", "guess"
MAX_TITLE = 60


@dataclass
class _Pending:
    prompt: str
    node: Node
    trailing: list[Node] = field(default_factory=list)


@dataclass
class _Topic:
    title: str
    line: int
    path: tuple[str, ...]
    pending: list[_Pending] = field(default_factory=list)
    loose: list[Node] = field(default_factory=list)
    children: list[_Topic] = field(default_factory=list)
    after_question: bool = False
    drifting: bool = False

    @property
    def depth(self) -> int:
        return len(self.path)


def _kind(node: Node) -> str | None:
    """What kind of title a line could be: marked, numbered, bullet, plain, or none."""
    text = node.text
    if node.asks or len(text) > MAX_TITLE or text.endswith("?"):
        return None
    body = BULLET.sub("", text).strip()
    if node.is_bullet:
        return "bullet" if body and body[-1] not in ",.;" else None
    if node.is_numbered:
        return "numbered" if body and body[-1] not in ",.;" else None
    if text.rstrip().endswith(":") or ROMAN.match(text) or is_all_caps(body):
        return "marked"
    if body[-1:] in (",", ".", ";") or ". " in body or not body:
        return None
    return "plain"


def _question_parents(node: Node) -> int:
    """How many lines under `node` read as questions with answers of their own."""
    return sum(
        1
        for child in node.children
        if child.children and (len(child.text) <= 80 or child.text.endswith("?"))
    )


class _Builder:
    def __init__(self, default_title: str, warnings: list[ParseWarning]) -> None:
        self.default_title = default_title
        self.roots: list[_Topic] = []
        self.keys: set[str] = set()
        self.warnings = warnings

    def section(self, nodes: list[Node], parent: _Topic | None) -> None:
        """Sort one list of sibling lines into titles (with their sections) and items."""
        open_titles: list[tuple[int, _Topic, bool]] = []
        last_heading = 0
        for index, node in enumerate(nodes):
            flat = bool(open_titles) and open_titles[-1][2]
            depth = parent.depth if parent else 0
            reason = self.title_reason(nodes, index, parent is None, flat)
            if reason is None or depth >= MAX_TOPIC_DEPTH:
                current = open_titles[-1][1] if open_titles else parent or self.default_topic()
                self.add_item(current, node)
                continue
            level = node.heading or last_heading + 1
            last_heading = node.heading or last_heading
            while open_titles and open_titles[-1][0] >= level:
                open_titles.pop()
            container = open_titles[-1][1] if open_titles else parent
            topic = self.new_topic(title_text(node), node.number, container)
            if reason == GUESS:
                self.warnings.append(
                    ParseWarning(node.number, f"guessed that {topic.title!r} is a topic title")
                )
            self.section(node.children, topic)
            # A subtopic is what is under it; at the top, a title opens a section that
            # runs to the next title (and a title with nothing under it, always).
            if parent is None or not node.children:
                open_titles.append((level, topic, not node.children))

    def title_reason(self, nodes: list[Node], index: int, root: bool, flat: bool) -> str | None:
        node = nodes[index]
        if node.heading or node.underlined:
            return SURE
        kind = _kind(node)
        if kind is None or (flat and kind != "marked" and node.children):
            return None
        if kind == "bullet" and not root:
            return None
        sure = SURE if kind == "marked" else GUESS
        parents = _question_parents(node)
        if root and parents:
            return sure
        if not root and parents >= 2 and 2 * parents >= len(node.children):
            return sure
        if node.children:
            return sure if root and kind in ("marked", "plain") else None
        # A title with nothing under it heads the questions that follow at its indentation.
        following = nodes[index + 1] if index + 1 < len(nodes) else None
        if following is None or not following.children:
            return None
        if kind == "marked":
            return SURE
        return GUESS if root and _kind(following) != kind else None

    def new_topic(self, title: str, line: int, parent: _Topic | None) -> _Topic:
        path = (*parent.path, title) if parent else (title,)
        topic = _Topic(title, line, path)
        (parent.children if parent else self.roots).append(topic)
        return topic

    def default_topic(self) -> _Topic:
        if not self.roots:
            self.new_topic(self.default_title, 1, None)
        return self.roots[-1]

    def add_item(self, topic: _Topic, node: Node) -> None:
        if node.children or node.asks:
            prompt = clean_text(BULLET.sub("", node.text)).rstrip(":").strip()
            topic.pending.append(_Pending(prompt or clean_text(node.text), node))
            topic.after_question, topic.drifting = True, False
        elif topic.after_question and (topic.drifting or node.text[:1].islower()):
            # Prose that drifted back out of a question's indentation still belongs to it.
            pending = topic.pending[-1]
            if not topic.drifting:
                self.warnings.append(
                    ParseWarning(
                        node.number,
                        f"guessed that this line continues the answer to {pending.prompt!r}",
                    )
                )
            topic.drifting = True
            pending.trailing.append(node)
        else:
            topic.loose.append(node)
            topic.after_question, topic.drifting = False, False

    def finish(self) -> Deck:
        topics = tuple(frozen for frozen in (self.freeze(topic) for topic in self.roots) if frozen)
        return Deck(topics, tuple(self.warnings))

    def freeze(self, topic: _Topic) -> DeckTopic | None:
        questions: list[DeckQuestion] = []
        if topic.loose:
            questions.append(self.overview(topic))
        for pending in topic.pending:
            answer = answer_markdown([*pending.node.children, *pending.trailing], self.warnings)
            questions.append(self.question(topic, pending.prompt, answer, pending.node.number))
        children = tuple(
            frozen for frozen in (self.freeze(child) for child in topic.children) if frozen
        )
        if not questions and not children:
            self.warnings.append(
                ParseWarning(topic.line, f"the heading {topic.title!r} has nothing under it")
            )
            return None
        return DeckTopic(topic.title, tuple(questions), children, line=topic.line)

    def question(self, topic: _Topic, prompt: str, answer: str, line: int) -> DeckQuestion:
        base = derive_key(topic.path, prompt)
        key, suffix = base, 2
        while key in self.keys:
            key, suffix = f"{base}-{suffix}", suffix + 1
        if key != base:
            self.warnings.append(
                ParseWarning(line, f"the question {prompt!r} appears twice in this topic")
            )
        self.keys.add(key)
        return DeckQuestion(key, prompt, answer, (), line=line)

    def overview(self, topic: _Topic) -> DeckQuestion:
        key = derive_key(topic.path, f"{topic.title} (overview)")
        while key in self.keys:
            key += "-2"
        self.keys.add(key)
        answer = answer_markdown(topic.loose, self.warnings)
        return DeckQuestion(key, topic.title, answer, (), line=topic.loose[0].number)


def parse_outline(text: str, *, source: str) -> Deck:
    default_title = source.rsplit("/", 1)[-1].rsplit(".", 1)[0] or "Notes"
    warnings: list[ParseWarning] = []
    roots = build_tree(text.replace("\r\n", "\n").replace("\r", "\n"), warnings)
    builder = _Builder(default_title, warnings)
    builder.section(roots, None)
    return builder.finish()
