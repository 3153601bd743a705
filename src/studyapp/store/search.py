"""Full-text search over prompts and answers, with the filters of the search language.

The query tree (store/search_query.py) becomes SQL: one statement ranks, a second makes
the snippets of the shown rows only (in one pass of the index). User text only ever
reaches SQLite as a bound parameter, and reaches FTS5 only inside a quoted string (quotes
doubled), so no input can be FTS5 or SQL syntax. The words of the query drive the search
through the word index and are ranked by bm25 with the prompt weighted above the answer;
a query of code alone drives through the trigram index; a query of filters alone reads the
questions in deck order, or the few of a short state list (due, rated, bookmarked, ...).
Beside such a list, the index's rows are joined with the list's ids (_matches).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from studyapp.store import fts
from studyapp.store.queries import MILLIS_PER_DAY, driver_rows
from studyapp.store.records import SearchHit, SnippetPart
from studyapp.store.schema import to_millis
from studyapp.store.search_query import (
    And,
    Code,
    Filter,
    Node,
    Not,
    Or,
    Prop,
    Rated,
    Words,
    parse_query,
)

WORDS, TRIGRAMS = "question_fts", "question_fts_trigram"
PROMPT_WEIGHT, ANSWER_WEIGHT = 4.0, 1.0  # bm25: a hit in the prompt counts four times
SNIPPET_TOKENS = 14
RANK_POOL = 1000
# A search of filters alone reads the questions of a state filter's list (due, rated,
# bookmarked, ...) instead of the deck when the list is at most this long: reading the
# deck finds a page quickly only when many questions match.
DRIVING_SET_LIMIT = 2000
_OPEN, _CLOSE = "\x02", "\x03"  # highlight marks inside snippet(); split out below
_TRIGRAM = 3  # the trigram index finds substrings of at least three characters


@dataclass(frozen=True, slots=True)
class RecallCurve:
    """The FSRS forgetting curve R = (1 + factor·t/S)^decay (t, S in days), for `prop:r`;
    study.scheduler.decay_constants() gives the two numbers."""

    decay: float
    factor: float


@dataclass(slots=True)
class _Cond:
    """What a part of the query asks: a word-index expression, a trigram-index expression,
    word-index expressions that must not match, and plain SQL over `q`, all of which must
    hold (None or empty: no condition of that kind)."""

    words: str | None = None
    code: str | None = None
    sql: list[str] = field(default_factory=list)
    not_words: list[str] = field(default_factory=list)

    @property
    def only_words(self) -> bool:
        return self.words is not None and self.code is None and not self.sql and not self.not_words


class _Compiler:
    def __init__(self, session: Session, now: datetime, recall: RecallCurve) -> None:
        self.session = session
        now_ms = to_millis(now)
        self.params: dict[str, Any] = {
            "now": now_ms,
            "day": MILLIS_PER_DAY,
            "decay": recall.decay,
            "factor": recall.factor,
        }
        self._topics: list[tuple[int, int | None, str]] | None = None
        self._topic_matches: dict[str, set[int]] = {}  # a query is compiled twice (_plan)
        # When an index drives, the conditions on the id alone name the index's rowid
        # (`+`: checked row by row, not handed to FTS5): they are checked before the
        # question row is read, and a state (due, rated, ...) is a list made once instead
        # of a lookup per row; beside a state list joined with the index's rows, they
        # name the list's id, and are checked only on the rows found in the list. Reading
        # questions in deck order, they stay lookups per row, which stop at the first page.
        self.row_id = "q.id"
        # The state filter whose list is joined with the index's rows (see _matches): its
        # condition is then only what the list does not already say (beside_list).
        self.listed: Node | None = None
        self.has_prefix = False  # a prefix query costs milliseconds to start in FTS5
        self.substrings: dict[str, str] = {}  # trigram expression -> the text it finds

    def bind(self, value: object) -> str:
        name = f"p{len(self.params)}"
        self.params[name] = value
        return f":{name}"

    def compile(self, node: Node) -> _Cond:
        if isinstance(node, Words):
            return self._words(node)
        if isinstance(node, Code):
            return self._substring(node.text)
        if isinstance(node, And):
            return self._and([self.compile(item) for item in node.items])
        if isinstance(node, Or):
            return self._or([self.compile(item) for item in node.items])
        if isinstance(node, Not):
            item = self.compile(node.item)
            if item.only_words and item.words is not None:
                return _Cond(not_words=[item.words])
            return _Cond(sql=[f"NOT ({self.as_sql(item)})"])
        if node is self.listed:
            return _Cond(sql=[self.beside_list(node)])
        return _Cond(sql=[self._filter(node)])

    def as_sql(self, cond: _Cond) -> str:
        parts = list(cond.sql)
        for absent in cond.not_words:
            match = f"SELECT rowid FROM {WORDS} WHERE {WORDS} MATCH {self.bind(absent)}"
            parts.insert(0, f"NOT (q.id IN ({match}))")
        for table, expression in ((WORDS, cond.words), (TRIGRAMS, cond.code)):
            if expression is not None:
                match = f"SELECT rowid FROM {table} WHERE {table} MATCH {self.bind(expression)}"
                parts.insert(0, f"{self.row_id} IN ({match})")
        return " AND ".join(f"({part})" for part in parts) or "1"

    def _words(self, node: Words) -> _Cond:
        core = node.text if node.phrase else node.text.strip("?!.,;:'")
        if not core:
            core = node.text
        cond = _Cond()
        if any(_is_token_char(char) for char in core):
            cond.words = _fts_string(core) + (" *" if node.prefix else "")
            self.has_prefix = self.has_prefix or node.prefix
        if not node.phrase and not all(_is_token_char(char) for char in core):
            # `C++`, `O(n)`, `std::vector`: the word index sees only "c", "o n", "std vector";
            # the characters between them must match too. Checked row by row on what the
            # words found: cheaper than the trigram index's long lists for common trigrams.
            substring = self._substring(core) if cond.words is None else self._like(core)
            cond = self._and([cond, substring])
        return cond

    def _substring(self, needle: str) -> _Cond:
        if len(needle) >= _TRIGRAM:
            self.substrings[_fts_string(needle)] = needle
            return _Cond(code=_fts_string(needle))
        return self._like(needle)

    def _like(self, needle: str) -> _Cond:
        if not needle:
            return _Cond()
        pattern = self.bind(f"%{_like_escape(needle)}%")
        return _Cond(
            sql=[
                f"q.prompt_md LIKE {pattern} ESCAPE '\\' OR q.answer_md LIKE {pattern} ESCAPE '\\'"
            ]
        )

    def _and(self, conds: list[_Cond]) -> _Cond:
        words = [c.words for c in conds if c.words is not None]
        code = [c.code for c in conds if c.code is not None]
        not_words = [n for c in conds for n in c.not_words]
        joined = " AND ".join(f"({w})" for w in words) if words else None
        if joined is not None and not_words:
            # `-word` inside the word index's own expression: FTS5 skips its rows while it
            # walks the others', instead of a list of every row that has the word. bm25
            # is unchanged: a phrase absent from a row adds exactly 0 to its score.
            joined = f"({joined}) NOT ({' OR '.join(f'({n})' for n in not_words)})"
            not_words = []
        return _Cond(
            words=joined,
            # One substring stays bare, so that _plan still knows its text (substrings).
            code=(code[0] if len(code) == 1 else " AND ".join(f"({c})" for c in code))
            if code
            else None,
            sql=[part for c in conds for part in c.sql],
            not_words=not_words,
        )

    def _or(self, conds: list[_Cond]) -> _Cond:
        if all(c.only_words for c in conds):
            return _Cond(words=" OR ".join(f"({c.words})" for c in conds))
        if all(
            c.code is not None and c.words is None and not c.sql and not c.not_words for c in conds
        ):
            return _Cond(code=" OR ".join(f"({c.code})" for c in conds))
        return _Cond(sql=[" OR ".join(f"({self.as_sql(c)})" for c in conds)])

    def _filter(self, node: Filter | Prop | Rated) -> str:
        if isinstance(node, Prop):
            return self._prop(node)
        if isinstance(node, Rated):
            return self._in_list("r.question_id", "review_log AS r", self._rated_test(node))
        if node.key == "added":
            since = self.params["now"] - int(node.value) * MILLIS_PER_DAY
            return f"q.created_at >= {self.bind(since)}"
        if node.key == "is":
            return self._is(node.value)
        if node.key == "tag":
            pattern = _like_escape(node.value.lower()).replace("*", "%")
            return f"(',' || lower(q.tags) || ',') LIKE {self.bind(f'%,{pattern},%')} ESCAPE '\\'"
        ids = sorted(self._topic_ids(node.value))
        return f"q.topic_id IN ({', '.join(map(str, ids))})" if ids else "0"

    def _rated_test(self, node: Rated) -> str:
        grade = f" AND r.rating = {node.grade}" if node.grade else ""
        since = self.bind(self.params["now"] - node.days * MILLIS_PER_DAY)
        return (
            f"r.reviewed_at >= {since} AND r.kind = 'review'{grade} AND NOT EXISTS "
            "(SELECT 1 FROM review_log AS x WHERE x.reverts_id = r.id)"
        )

    def _prop(self, node: Prop) -> str:
        return self._in_list("c.question_id", "card_state AS c", self._prop_test(node))

    def _prop_test(self, node: Prop) -> str:
        value = _PROP_SQL[node.field]
        number = self.bind(node.number)
        test = (
            f"abs({value} - {number}) < 0.005"
            if node.op == "="
            else f"abs({value} - {number}) >= 0.005"
            if node.op == "!="
            else f"{value} {node.op} {number}"
        )
        return f"c.stability > 0 AND c.last_review IS NOT NULL AND {test}"

    def _is(self, state: str) -> str:
        if state == "due":  # as study sees it: a suspended question is never due
            due = self._in_list("c.question_id", "card_state AS c", "c.due <= :now")
            return f"q.suspended_at IS NULL AND {due}"
        if state == "new":
            return f"NOT ({self._in_list('c.question_id', 'card_state AS c')})"
        if state == "bookmarked":  # few: the bookmark table drives a search of filters
            return f"{self.row_id} IN (SELECT b.question_id FROM bookmark AS b)"
        if state == "flagged":  # few: their partial index drives a search of filters
            return (
                f"{self.row_id} IN (SELECT f.id FROM question AS f WHERE f.flagged_at IS NOT NULL)"
            )
        return f"q.{state}_at IS NOT NULL"

    def driving_set(self, node: Node) -> str | None:
        """A statement of the ids of the questions that `node` keeps, read through an
        index or a small table, when `node` is a state filter (None otherwise). It keeps
        at least those: the question's own condition is checked on each id as well."""
        if isinstance(node, Prop):
            return f"SELECT c.question_id AS id FROM card_state AS c WHERE {self._prop_test(node)}"
        if isinstance(node, Rated):
            rated = self._rated_test(node)
            return f"SELECT DISTINCT r.question_id AS id FROM review_log AS r WHERE {rated}"
        if not isinstance(node, Filter) or node.key != "is":
            return None
        if node.value == "due":
            return "SELECT c.question_id AS id FROM card_state AS c WHERE c.due <= :now"
        if node.value == "bookmarked":
            return "SELECT b.question_id AS id FROM bookmark AS b"
        if node.value == "flagged":
            return "SELECT f.id AS id FROM question AS f WHERE f.flagged_at IS NOT NULL"
        return None

    def beside_list(self, node: Node) -> str:
        """What the state filter `node` asks of a question beyond being among the ids of
        its driving_set (which says all of it but for `is:due`'s suspension: see _is)."""
        if isinstance(node, Filter) and node.key == "is" and node.value == "due":
            return "q.suspended_at IS NULL"
        return "1"

    def _in_list(self, column: str, table: str, condition: str = "") -> str:
        """The question's id among `column` of `table`'s rows that meet `condition`: a list
        when an index drives, a lookup per question in deck order (see row_id)."""
        if self.row_id == "q.id":
            also = f" AND {condition}" if condition else ""
            return f"EXISTS (SELECT 1 FROM {table} WHERE {column} = q.id{also})"
        where = f" WHERE {condition}" if condition else ""
        return f"{self.row_id} IN (SELECT {column} FROM {table}{where})"

    def _topic_ids(self, pattern: str) -> set[int]:
        """Topics whose path ends with `pattern` (`A::B`, `*` a wildcard, any case), and
        all their subtopics. Topics are few: matched here rather than in SQL."""
        if pattern not in self._topic_matches:
            self._topic_matches[pattern] = self._match_topics(pattern)
        return self._topic_matches[pattern]

    def _match_topics(self, pattern: str) -> set[int]:
        if self._topics is None:
            statement = text("SELECT id, parent_id, title FROM topic WHERE deleted_at IS NULL")
            self._topics = [
                (row[0], row[1], row[2]) for row in self.session.execute(statement).all()
            ]
        parents = {topic_id: parent for topic_id, parent, _title in self._topics}
        titles = {topic_id: title.lower() for topic_id, _parent, title in self._topics}
        wanted = [_glob(part.strip().lower()) for part in pattern.split("::")]
        matched = {t for t in titles if _path_ends_with(t, wanted, parents, titles)}
        return _with_subtopics(matched, parents)


