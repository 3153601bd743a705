"""Browser rows: the columns of each question, in the order of the ids given."""

from __future__ import annotations

from datetime import timedelta

from studyapp.store import authoring
from studyapp.store.browse import browse_rows
from studyapp.store.db import Database
from studyapp.store.search import RecallCurve
from studyapp.study.collection import Collection
from studyapp.study.reviews import grade, undo_last
from studyapp.study.scheduler import Grade, decay_constants

from tests.conftest import NOW, make_questions, seed

RECALL = RecallCurve(*decay_constants())


def test_rows_show_state_reviews_and_marks_in_the_given_order(db: Database) -> None:
    seed(db, make_questions(4, topics=(("Python", "Basics"),)))
    col = Collection(db)
    grade(col, 2, Grade.GOOD, NOW)
    grade(col, 2, Grade.GOOD, NOW + timedelta(minutes=20))
    grade(col, 3, Grade.AGAIN, NOW)
    undo_last(col, NOW)  # an undone review does not count
    with db.begin() as session:
        authoring.set_bookmarks(session, [1], True, NOW)
        authoring.set_suspended(session, [4], True, NOW)
        authoring.set_flag(session, [4], True, NOW, "typo")
    later = NOW + timedelta(days=1)
    with db.begin() as session:
        rows = browse_rows(session, [4, 2, 1, 3, 99], later, RECALL)
    assert [r.question_id for r in rows] == [4, 2, 1, 3]
    four, two, one, three = rows
    assert (four.suspended, four.flagged, four.bookmarked) == (True, True, False)
    assert (one.bookmarked, one.due, one.recall, one.reviews) == (True, None, None, 0)
    assert two.reviews == 2
    assert two.due is not None
    assert two.recall is not None
    assert 0 < two.recall < 1
    assert (three.reviews, three.due) == (0, None)
    assert two.topic_path == ("Python", "Basics")
    assert two.prompt_md == "Question 1?"
