"""`studyapp check` and Tools › Check Database: damage, broken links, impossible states and
breaches of the append-only review log.

It reports, it never repairs, and from the command line it never writes a byte of the user's
files: it checks a private copy (`check_file`)."""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from studyapp.errors import DatabaseUnreadable
from studyapp.store import derived, fts
from studyapp.store.db import Database
from studyapp.store.probe import probe
from studyapp.store.versions import SCHEMA_VERSION

APPEND_ONLY_SINCE_SETTING = "review_log.append_only_since"
QUESTION_IDS = "(SELECT id FROM question)"
# (kind, SQL returning one row per problem, message template using the row's columns)
RULES: tuple[tuple[str, str, str], ...] = (
    (
        "orphan",
        "SELECT question_id FROM card_state WHERE question_id NOT IN " + QUESTION_IDS,
        "card_state row for missing question {0}",
    ),
    (
        "orphan",
        "SELECT id, question_id FROM review_log WHERE question_id NOT IN " + QUESTION_IDS,
        "review {0} for missing question {1}",
    ),
    (
        "orphan",
        "SELECT question_id FROM bookmark WHERE question_id NOT IN " + QUESTION_IDS,
        "bookmark for missing question {0}",
    ),
    (
        "orphan",
        "SELECT id, topic_id FROM question WHERE topic_id NOT IN (SELECT id FROM topic)",
        "question {0} in missing topic {1}",
    ),
    (
        "orphan",
        "SELECT id, parent_id FROM topic WHERE parent_id IS NOT NULL "
        "AND parent_id NOT IN (SELECT id FROM topic)",
        "topic {0} under missing topic {1}",
    ),
    (
        "impossible",
        "SELECT question_id, state FROM card_state WHERE state NOT IN (1, 2, 3)",
        "question {0} has scheduling state {1}",
    ),
    (
        "impossible",
        "SELECT question_id FROM card_state WHERE stability IS NOT NULL "
        "AND (stability <= 0 OR stability != stability)",
        "question {0} has a bad stability",
    ),
    (
        "impossible",
        "SELECT question_id FROM card_state WHERE difficulty IS NOT NULL "
        "AND (difficulty < 1 OR difficulty > 10 OR difficulty != difficulty)",
        "question {0} has a bad difficulty",
    ),
    (
        "impossible",
        "SELECT id, rating FROM review_log WHERE kind = 'review' AND rating NOT IN (1, 2, 3, 4)",
        "review {0} has rating {1}",
    ),
    (
        "impossible",
        "SELECT id FROM review_log WHERE reviewed_at > :tomorrow",
        "review {0} is dated in the future",
    ),
    (
        "history",
        "SELECT id, kind FROM review_log WHERE kind NOT IN ('review', 'revert', 'reset')",
        "log entry {0} has an unknown kind {1!r}",
    ),
    (
        "history",
        "SELECT r.id, r.reverts_id FROM review_log AS r "
        "LEFT JOIN review_log AS t ON t.id = r.reverts_id "
        "WHERE r.kind = 'revert' AND (t.id IS NULL OR t.kind != 'review' "
        "OR t.question_id != r.question_id OR t.id >= r.id)",
        "undo entry {0} names {1}, which is not an earlier review of the same question",
    ),
    (
        "history",
        "SELECT id FROM review_log WHERE kind != 'revert' AND reverts_id IS NOT NULL",
        "log entry {0} reverts another but is not an undo",
    ),
    (
        # AUTOINCREMENT ids only skip when a committed entry is deleted: a rolled-back insert
        # rolls its sequence number back too. Schema 1 deleted undone reviews, hence `since`.
        "history",
        "SELECT previous + 1, id - 1 FROM (SELECT id, "
        "lag(id, 1, :append_only_since - 1) OVER (ORDER BY id) AS previous "
        "FROM review_log WHERE id >= :append_only_since) WHERE id - previous > 1",
        "review log entries {0}–{1} were deleted (the log is append-only)",
    ),
    (
        "history",
        "SELECT (SELECT coalesce(max(id), 0) + 1 FROM review_log), seq FROM sqlite_sequence "
        "WHERE name = 'review_log' AND seq > (SELECT coalesce(max(id), 0) FROM review_log)",
        "review log entries {0}–{1} were deleted (the log is append-only)",
    ),
)

CYCLE_SQL = """
WITH RECURSIVE up(start, node, depth) AS (
    SELECT id, parent_id, 1 FROM topic WHERE parent_id IS NOT NULL
    UNION ALL
    SELECT up.start, topic.parent_id, up.depth + 1 FROM up JOIN topic ON topic.id = up.node
    WHERE topic.parent_id IS NOT NULL AND up.depth < 1000
)
SELECT DISTINCT start FROM up WHERE node = start
"""


@dataclass(frozen=True, slots=True)
class Problem:
    kind: str
    message: str


