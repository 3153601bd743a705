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
  re-importing after a whitespace-only edit still matches. The writer percent-encodes any
  character of a key that an id may not hold (`auto:git/rebase` keys and Anki GUIDs), and
  the parser decodes it, so every key survives a write and a read.
- Markup in the writer's output is escaped so that any deck reads back as itself: an answer
  line that would read as a heading or open a fence that never closes gets a backslash
  (one more backslash if it already starts with backslashes), which the parser takes off
  again; a line break in a prompt or title is written `&#10;` (and a literal `&#` as
  `&#38;#`); a title starting with `Q:` is written `\\Q:`.
- A first answer line `Tags: a, b` sets tags. The writer writes an empty `Tags:` line when an
  untagged answer itself starts with "Tags:", so that line stays answer text.
- A question without an answer is kept, with a warning; topics go at most five levels deep.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote, unquote

from studyapp.content.model import Deck, DeckQuestion, DeckTopic, ParseWarning
from studyapp.errors import DeckFormatError

MAX_DEPTH = 6
# Topics go at most this deep, so that their questions still fit a heading level (≤ 6).
MAX_TOPIC_DEPTH = MAX_DEPTH - 1
# No lazy or nested quantifiers over whitespace: a line of 100,000 tabs must stay linear.
HEADING = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*))?$")
FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})(.*)$")
QUESTION_ID = re.compile(r"\{#([^{}]*)\}$")
VALID_ID = re.compile(r"^[A-Za-z0-9%][A-Za-z0-9._:/%~-]*$")
TAGS_LINE = re.compile(r"^Tags:(.*)$")
ESCAPED_LINE = re.compile(r"^( {0,3})\\(.*)$", re.DOTALL)
ALL_ESCAPES = re.compile(r"^( {0,3})\\*(.*)$", re.DOTALL)
ENTITY = re.compile(r"&#(10|38);")
QUESTION_TITLE = re.compile(r"^\\*Q:")


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
        self.warnings: list[ParseWarning] = []

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
        return Deck(tuple(topic.freeze() for topic in self.roots), tuple(self.warnings))

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
        if len(self.stack) >= MAX_TOPIC_DEPTH:
            raise self.error(
                number,
                f"the topic {text!r} is nested deeper than {MAX_TOPIC_DEPTH} levels",
                f"Keep topics within {MAX_TOPIC_DEPTH} levels (use fewer heading levels).",
            )
        if QUESTION_TITLE.match(text):
            text = text[1:]
        topic = _Topic(_decode_breaks(text), level, number)
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
        found = QUESTION_ID.search(prompt.rstrip(" \t"))
        if found:
            prompt, key = prompt[: found.start()].strip(), found.group(1)
            if not VALID_ID.match(key):
                raise self.error(
                    number,
                    f"the id {key!r} is not valid",
                    "Ids use letters, digits, '.', '_', ':', '/', '~' and '-', e.g. "
                    "{#python.lists}; other characters are written as %XX (UTF-8).",
                )
            key = unquote(key)
        if not prompt:
            raise self.error(number, "a question with no prompt", "Write the question text.")
        path = tuple(topic.title for topic in self.stack)
        self.question = _Question(_decode_breaks(prompt), key, number, self.stack[-1], path)

    def finish_question(self) -> None:
        question, self.question = self.question, None
        if question is None:
            return
        tags, body = _split_tags(question.body)
        answer = "\n".join(_unescape_answer(body)).rstrip()
        if not answer.strip():
            self.warnings.append(
                ParseWarning(question.line, f"the question {question.prompt!r} has no answer")
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
    return _key_prefix(path) + _slug(prompt)


NON_WORD = re.compile(r"[\W_]+")


# ASCII punctuation, spaces and "_" (what NON_WORD matches in ASCII) become spaces. A
# bytes table: bytes.translate is a plain table lookup, str.translate a dict lookup a char.
ASCII_NON_WORD = bytes(c if chr(c).isalnum() else ord(" ") for c in range(128)) + bytes(
    range(128, 256)
)


def _slug(text: str) -> str:
    if text.isascii():
        # ASCII is its own NFKC form, its case folding is lower(), and translate + split
        # folds runs of non-word characters as NON_WORD.sub does, several times faster.
        words = text.encode("ascii").translate(ASCII_NON_WORD).lower().split()
        return b"-".join(words).decode("ascii") or "-"
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    folded = text.casefold()
    return NON_WORD.sub("-", folded).strip("-") or "-"


@lru_cache(maxsize=4096)
def _key_prefix(path: tuple[str, ...]) -> str:
    # Topic paths repeat for every question under them: slug each once.
    return "auto:" + "".join(_slug(title) + "/" for title in path)


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
    if text == "#" * len(text):
        return ""
    return _without_closing_hashes(text).strip()


def _without_closing_hashes(text: str) -> str:
    """A heading's text without its optional closing `#`s (CommonMark: after a space)."""
    return text.rstrip("#").rstrip() if has_closing_hashes(text) else text


def has_closing_hashes(text: str) -> bool:
    body = text.rstrip("#")
    return body != text and (not body or body[-1] in " \t")


def _decode_breaks(text: str) -> str:
    return ENTITY.sub(lambda m: "\n" if m.group(1) == "10" else "&", text)


def _encode_breaks(text: str) -> str:
    return text.replace("&#", "&#38;#").replace("\n", "&#10;")


def _is_markup(line: str) -> bool:
    """A line that outside code would be deck markup (a heading or a fence), or such a
    line already escaped with backslashes."""
    match = ALL_ESCAPES.match(line)
    bare = match.group(1) + match.group(2) if match else line
    return bool(HEADING.match(bare) or FENCE.match(bare))


def _unescape_answer(lines: list[str]) -> list[str]:
    out: list[str] = []
    fence: tuple[str, int] | None = None
    for line in lines:
        inside = fence is not None
        fence = _next_fence_state(fence, line)
        escaped = None if inside else ESCAPED_LINE.match(line)
        bare = escaped.group(1) + escaped.group(2) if escaped else line
        out.append(bare if escaped and _is_markup(bare) else line)
    return out


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
    title = _encode_breaks(topic.title)
    title = "\\" + title if QUESTION_TITLE.match(title) else title
    out.extend([f"{'#' * level} {_heading_safe(title)}", ""])
    for question in topic.questions:
        _write_question(out, question, level + 1)
    for child in topic.children:
        _write_topic(out, child, level + 1)


def _write_question(out: list[str], question: DeckQuestion, level: int) -> None:
    prompt = _encode_breaks(question.prompt_md)
    out.append(f"{'#' * level} Q: {prompt} {{#{_encode_key(question.key)}}}")
    answer = question.answer_md.split("\n")
    if question.tags:
        out.append("Tags: " + ", ".join(question.tags))
    elif answer and TAGS_LINE.match(answer[0]):
        out.append("Tags:")
    out.extend(_escape_headings(answer))
    out.append("")


def _heading_safe(text: str) -> str:
    # A title ending in " #" would lose it as a closing sequence: add one to be stripped.
    return f"{text} #" if has_closing_hashes(text) else text


def _encode_key(key: str) -> str:
    encoded = quote(key, safe="._:/~-")
    # An id starts with a letter, a digit or an escape.
    if encoded[:1].isalnum() or encoded.startswith("%"):
        return encoded
    return f"%{ord(encoded[0]):02X}{encoded[1:]}"


def _escape_headings(lines: list[str]) -> list[str]:
    """Answer lines with every line that would read as markup escaped (`_is_markup`), except
    the fences of code blocks that close within the answer."""
    closers = _fence_closers(lines)
    escaped: list[str] = []
    fence: tuple[str, int] | None = None
    for index, line in enumerate(lines):
        if fence is not None:
            fence = _next_fence_state(fence, line)
        elif _opens_fence(line) and _closed_after(closers, index, line):
            fence = _next_fence_state(None, line)
        elif _is_markup(line):
            stripped = line.lstrip(" ")
            escaped.append(line[: len(line) - len(stripped)] + "\\" + stripped)
            continue
        escaped.append(line)
    return escaped


def _fence_closers(lines: list[str]) -> dict[str, list[int]]:
    """For each fence character, the longest closing fence at or after each line."""
    longest = {"`": [0] * (len(lines) + 1), "~": [0] * (len(lines) + 1)}
    for index in range(len(lines) - 1, -1, -1):
        match = FENCE.match(lines[index])
        for char, after in longest.items():
            after[index] = after[index + 1]
            if match and match.group(1)[0] == char and not match.group(2).strip():
                after[index] = max(after[index], len(match.group(1)))
    return longest


def _closed_after(closers: dict[str, list[int]], index: int, line: str) -> bool:
    match = FENCE.match(line)
    assert match is not None
    return closers[match.group(1)[0]][index + 1] >= len(match.group(1))
