"""Markdown that is not in the deck format: headings are topics; under a heading, each
top-level list item is a question (its nested lines the answer), a heading that asks a
question ("…?") takes its section as the answer, and `Q:`/`A:` paragraphs pair up.

Whatever else a section holds is gathered into one overview question named after the
section, so that no line is lost.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from studyapp.content.deck_format import HEADING, MAX_TOPIC_DEPTH, derive_key
from studyapp.content.model import Deck, DeckQuestion, DeckTopic, ParseWarning
from studyapp.content.qa_marks import marked

LIST_ITEM = re.compile(r"^([-*+]|\d+[.)])\s+(.*)$")
FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")


@dataclass
class _Section:
    title: str
    level: int
    line: int
    body: list[tuple[int, str]] = field(default_factory=list)
    children: list[_Section] = field(default_factory=list)


def _sections(text: str, default_title: str) -> list[_Section]:
    root = _Section(default_title, 0, 1)
    stack = [root]
    fence = False
    for number, line in enumerate(text.split("\n"), start=1):
        if FENCE.match(line):
            fence = not fence
        heading = None if fence else HEADING.match(line)
        if heading and (heading.group(2) or "").strip():
            level = len(heading.group(1))
            while stack[-1].level >= level:
                stack.pop()
            section = _Section(heading.group(2).strip().rstrip("#").strip(), level, number)
            stack[-1].children.append(section)
            stack.append(section)
        else:
            stack[-1].body.append((number, line))
    return [root] if any(line.strip() for _n, line in root.body) else root.children


def _questions(section: _Section, path: tuple[str, ...]) -> list[DeckQuestion]:
    found: list[DeckQuestion] = []
    loose: list[str] = []
    body = section.body
    index = 0
    while index < len(body):
        number, line = body[index]
        item = LIST_ITEM.match(line)
        qa = marked(line.strip())
        if item and not line.startswith((" ", "\t")):
            end = _item_end(body, index)
            answer = "\n".join(_dedent([text for _n, text in body[index + 1 : end]]))
            if answer.strip():
                found.append(
                    DeckQuestion(
                        derive_key(path, item.group(2)),
                        item.group(2).strip(),
                        answer.strip(),
                        (),
                        line=number,
                    )
                )
            else:
                loose.append(line)
            index = end
            continue
        if qa and qa[0] == "Q":
            end, answer = _qa_answer(body, index + 1)
            if answer:
                found.append(
                    DeckQuestion(derive_key(path, qa[1]), qa[1].strip(), answer, (), line=number)
                )
                index = end
                continue
        loose.append(line)
        index += 1
    prose = "\n".join(loose).strip()
    if prose:
        asks = section.title.rstrip().endswith("?")
        prompt = section.title
        key = derive_key(path, prompt if asks else f"{prompt} (overview)")
        found.insert(0, DeckQuestion(key, prompt, prose, (), line=section.line))
    return found


def _item_end(body: list[tuple[int, str]], start: int) -> int:
    index = start + 1
    while index < len(body):
        line = body[index][1]
        if line.strip() and not line.startswith((" ", "\t")):
            break
        index += 1
    return index


def _qa_answer(body: list[tuple[int, str]], start: int) -> tuple[int, str]:
    lines: list[str] = []
    index = start
    while index < len(body):
        line = body[index][1]
        qa = marked(line.strip())
        if qa and qa[0] == "Q":
            break
        lines.append(qa[1] if qa else line)
        index += 1
    return index, "\n".join(lines).strip()


def _dedent(lines: list[str]) -> list[str]:
    widths = [len(line) - len(line.lstrip()) for line in lines if line.strip()]
    cut = min(widths, default=0)
    return [line[cut:] for line in lines]


DEEP_SECTIONS = (
    f"headings nested deeper than {MAX_TOPIC_DEPTH} topic levels are kept in the topic above"
)


def _flatten(section: _Section) -> list[_Section]:
    """The section and every section below it, in file order (without recursion)."""
    found: list[_Section] = []
    stack = [section]
    while stack:
        current = stack.pop()
        found.append(current)
        stack.extend(reversed(current.children))
    return found


def parse_markdown_generic(text: str, *, source: str) -> Deck:
    default_title = source.rsplit("/", 1)[-1].rsplit(".", 1)[0] or "Notes"
    warnings: list[ParseWarning] = []
    keys: set[str] = set()

    def convert(section: _Section, path: tuple[str, ...]) -> DeckTopic:
        here = (*path, section.title)
        questions = []
        sections, children = [section], section.children
        if len(here) >= MAX_TOPIC_DEPTH and children:
            # Deeper headings fold into this topic, so that every topic fits a deck heading.
            warnings.append(ParseWarning(children[0].line, DEEP_SECTIONS))
            sections, children = _flatten(section), []
        for question in (q for part in sections for q in _questions(part, here)):
            key, suffix = question.key, 2
            while key in keys:
                key, suffix = f"{question.key}-{suffix}", suffix + 1
            if key != question.key:
                warnings.append(ParseWarning(question.line, "this question appears twice"))
            keys.add(key)
            questions.append(
                DeckQuestion(
                    key, question.prompt_md, question.answer_md, question.tags, line=question.line
                )
            )
        kids = tuple(convert(child, here) for child in children)
        return DeckTopic(section.title, tuple(questions), kids, line=section.line)

    topics = tuple(convert(section, ()) for section in _sections(text, default_title))
    return Deck(topics, tuple(warnings))