@dataclass(frozen=True, slots=True)
class CheckReport:
    problems: tuple[Problem, ...] = field(default_factory=tuple)
    questions: int = 0
    reviews: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems

    def format(self) -> str:
        head = f"{self.questions} questions, {self.reviews} reviews: "
        if self.ok:
            return head + "no problems found."
        lines = [head + f"{len(self.problems)} problem(s):"]
        lines.extend(f"  [{p.kind}] {p.message}" for p in self.problems)
        return "\n".join(lines)


def check_database(db: Database, now_millis: int) -> CheckReport:
    """Check the open database (from the app, on its worker)."""
    return check_connection(db.raw_connection(), now_millis)


def check_file(path: Path, now_millis: int) -> CheckReport:
    """Check a database file without writing to it, or beside it: on a private copy."""
    if not path.exists():
        raise DatabaseUnreadable(
            f"There is no StudyApp database at {path}.",
            "Check the --data-dir (or STUDYAPP_DATA_DIR) you meant; nothing was created.",
        )
    with _private_copy(path) as copy:
        try:
            found = probe(copy)
        except DatabaseUnreadable as exc:
            return CheckReport((Problem("damage", exc.message.replace(str(copy), str(path))),))
        connection = sqlite3.connect(copy)
        try:
            if found.schema_version < SCHEMA_VERSION:
                return CheckReport(
                    _damage_and_links(connection),
                    questions=_count(connection, "SELECT count(*) FROM question"),
                )
            return check_connection(connection, now_millis)
        finally:
            connection.close()


@contextmanager
def _private_copy(path: Path) -> Iterator[Path]:
    """A copy in a temporary folder. With a WAL, the raw files are copied (the copy replays
    the WAL when opened, as SQLite would); without one, the file is read through an
    `immutable` connection, which takes no lock and creates nothing beside it."""
    with tempfile.TemporaryDirectory(prefix="studyapp-check-") as folder:
        copy = Path(folder) / path.name
        wal = Path(f"{path}-wal")
        if wal.exists():
            shutil.copyfile(path, copy)
            shutil.copyfile(wal, Path(f"{copy}-wal"))
        else:
            source = sqlite3.connect(f"{path.as_uri()}?immutable=1", uri=True)
            target = sqlite3.connect(copy)
            try:
                source.backup(target)
            except sqlite3.DatabaseError:
                shutil.copyfile(path, copy)  # not a database at all: let the probe say so
            finally:
                source.close()
                target.close()
        yield copy


def check_connection(connection: sqlite3.Connection, now_millis: int) -> CheckReport:
    problems = list(_damage_and_links(connection))
    params = {
        "tomorrow": now_millis + 86_400_000,
        "append_only_since": _append_only_since(connection),
    }
    for kind, sql, template in RULES:
        for row in connection.execute(sql, params):
            problems.append(Problem(kind, template.format(*row)))
    for (topic_id,) in connection.execute(CYCLE_SQL):
        problems.append(Problem("impossible", f"topic {topic_id} is its own ancestor"))
    existing = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
    for name in derived.missing(existing):
        problems.append(Problem("schema", f"{name} is missing (search or history guard)"))
    for table in derived.FTS_TABLES if _index_complete(connection) else ():
        try:
            connection.execute(f"INSERT INTO {table}({table}) VALUES ('integrity-check')")
        except sqlite3.Error as exc:  # FTS5 reports a stale index as an error
            problems.append(Problem("search index", f"{table} out of step: {exc}"))
    return CheckReport(
        tuple(problems),
        _count(connection, "SELECT count(*) FROM question"),
        _count(connection, "SELECT count(*) FROM effective_review"),
    )


def _index_complete(connection: sqlite3.Connection) -> bool:
    """False while a bulk import's rows wait for the search index (store/fts.py): FTS5's
    check compares the whole index with the table, and is meaningful only after the
    catch-up, which makes those rows' entries afresh anyway."""
    return connection.execute(fts.PENDING_SQL, (derived.FTS_PENDING_SETTING,)).fetchone() is None


def _damage_and_links(connection: sqlite3.Connection) -> tuple[Problem, ...]:
    problems = [
        Problem("damage", str(verdict))
        for (verdict,) in connection.execute("PRAGMA integrity_check")
        if verdict != "ok"
    ]
    problems.extend(
        Problem("foreign key", f"{row[0]} row {row[1]} → {row[2]}")
        for row in connection.execute("PRAGMA foreign_key_check")
    )
    return tuple(problems)


def _append_only_since(connection: sqlite3.Connection) -> int:
    row = connection.execute(
        "SELECT value FROM setting WHERE key = ?", (APPEND_ONLY_SINCE_SETTING,)
    ).fetchone()
    return int(row[0]) if row else 1


def _count(connection: sqlite3.Connection, sql: str) -> int:
    return int(connection.execute(sql).fetchone()[0] or 0)