def _path_ends_with(
    topic_id: int,
    wanted: list[re.Pattern[str]],
    parents: dict[int, int | None],
    titles: dict[int, str],
) -> bool:
    current: int | None = topic_id
    for part in reversed(wanted):
        if current is None or current not in titles or not part.fullmatch(titles[current]):
            return False
        current = parents.get(current)
    return True


def _with_subtopics(topic_ids: set[int], parents: dict[int, int | None]) -> set[int]:
    """`topic_ids` and every topic below them, walked down once (a damaged file's cycle
    is walked once too)."""
    children: dict[int, list[int]] = {}
    for topic_id, parent in parents.items():
        if parent is not None:
            children.setdefault(parent, []).append(topic_id)
    found = set(topic_ids)
    waiting = list(topic_ids)
    while waiting:
        for child in children.get(waiting.pop(), ()):
            if child not in found:
                found.add(child)
                waiting.append(child)
    return found


def _glob(pattern: str) -> re.Pattern[str]:
    return re.compile(".*".join(re.escape(piece) for piece in pattern.split("*")))


_RECALL_SQL = "pow(1 + :factor * max(:now - c.last_review, 0) / (:day * c.stability), :decay)"
_PROP_SQL = {"r": _RECALL_SQL, "s": "c.stability", "d": "c.difficulty"}


