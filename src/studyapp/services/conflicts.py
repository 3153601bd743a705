"""Questions edited in the app that their source changed since (issue 15): an import or a
newer built-in deck keeps the user's text and reports them; the user then keeps theirs or
takes the new text, per question or all at once. Nothing is overwritten unasked."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from studyapp.services.views import ConflictView
from studyapp.wording import counted

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from studyapp.services.app import Services
    from studyapp.services.views import StudyView
    from studyapp.store.content import EditConflict


def conflict_views(session: Session, conflicts: Sequence[EditConflict]) -> tuple[ConflictView, ...]:
    """Each conflict beside the user's text as the store holds it now."""
    from studyapp.store.queries import question_record

    views = []
    for conflict in conflicts:
        record = question_record(session, conflict.question_id)
        if record is not None:
            views.append(
                ConflictView(
                    record.topic_path, record.prompt_md, record.answer_md, record.tags, conflict
                )
            )
    return tuple(views)


def take_new_text(app: Services, chosen: Sequence[ConflictView], now: datetime) -> StudyView:
    """Replace the user's text by the source's for the chosen questions; Ctrl+Z undoes it."""
    from studyapp.store import authoring
    from studyapp.study.collection import UndoEntry

    if not chosen:
        return app.study.refresh(now)
    with app.col.db.begin() as session:
        old = authoring.take_new_text(session, [view.new for view in chosen], now)
    first = chosen[0].question_id
    app.col.push_undo(UndoEntry("edit", first, old_values=old, back_to_study=False))
    message = f"Took the new text for {counted(len(chosen), 'question')} (Ctrl+Z undoes it)."
    return app.study.after_change(now, old.changes, message)
