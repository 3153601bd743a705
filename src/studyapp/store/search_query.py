"""The search language, parsed into a tree; pure Python, no SQL.

In the spirit of Anki's: words (all must match), `"a phrase"`, `-word` (must not match),
`a OR b`, parentheses, `prefix*`, `` `code` `` (a substring, for code), and filters:
`topic:NAME` (with its subtopics; `A::B` for a path, `*` a wildcard), `tag:NAME`,
`is:due|new|bookmarked|suspended|edited|flagged|deleted|retired`, `prop:r<0.8` (FSRS recall;
also `s` stability in days and `d` difficulty), `rated:N` or `rated:N:GRADE` (reviewed in the
last N days), `added:N`. A value with spaces is quoted: `topic:"Core data types"`.

Text that is not syntax is searched for as typed: `O(n)`, `C++`, `std::vector` and `a-b` are
words, and `key:value` with an unknown key is a word too.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from studyapp.errors import StudyAppError


class BadQuery(StudyAppError):
    title = "Cannot search for that"


@dataclass(frozen=True, slots=True)
class Words:
    """Words for the word index: one word (maybe a prefix) or a quoted phrase."""

    text: str
    phrase: bool = False
    prefix: bool = False


@dataclass(frozen=True, slots=True)
class Code:
    """A substring, case-insensitive, found whatever characters surround it."""

    text: str


@dataclass(frozen=True, slots=True)
class Filter:
    """`key:value`, checked: `is` names a known state, `prop` is (field, op, number) and
    `rated` / `added` count days."""

    key: str
    value: str


@dataclass(frozen=True, slots=True)
class Prop:
    field: str  # r (recall 0–1), s (stability, days), d (difficulty)
    op: str  # < <= > >= = !=
    number: float


@dataclass(frozen=True, slots=True)
class Rated:
    days: int
    grade: int | None = None


@dataclass(frozen=True, slots=True)
class Not:
    item: Node


@dataclass(frozen=True, slots=True)
class And:
    items: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Or:
    items: tuple[Node, ...]


Node = Words | Code | Filter | Prop | Rated | Not | And | Or

IS_VALUES = frozenset(
    {"due", "new", "bookmarked", "suspended", "edited", "flagged", "deleted", "retired"}
)
PROP_FIELDS = frozenset({"r", "s", "d"})
FILTER_KEYS = frozenset({"topic", "tag", "is", "prop", "rated", "added"})
_PROP = re.compile(r"^([a-z]+)(<=|>=|!=|<|>|=)(-?\d+(?:\.\d+)?|-?\.\d+)$")
_HINT = (
    'Search words, "a phrase", -word, a OR b, prefix*, `code`, topic:, tag:, is:due, '
    "prop:r<0.8, rated:7, added:7."
)

# Token kinds.
_LPAREN, _RPAREN, _OR, _AND, _NOT, _LEAF = "(", ")", "OR", "AND", "-", "leaf"


@dataclass(frozen=True, slots=True)
class _Token:
    kind: str
    leaf: Node | None = None


def parse_query(query: str) -> And | Or | Node:
    """The tree of `query`; an empty query is `And(())`, which matches everything.
    Raises BadQuery, with a message that says what is wrong, on malformed input."""
    tokens = list(_tokens(query.replace("\x00", " ")))  # FTS5 ends a string at NUL
    parser = _Parser(tokens)
    tree = parser.or_expr()
    if parser.position < len(tokens):
        raise BadQuery("There is a ')' without a matching '('.", _HINT)
    return tree


def _tokens(query: str) -> Iterator[_Token]:
    position, depth = 0, 0
    while position < len(query):
        char = query[position]
        if char.isspace():
            position += 1
        elif char == "(":
            depth += 1
            position += 1
            yield _Token(_LPAREN)
        elif char == ")" and depth > 0:
            depth -= 1
            position += 1
            yield _Token(_RPAREN)
        elif char == "-" and position + 1 < len(query) and not query[position + 1].isspace():
            position += 1
            yield _Token(_NOT)
        else:
            position, token = _read_leaf(query, position, depth > 0)
            yield token


def _read_leaf(query: str, start: int, in_group: bool) -> tuple[int, _Token]:
    char = query[start]
    if char in '"`':
        end, text = _read_quoted(query, start)
        leaf: Node = Words(text, phrase=True) if char == '"' else Code(text)
        return end, _Token(_LEAF, leaf)
    end = _word_end(query, start, in_group)
    word = query[start:end]
    key, colon, value = word.partition(":")
    if colon and key.lower() in FILTER_KEYS:
        if not value and end < len(query) and query[end] == '"':
            end, value = _read_quoted(query, end)
        return end, _Token(_LEAF, _filter(key.lower(), value))
    if word in ("OR", "or", "AND", "and"):
        return end, _Token(word.upper())
    if word.rstrip("*") and word.endswith("*"):
        return end, _Token(_LEAF, Words(word.rstrip("*"), prefix=True))
    return end, _Token(_LEAF, Words(word))


def _word_end(query: str, start: int, in_group: bool) -> int:
    """A word runs to the next space, quote or backtick; inside a group, an unbalanced ')'
    closes the group, while one balanced within the word (`O(n)`) stays part of it."""
    position, depth = start, 0
    while position < len(query):
        char = query[position]
        if char.isspace() or char in '"`':
            break
        if char == "(":
            depth += 1
        elif char == ")":
            if depth == 0 and in_group:
                break
            depth = max(depth - 1, 0)
        position += 1
    return max(position, start + 1)


def _read_quoted(query: str, start: int) -> tuple[int, str]:
    quote = query[start]
    end = query.find(quote, start + 1)
    if end < 0:
        what = "quote" if quote == '"' else "backtick"
        raise BadQuery(f"The {what} ({quote}) at character {start + 1} is never closed.", _HINT)
    return end + 1, query[start + 1 : end]


def _filter(key: str, value: str) -> Node:
    value = value.strip()
    if not value:
        raise BadQuery(f"'{key}:' needs a value, as in {key}:{_EXAMPLES[key]}.", _HINT)
    if key == "is":
        if value.lower() not in IS_VALUES:
            known = ", ".join(sorted(IS_VALUES))
            raise BadQuery(f"'is:{value}' is not a state StudyApp knows.", f"Use one of: {known}.")
        return Filter("is", value.lower())
    if key == "prop":
        return _prop(value)
    if key in ("rated", "added"):
        return _days(key, value)
    return Filter(key, value)


_EXAMPLES = {
    "topic": "Python",
    "tag": "sql",
    "is": "due",
    "prop": "r<0.8",
    "rated": "7",
    "added": "7",
}


def _prop(value: str) -> Prop:
    match = _PROP.match(value.replace(" ", "").lower())
    if match is None or match.group(1) not in PROP_FIELDS:
        raise BadQuery(
            f"'prop:{value}' is not a comparison StudyApp understands.",
            "Use prop:r<0.8 (recall, 0–1), prop:s>30 (stability in days) or prop:d>7 (difficulty).",
        )
    return Prop(match.group(1), match.group(2), float(match.group(3)))


def _days(key: str, value: str) -> Node:
    days, _colon, grade = value.partition(":")
    if not days.isdigit() or int(days) < 1 or (key == "added" and grade):
        raise BadQuery(f"'{key}:{value}' needs a number of days, as in {key}:7.", _HINT)
    if key == "added":
        return Filter("added", str(int(days)))
    if grade and grade not in ("1", "2", "3", "4"):
        raise BadQuery(f"'rated:{value}': a grade is 1 to 4, as in rated:7:1.", _HINT)
    return Rated(int(days), int(grade) if grade else None)


class _Parser:
    """or := and (OR and)* ; and := unary (AND? unary)* ; unary := -unary | atom ;
    atom := ( or ) | leaf"""

    def __init__(self, tokens: list[_Token]) -> None:
        self.tokens = tokens
        self.position = 0

    def _peek(self) -> str | None:
        return self.tokens[self.position].kind if self.position < len(self.tokens) else None

    def or_expr(self) -> Node:
        items = [self._and_expr()]
        while self._peek() == _OR:
            self.position += 1
            items.append(self._and_expr())
        if len(items) > 1 and any(isinstance(item, And) and not item.items for item in items):
            raise BadQuery("OR needs a search term on each side, as in 'list OR tuple'.", _HINT)
        return items[0] if len(items) == 1 else Or(tuple(items))

    def _and_expr(self) -> Node:
        items: list[Node] = []
        while self._peek() not in (None, _OR, _RPAREN):
            if self._peek() == _AND:
                self.position += 1
                continue
            items.append(self._unary())
        if not items and self._peek() == _OR:
            raise BadQuery("OR needs a search term on each side, as in 'list OR tuple'.", _HINT)
        return items[0] if len(items) == 1 else And(tuple(items))

    def _unary(self) -> Node:
        if self._peek() == _NOT:
            self.position += 1
            if self._peek() in (None, _OR, _RPAREN, _AND):
                raise BadQuery("'-' must come right before what to leave out: -word.", _HINT)
            return Not(self._unary())
        token = self.tokens[self.position]
        self.position += 1
        if token.kind == _LPAREN:
            inner = self.or_expr()
            if self._peek() != _RPAREN:
                raise BadQuery("A '(' is never closed with ')'.", _HINT)
            self.position += 1
            return inner
        assert token.leaf is not None
        return token.leaf