def _is_token_char(char: str) -> bool:
    # unicode61 with tokenchars '_': letters, digits and the underscore make words.
    return char.isalnum() or char == "_"


def _fts_string(value: str) -> str:
    """An FTS5 string literal: the only way user text enters a MATCH expression."""
    return '"' + value.replace('"', '""') + '"'


def _like_escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def search(
    session: Session, query: str, now: datetime, recall: RecallCurve, *, limit: int = 50
) -> list[SearchHit]:
    """The best `limit` matches of `query`, best first. Raises BadQuery on malformed input."""
    fts.catch_up(session.connection())  # a bulk import's rows, if the worker has not yet
    compiler = _Compiler(session, now, recall)
    plan = _plan(compiler, parse_query(query))
    if plan.match is None:
        statement = _in_deck_order(plan, "q.id, q.uid, q.topic_id, q.prompt_md, q.answer_md")
        rows = driver_rows(session, f"{statement} LIMIT {max(int(limit), 0)}", compiler.params)
        return _hits(session, [(row[0], row[1], row[2], row[3], row[4]) for row in rows])
    if plan.substring is not None:
        ranked = _by_substring(session, compiler, plan, plan.substring, limit)
    else:
        ranked = [row[0] for row in driver_rows(session, _ranking(plan, limit), compiler.params)]
    return _hits(session, _page(session, compiler, plan, ranked))


