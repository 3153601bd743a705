"""Finding questions by their text (issue 15): the search window's use cases.

The query language and its SQL live in the store (`store/search_query.py`, `store/search.py`);
this layer adds the user's forgetting curve and turns results into a study session.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from studyapp.services.app import Services
    from studyapp.services.views import StudyView
    from studyapp.store.records import SearchHit
    from studyapp.store.search import RecallCurve

RESULTS = 50
SEARCH_TITLE = "Search: "  # a studied search's name: this, then the query


def find(app: Services, query: str, now: datetime) -> list[SearchHit]:
    """The best matches, best first; a malformed query raises BadQuery (message and hint)."""
    from studyapp.store.search import search

    with app.col.db.begin() as session:
        return search(session, query, now, recall_curve(app), limit=RESULTS)


def study_results(app: Services, query: str, now: datetime, *, first: int = 0) -> StudyView:
    """Every match that study may show (not suspended), best first, as a session; the
    result the user opened (`first`, a question id) comes before the rest."""
    from studyapp.store.search import search_ids

    with app.col.db.begin() as session:
        ids = search_ids(session, query, now, recall_curve(app), in_study=True)
    if first in ids:
        ids = [first, *(question_id for question_id in ids if question_id != first)]
    if not ids:
        return app.study.refresh(now)
    title = f"{SEARCH_TITLE}{query}"
    return app.study.study_selection(title, tuple(ids), now, f"Studying {len(ids)} results.")


def recall_curve(app: Services) -> RecallCurve:
    """The user's own forgetting curve, for `prop:r` filters."""
    from studyapp.store.search import RecallCurve
    from studyapp.study.scheduler import decay_constants

    return RecallCurve(*decay_constants(app.col.settings.scheduler))
