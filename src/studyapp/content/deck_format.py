"""The Markdown deck format (CONTENT.md): headings are topics, `Q:` headings are questions.

    # Python
    ## Core data types
    ### Q: What is the difference between a list and a tuple? {#python.list-vs-tuple}
    Tags: data-types
    A list is mutable; ...

Rules the parser follows (and the writer keeps, so that reading what it wrote gives the same
deck):
- A question belongs to the nearest enclosing topic, a heading of lower level; a heading of
  the same or a higher level closes the sections below it, as in CommonMark.
- The answer is everything up to the next heading. Headings inside fenced code (``` or ~~~)
  are code. An answer line that would read as a heading is written with a backslash (`\\#`),
  which Markdown shows as a literal `#`.
- `{#id}` at the end of a question heading is its stable id. Without one, the key is derived
  from the topic path and the prompt (lower-cased, punctuation and spacing folded), so that
  re-importing after a whitespace-only edit still matches.
- An answer that leaves a code fence open is written with the fence closed.
- A first answer line `Tags: a, b` sets tags. The writer writes an empty `Tags:` line when an
  untagged answer itself starts with "Tags:", so that line stays answer text.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from studyapp.content.model import Deck, DeckQuestion, DeckTopic
from studyapp.errors import DeckFormatError

MAX_DEPTH = 6
# Topics go at most this deep, so that their questions still fit a heading level (≤ 6).
MAX_TOPIC_DEPTH = MAX_DEPTH - 1
HEADING = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?[ \t]*$")
CLOSING_HASHES = re.compile(r"(?:^|[ \t]+)#+$")
FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})(.*)$")
QUESTION_ID = re.compile(r"[ \t]*\{#([^{}]*)\}[ \t]*$")
VALID_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]*$")
TAGS_LINE = re.compile(r"^Tags:(.*)$")


@dataclass
class _Topic:
    title: str
    level: int
    line: int
    questions: list[DeckQuestion] = field(default_factory=list)
    children: list[_Topic] = field(default_factory=list)

    def freeze(self) -> DeckTopic:
        return DeckTopic(
            self.title,
            tuple(self.questions),
            tuple(child.freeze() for child in self.children),
            line=self.line,
        )


@dataclass
class _Question:
    prompt: str
    key: str | None
    line: int
    topic: _Topic
    path: tuple[str, ...]
    body: list[str] = field(default_factory=list)


class _Parser:
    def __init__(self, source: str) -> None:
        self.source = source
        self.roots: list[_Topic] = []
        self.stack: list[_Topic] = []
        self.question: _Question | None = None
        self.keys: dict[str, int] = {}

    def error(self, line: int, message: str, hint: str) -> DeckFormatError:
        return DeckFormatError(message, hint, source=self.source, line=line)

    def parse(self, text: str) -> Deck:
        fence: tuple[str, int] | None = None
        for number, line in enumerate(_lines(text), start=1):
            fence = _next_fence_state(fence, line)
            heading = None if fence is not None or _opens_fence(line) else HEADING.match(line)
            if heading is None:
                self.text_line(number, line)
            else:
                self.finish_question()
                self.heading(number, len(heading.group(1)), _heading_text(heading.group(2)))
        self.finish_question()
        return Deck(tuple(topic.freeze() for topic in self.roots))

    def text_line(self, number: int, line: str) -> None:
        if self.question is not None:
            self.question.body.append(line)
        elif line.strip() and not self.stack:
            raise self.error(
                number,
                "text before the first heading",
                "A deck starts with a topic heading such as '# Python'.",
            )
        elif line.strip():
            raise self.error(
                number,
                "text that belongs to no question",
                "Put text under a question heading ('### Q: …'), or remove it.",
            )

    def heading(self, number: int, level: int, text: str) -> None:
        if not text:
            raise self.error(number, "a heading with no title", "Give the heading a title.")
        while self.stack and self.stack[-1].level >= level:
            self.stack.pop()
        if text.startswith("Q:"):
            self.start_question(number, text)
            return
        topic = _Topic(text, level, number)
        (self.stack[-1].children if self.stack else self.roots).append(topic)
        self.stack.append(topic)

    def start_question(self, number: int, text: str) -> None:
        if not self.stack:
            raise self.error(
                number,
                "a question above any topic",
                "Put a topic heading (e.g. '# Python') above the first question.",
            )
        prompt, key = text[2:].strip(), None
        found = QUESTION_ID.search(prompt)
        if found:
            prompt, key = prompt[: found.start()].strip(), found.group(1)
            if not VALID_ID.match(key):
                raise self.error(
                    number,
                    f"the id {key!r} is not valid",
                    "Ids use letters, digits, '.', '_', ':' and '-', e.g. {#python.lists}.",
                )
        if not prompt:
            raise self.error(number, "a question with no prompt", "Write the question text.")
        path = tuple(topic.title for topic in self.stack)
        self.question = _Question(prompt, key, number, self.stack[-1], path)

    def finish_question(self) -> None:
        question, self.question = self.question, None
        if question is None:
            return
        tags, body = _split_tags(question.body)
        answer = "\n".join(body).strip("\n")
        if not answer.strip():
            raise self.error(
                question.line,
                f"the question {question.prompt!r} has no answer",
                "Write the answer below the question heading, before the next heading.",
            )
        key = question.key or self.derived_key(question.path, question.prompt)
        if key in self.keys:
            raise self.error(
                question.line,
                f"the id {key!r} is used twice (first on line {self.keys[key]})",
                "Every question needs its own id; change one of them.",
            )
        self.keys[key] = question.line
        question.topic.questions.append(
            DeckQuestion(key, question.prompt, answer, tags, line=question.line)
        )

    def derived_key(self, path: tuple[str, ...], prompt: str) -> str:
        base = derive_key(path, prompt)
        key, suffix = base, 2
        while key in self.keys:
            key, suffix = f"{base}-{suffix}", suffix + 1
        return key


def derive_key(path: tuple[str, ...], prompt: str) -> str:
    """A stable key for a question without an id: survives spacing and case edits."""
    return "auto:" + "/".join([*map(_topic_slug, path), _slug(prompt)])


NON_WORD = re.compile(r"[\W_]+")


def _slug(text: str) -> str:
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    folded = text.casefold()
    return NON_WORD.sub("-", folded).strip("-") or "-"


@lru_cache(maxsize=4096)
def _topic_slug(title: str) -> str:
    # Topic titles repeat for every question under them: slug each once.
    return _slug(title)


def _lines(text: str) -> list[str]:
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")


def _opens_fence(line: str) -> bool:
    match = FENCE.match(line)
    return match is not None and not (match.group(1)[0] == "`" and "`" in match.group(2))


def _next_fence_state(fence: tuple[str, int] | None, line: str) -> tuple[str, int] | None:
    """The open fence (character, length) after `line`, or None outside code."""
    match = FENCE.match(line)
    if fence is None:
        if match and _opens_fence(line):
            return match.group(1)[0], len(match.group(1))
        return None
    char, length = fence
    closes = (
        match is not None
        and match.group(1)[0] == char
        and len(match.group(1)) >= length
        and not match.group(2).strip()
    )
    return None if closes else fence


def _heading_text(raw: str | None) -> str:
    text = (raw or "").strip()
    return CLOSING_HASHES.sub("", text).strip() if text != "#" * len(text) else ""


def _split_tags(body: list[str]) -> tuple[tuple[str, ...], list[str]]:
    lines = list(body)
    while lines and not lines[0].strip():
        lines.pop(0)
    if not lines:
        return (), lines
    match = TAGS_LINE.match(lines[0])
    if match is None:
        return (), lines
    tags: list[str] = []
    for tag in match.group(1).split(","):
        if tag.strip() and tag.strip() not in tags:
            tags.append(tag.strip())
    return tuple(tags), lines[1:]


def parse_deck(text: str, *, source: str = "<deck>") -> Deck:
    """The whole deck, or DeckFormatError naming the source and line: never half a deck."""
    return _Parser(source).parse(text)


def read_deck_file(path: Path) -> Deck:
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise DeckFormatError(
            "the file is not UTF-8 text",
            "Save the deck as UTF-8 (any editor can), then try again.",
            source=str(path),
            line=line,
        ) from exc
    return parse_deck(text, source=str(path))


def read_deck_dir(folder: Path) -> Deck:
    """Every *.md file of the folder in name order; topics of the same title merge, and ids
    must be unique across files."""
    merged: dict[str, DeckTopic] = {}
    seen: dict[str, str] = {}
    for path in sorted(folder.glob("*.md")):
        deck = read_deck_file(path)
        for key, question in ((q.key, q) for _p, q in deck.questions()):
            if key in seen:
                raise DeckFormatError(
                    f"the id {key!r} is also used in {seen[key]}",
                    "Ids must be unique across the deck's files.",
                    source=str(path),
                    line=question.line,
                )
            seen[key] = f"{path.name}:{question.line}"
        for topic in deck.topics:
            merged[topic.title] = (
                _merge(merged[topic.title], topic) if topic.title in merged else topic
            )
    return Deck(tuple(merged.values()))


def _merge(first: DeckTopic, second: DeckTopic) -> DeckTopic:
    children = {child.title: child for child in first.children}
    for child in second.children:
        children[child.title] = (
            _merge(children[child.title], child) if child.title in children else child
        )
    return DeckTopic(
        first.title, first.questions + second.questions, tuple(children.values()), line=first.line
    )


def write_deck(deck: Deck) -> str:
    """Markdown that `parse_deck` reads back as the same deck."""
    out: list[str] = []
    for topic in deck.topics:
        _write_topic(out, topic, 1)
    return "\n".join(out).rstrip("\n") + "\n"


def _write_topic(out: list[str], topic: DeckTopic, level: int) -> None:
    if level >= MAX_DEPTH:
        raise DeckFormatError(
            f"the topic {topic.title!r} is nested deeper than Markdown headings go",
            f"Keep topics within {MAX_DEPTH - 1} levels.",
        )
    if topic.title.startswith("Q:"):
        raise DeckFormatError(
            f"the topic title {topic.title!r} would read as a question",
            "Rename the topic so that it does not start with 'Q:'.",
        )
    out.extend([f"{'#' * level} {_heading_safe(topic.title)}", ""])
    for question in topic.questions:
        _write_question(out, question, level + 1)
    for child in topic.children:
        _write_topic(out, child, level + 1)


def _write_question(out: list[str], question: DeckQuestion, level: int) -> None:
    out.append(f"{'#' * level} Q: {question.prompt_md} {{#{question.key}}}")
    answer = question.answer_md.split("\n")
    if question.tags:
        out.append("Tags: " + ", ".join(question.tags))
    elif answer and TAGS_LINE.match(answer[0]):
        out.append("Tags:")
    out.extend(_escape_headings(answer))
    out.append("")


def _heading_safe(text: str) -> str:
    # A title ending in " #" would lose it as a closing sequence: add one to be stripped.
    return f"{text} #" if CLOSING_HASHES.search(text) else text


def _escape_headings(lines: list[str]) -> list[str]:
    """Answer lines, with heading-like lines escaped and an unclosed code fence closed (it
    would swallow every heading after it)."""
    escaped: list[str] = []
    fence: tuple[str, int] | None = None
    for line in lines:
        inside = fence is not None
        fence = _next_fence_state(fence, line)
        if not inside and not _opens_fence(line) and HEADING.match(line):
            stripped = line.lstrip(" ")
            escaped.append(line[: len(line) - len(stripped)] + "\\" + stripped)
        else:
            escaped.append(line)
    if fence is not None:
        escaped.append(fence[0] * fence[1])
    return escaped