def _hits(session: Session, rows: list[tuple[int, str, int, str, str]]) -> list[SearchHit]:
    paths = topic_paths(session, {row[2] for row in rows})
    return [
        SearchHit(
            question_id=question_id,
            uid=uid,
            topic_id=topic_id,
            topic_path=paths.get(topic_id, ()),
            prompt_md=prompt_md,
            snippet=_snippet_parts(raw or ""),
        )
        for question_id, uid, topic_id, prompt_md, raw in rows
    ]


def search_ids(
    session: Session, query: str, now: datetime, recall: RecallCurve, *, in_study: bool = False
) -> list[int]:
    """Every question that matches `query`, best first. `in_study`: only those study may
    show (not suspended), for a search studied as a session."""
    fts.catch_up(session.connection())
    compiler = _Compiler(session, now, recall)
    tree = parse_query(query)
    if in_study:
        tree = And((tree, Not(Filter("is", "suspended"))))
    plan = _plan(compiler, tree)
    if plan.match is None:
        statement = _in_deck_order(plan, "q.id")
    else:
        statement = f"SELECT q.id {_matches(plan)} ORDER BY {_rank(plan)}, q.id"
    return [row[0] for row in driver_rows(session, statement, compiler.params)]


@dataclass(frozen=True, slots=True)
class _Plan:
    """A compiled query: the index that drives it, the bound parameter of its MATCH
    expression (None: no text, the questions are read in deck order), and the SQL
    condition over `q` for the rest."""

    driver: str
    match: str | None
    where: str
    # The ids of a state list: with no text, read instead of the deck; with text, joined
    # with the index's rows (_matches).
    driving_set: str | None = None
    # The shown rows are found one by one in the index rather than by a pass over the span
    # of their rowids: a short state list beside the words spreads them over the whole
    # index, and plain words cost tens of microseconds a row to look up.
    page_by_row: bool = False
    # The text of a query that is one substring of code, ranked without bm25 (_by_substring).
    substring: str | None = None


