"""`studyapp check` and Tools › Check Database: damage, broken links and impossible states.

Read-only: it reports, it never repairs."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import text

from studyapp.store.db import Database

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
        "SELECT id, rating FROM review_log WHERE rating NOT IN (1, 2, 3, 4)",
        "review {0} has rating {1}",
    ),
    (
        "impossible",
        "SELECT id FROM review_log WHERE reviewed_at > :tomorrow",
        "review {0} is dated in the future",
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
    problems: list[Problem] = []
    with db.begin() as session:
        for (verdict,) in session.execute(text("PRAGMA integrity_check")):
            if verdict != "ok":
                problems.append(Problem("damage", str(verdict)))
        for row in session.execute(text("PRAGMA foreign_key_check")):
            problems.append(Problem("foreign key", f"{row[0]} row {row[1]} → {row[2]}"))
        tomorrow = now_millis + 86_400_000
        for kind, sql, template in RULES:
            for row in session.execute(text(sql), {"tomorrow": tomorrow}):
                problems.append(Problem(kind, template.format(*row)))
        for (topic_id,) in session.execute(text(CYCLE_SQL)):
            problems.append(Problem("impossible", f"topic {topic_id} is its own ancestor"))
        try:
            session.execute(
                text("INSERT INTO question_fts(question_fts) VALUES ('integrity-check')")
            )
        except Exception as exc:  # FTS5 reports a stale index as an error
            problems.append(Problem("search index", f"out of step with questions: {exc}"))
        questions = session.execute(text("SELECT count(*) FROM question")).scalar() or 0
        reviews = session.execute(text("SELECT count(*) FROM review_log")).scalar() or 0
    return CheckReport(tuple(problems), int(questions), int(reviews))