def _plan(compiler: _Compiler, tree: Node) -> _Plan:
    cond = compiler.compile(tree)
    if cond.words is None and cond.code is None:
        where = f"{_scope(tree)} AND {compiler.as_sql(cond)}"
        listed = _smallest_set(compiler, tree, any_size=False)
        return _Plan(TRIGRAMS, None, where, None if listed is None else listed[1])
    driver = WORDS if cond.words is not None else TRIGRAMS
    listed = _smallest_set(compiler, tree, any_size=True)
    if listed is None:
        compiler.row_id = f"+{driver}.rowid"
    else:
        compiler.listed, compiler.row_id = listed[0], "+listed.id"
    cond = compiler.compile(tree)
    expression = cond.words if cond.words is not None else cond.code
    if cond.words is not None:
        cond = _Cond(code=cond.code, sql=cond.sql, not_words=cond.not_words)
    else:
        cond = _Cond(sql=cond.sql, not_words=cond.not_words)
    where = f"{_scope(tree)} AND {compiler.as_sql(cond)}"
    by_row = listed is not None and driver == WORDS and not compiler.has_prefix
    substring = compiler.substrings.get(expression or "") if driver == TRIGRAMS else None
    if substring is not None and (not substring.isascii() or _overlaps_itself(substring.lower())):
        substring = None
    return _Plan(
        driver,
        compiler.bind(expression),
        where,
        None if listed is None else listed[1],
        page_by_row=by_row,
        substring=substring,
    )


def _required(tree: Node) -> list[Node]:
    """The parts of `tree` that every match must meet (the items of its ANDs)."""
    if isinstance(tree, And):
        return [part for item in tree.items for part in _required(item)]
    return [tree]


def _smallest_set(compiler: _Compiler, tree: Node, *, any_size: bool) -> tuple[Node, str] | None:
    """The state filter that the whole query requires with the shortest list, and the
    statement of that list: to read instead of the deck, if it is short enough; to join
    with an index's rows (`any_size`), whatever its length, since the list is made once
    either way. A count stopped at the limit measures each (through its index: a due or
    rated list costs its own length, not the deck's)."""
    lists = [(node, compiler.driving_set(node)) for node in _required(tree)]
    found = [(node, statement) for node, statement in lists if statement is not None]
    if any_size and len(found) == 1:
        return found[0]
    best: tuple[int, Node, str] | None = None
    for node, statement in found:
        counted = f"SELECT count(*) FROM ({statement} LIMIT {DRIVING_SET_LIMIT + 1})"
        size = compiler.session.scalar(text(counted), compiler.params) or 0
        if (any_size or size <= DRIVING_SET_LIMIT) and (best is None or size < best[0]):
            best = (size, node, statement)
    return None if best is None else (best[1], best[2])


def _in_deck_order(plan: _Plan, columns: str) -> str:
    order = "q.source_id, q.position, q.id"
    source = "question AS q"
    if plan.driving_set is not None:  # CROSS JOIN: the list drives, then one sort
        source = f"({plan.driving_set}) AS listed CROSS JOIN question AS q ON q.id = listed.id"
    return f"SELECT {columns} FROM {source} WHERE {plan.where} ORDER BY {order}"


def _matches(plan: _Plan) -> str:
    driver = plan.driver
    if plan.driving_set is None:
        source = f"{driver} JOIN question AS q ON q.id = {driver}.rowid"
    else:
        # The index's rows are walked and each is looked for among the list's: SQLite
        # indexes the list (DISTINCT makes it a table of its own, each id once) and puts a
        # Bloom filter before that index, tens of nanoseconds a row where a check of `IN
        # (list)` costs a hundred. Looking the listed ids up in the index instead costs
        # tens of microseconds each, and bm25 would count every match again for each.
        source = (
            f"{driver} CROSS JOIN (SELECT DISTINCT id FROM ({plan.driving_set})) AS listed "
            f"ON listed.id = +{driver}.rowid CROSS JOIN question AS q ON q.id = listed.id"
        )
    return f"FROM {source} WHERE {driver} MATCH {plan.match} AND {plan.where}"


def _rank(plan: _Plan) -> str:
    return f"bm25({plan.driver}, {PROMPT_WEIGHT}, {ANSWER_WEIGHT})"


def _ranking(plan: _Plan, limit: int) -> str:
    """The ids of the best `limit` matches, best first. bm25 costs microseconds a row:
    only the newest RANK_POOL matches are ranked (all of them, unless a word is in
    thousands of questions)."""
    return (
        f"WITH pool AS (SELECT q.id AS id, {_rank(plan)} AS score {_matches(plan)} "
        f"ORDER BY {plan.driver}.rowid DESC LIMIT {RANK_POOL}) "
        f"SELECT id FROM pool ORDER BY score, id LIMIT {max(int(limit), 0)}"
    )


_K1, _B = 1.2, 0.75  # FTS5's bm25 constants


def _by_substring(
    session: Session, compiler: _Compiler, plan: _Plan, substring: str, limit: int
) -> list[int]:
    """The best `limit` of the ranked pool of a query of one substring, in bm25's order,
    without bm25. With one phrase, bm25 is idf·f(row) and idf, the same for every row, only
    scales the score; but FTS5 finds idf by counting every match of the phrase in the whole
    index, which for a substring means checking the positions of its trigrams in every row
    that has them (20 ms at 100,000 questions, whatever the pool). f is bm25's own term over
    the same numbers: the weighted count of the substring's occurrences (as the index finds
    them: _plan takes only substrings whose occurrences cannot overlap, so counting them
    left to right finds them all) and the row's and the average count of trigrams (one per
    character but the last two of each column). Exact for ASCII text: the substring is ASCII
    and bytes.lower() folds ASCII only, as the index does; a letter outside ASCII that the
    index folds to ASCII (the Kelvin sign) may change a count, never what matches. Counted
    here rather than in SQL: lower() and replace() there cost several times as much."""
    totals = _varints(session.scalar(text(f"SELECT block FROM {TRIGRAMS}_data WHERE id = 1")))
    if len(totals) < 2 or totals[0] <= 0:
        return []
    average = float(sum(totals[1:])) / float(totals[0])
    needle = substring.lower().encode()
    statement = (
        f"SELECT q.id, q.prompt_md, q.answer_md {_matches(plan)} "
        f"ORDER BY {TRIGRAMS}.rowid DESC LIMIT {RANK_POOL}"
    )
    scored: list[tuple[float, int]] = []
    for question_id, prompt, answer in driver_rows(session, statement, compiler.params):
        freq = PROMPT_WEIGHT * _occurrences(prompt, needle) + ANSWER_WEIGHT * _occurrences(
            answer, needle
        )
        tokens = max(len(prompt) - 2, 0) + max(len(answer) - 2, 0)
        score = (freq * (_K1 + 1.0)) / (freq + _K1 * (1 - _B + _B * tokens / average))
        scored.append((-score, question_id))
    scored.sort()
    return [question_id for _score, question_id in scored[: max(int(limit), 0)]]


def _occurrences(value: str, needle: bytes) -> int:
    return value.encode().lower().count(needle)


def _overlaps_itself(value: str) -> bool:
    """Whether two occurrences of `value` can overlap (`aa` in `aaa`): some start of it is
    also its end."""
    return any(value[:size] == value[-size:] for size in range(1, len(value)))


def _varints(blob: bytes | None) -> list[int]:
    """SQLite's varints (big-endian, seven bits a byte, a ninth byte of eight), as FTS5
    stores its token counts."""
    values: list[int] = []
    data = blob or b""
    at = 0
    while at < len(data):
        value = 0
        for index in range(9):
            byte = data[at]
            at += 1
            if index == 8:
                value = (value << 8) | byte
                break
            value = (value << 7) | (byte & 0x7F)
            if byte < 0x80 or at >= len(data):
                break
        values.append(value)
    return values


def _page(
    session: Session, compiler: _Compiler, plan: _Plan, ranked: list[int]
) -> list[tuple[int, str, int, str, str]]:
    """The shown rows of `ranked`, in its order, each with its snippet. One pass of the
    index over the span of their rowids (inside the ranked pool's), with snippet() made
    for the shown rows only: a MATCH per row would parse the query and open the index
    afresh fifty times, and a prefix or trigram query costs milliseconds each time. Plain
    words beside a short state list look the rows up one by one (see _Plan)."""
    if not ranked:
        return []
    driver = plan.driver
    compiler.params.update(
        open=_OPEN, close=_CLOSE, low=min(ranked), high=max(ranked), shown=json.dumps(ranked)
    )
    if plan.page_by_row:
        statement = (
            f"SELECT q.id, q.uid, q.topic_id, q.prompt_md, "
            f"snippet({driver}, -1, :open, :close, '…', {SNIPPET_TOKENS}) "
            f"FROM json_each(:shown) AS shown CROSS JOIN {driver} "
            f"ON {driver}.rowid = shown.value CROSS JOIN question AS q ON q.id = {driver}.rowid "
            f"WHERE {driver} MATCH {plan.match}"
        )
    else:  # `+rowid`: the list is checked row by row, not one FTS5 lookup per id
        statement = (
            f"SELECT q.id, q.uid, q.topic_id, q.prompt_md, "
            f"snippet({driver}, -1, :open, :close, '…', {SNIPPET_TOKENS}) "
            f"FROM {driver} CROSS JOIN question AS q ON q.id = {driver}.rowid "
            f"WHERE {driver} MATCH {plan.match} AND {driver}.rowid BETWEEN :low AND :high "
            f"AND +{driver}.rowid IN (SELECT value FROM json_each(:shown))"
        )
    rows = {row[0]: row for row in driver_rows(session, statement, compiler.params)}
    return [(r[0], r[1], r[2], r[3], r[4]) for r in (rows.get(i) for i in ranked) if r]


def _scope(tree: Node) -> str:
    """Deleted and retired questions are found only when the query asks for them."""
    asked = {node.value for node in _walk(tree) if isinstance(node, Filter) and node.key == "is"}
    parts = [f"q.{state}_at IS NULL" for state in ("deleted", "retired") if state not in asked]
    return " AND ".join(parts) or "1"


def _walk(node: Node) -> list[Node]:
    if isinstance(node, And | Or):
        return [node, *(inner for item in node.items for inner in _walk(item))]
    if isinstance(node, Not):
        return [node, *_walk(node.item)]
    return [node]


def _snippet_parts(raw: str) -> tuple[SnippetPart, ...]:
    """Split snippet() output at its marks; a filter-only result gets the answer's start."""
    if _OPEN not in raw:
        words = raw.split()
        clipped = " ".join(words[: SNIPPET_TOKENS * 2])
        return (SnippetPart(clipped + ("…" if len(words) > SNIPPET_TOKENS * 2 else "")),)
    parts: list[SnippetPart] = []
    for chunk in raw.split(_OPEN):
        hit, _mark, rest = chunk.rpartition(_CLOSE) if _CLOSE in chunk else ("", "", chunk)
        if hit:
            parts.append(SnippetPart(" ".join(hit.split()) or hit, hit=True))
        if rest:
            parts.append(SnippetPart(_squash(rest)))
    return tuple(parts)


def _squash(value: str) -> str:
    """Newlines and runs of spaces as one space, keeping a space at either end."""
    inner = " ".join(value.split())
    lead = " " if value[:1].isspace() and inner else ""
    trail = " " if value[-1:].isspace() and inner else ""
    return f"{lead}{inner}{trail}" or (" " if value else "")


_PATHS = """
    WITH RECURSIVE up(start, id, parent_id, title, depth) AS (
        SELECT id, id, parent_id, title, 0 FROM topic
        WHERE id IN (SELECT value FROM json_each(:ids))
        UNION ALL
        SELECT up.start, t.id, t.parent_id, t.title, up.depth + 1
        FROM topic AS t JOIN up ON t.id = up.parent_id
        WHERE up.depth < 100
    )
    SELECT start, title FROM up ORDER BY start, depth DESC
    """


def topic_paths(session: Session, topic_ids: set[int]) -> dict[int, tuple[str, ...]]:
    """The path of titles of each topic, walked up from the few topics asked for (a
    damaged file's cycle stops at a hundred levels)."""
    paths: dict[int, list[str]] = {}
    if topic_ids:
        ids = json.dumps(sorted(topic_ids))
        for start, title in driver_rows(session, _PATHS, {"ids": ids}):
            paths.setdefault(start, []).append(title)
    return {topic_id: tuple(path) for topic_id, path in paths.items()}
