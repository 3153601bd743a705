"""The study session: one owner for the scope, the question on screen and its counts.

The queue (`col.queue`) knows the current question, so the window never has to say which
question a bookmark or an undo is about.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING

from studyapp.services.views import CardView, EditView, StudyView
from studyapp.store.records import Changes

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from studyapp.services.app import Services
    from studyapp.study.collection import Collection
    from studyapp.study.drill import WeakQuestion


def queries_card_is_new(session: Session, question_id: int) -> bool:
    from studyapp.store import queries

    return queries.card_snapshot(session, question_id) is None


class StudyService:
    def __init__(self, app: Services) -> None:
        self._app = app
        self._drilled: list[WeakQuestion] = []  # recall at the start of the current drill

    @property
    def col(self) -> Collection:
        return self._app.col

    def start(self, now: datetime) -> StudyView:
        """The first view after opening: the last studied scope with its next question."""
        view = self.choose(self.col.settings.last_scope, now)
        return replace(view, expanded_topics=self.col.settings.expanded_topics)

    def choose(self, scope_key: str, now: datetime) -> StudyView:
        from studyapp.study.scope import PLAN_SCOPE, Scope, ScopeKind

        if scope_key == PLAN_SCOPE:  # the tree's "Interview plan" node
            return self.study_plan_today(now)
        scope = Scope.parse(scope_key)
        self.col.start(scope, now)
        # A selection (drill, plan, search) is not a place to come back to at the next start.
        returnable = scope.kind is not ScopeKind.SELECTION
        if returnable and self.col.settings.last_scope != scope.key:
            self.col.update_settings(last_scope=scope.key)
        return self._next(now, with_tree=True)

    def practise(self, scope_key: str, now: datetime) -> StudyView:
        """Every question of the scope, due or not (after the day's work is done)."""
        from studyapp.study.scope import Scope

        self.col.start(replace(Scope.parse(scope_key), practice=True), now)
        return self._next(now)

    def study_selection(
        self,
        title: str,
        question_ids: tuple[int, ...],
        now: datetime,
        message: str = "",
        origin: str = "",
    ) -> StudyView:
        """A session over chosen questions in the given order, due or not; `origin` names
        the tree node that stands for it, if one does."""
        from studyapp.study.scope import Scope, ScopeKind

        scope = Scope(ScopeKind.SELECTION, question_ids=question_ids, title=title, origin=origin)
        self.col.start(scope, now)
        return self._next(now, with_tree=True, message=message)

    def drill_weakest(self, scope_key: str, now: datetime, limit: int = 20) -> StudyView:
        """The studied questions with the lowest recall now, in the topic being studied (or
        everywhere), weakest first, due or not."""
        from studyapp.study import drill
        from studyapp.study.collection import scope_topic_ids
        from studyapp.study.scope import Scope

        scope = Scope.parse(scope_key)
        with self.col.db.begin() as session:
            topic_ids = scope_topic_ids(session, scope)
            weak = drill.weakest(session, now, topic_ids, limit, self.col.settings.scheduler)
        if not weak:
            return self._same(now, message="Nothing to drill yet: study some questions first.")
        self._drilled = weak
        mean = sum(w.recall for w in weak) / len(weak)
        title = f"Drill: {len(weak)} weakest"
        message = f"Drilling the {len(weak)} weakest questions (mean recall now {mean:.0%})."
        return self.study_selection(title, tuple(w.question_id for w in weak), now, message)

    def study_plan_today(self, now: datetime) -> StudyView:
        """What is left of today's queue of the saved interview plan."""
        ids = self._app.plan_today.left(self._app, now)
        if ids is None:
            return self._same(now, message="No interview plan: set one in Tools › Interview Plan.")
        if not ids:
            return self._same(now, message="Today's plan is done.")
        from studyapp.study.scope import PLAN_SCOPE

        title = f"Interview plan: today ({len(ids)})"
        message = f"{len(ids)} questions planned today."
        return self.study_selection(title, tuple(ids), now, message, origin=PLAN_SCOPE)

    def edit_source(self, question_id: int) -> EditView:
        from studyapp.store import queries

        with self.col.db.begin() as session:
            record = queries.question_record(session, question_id)
        if record is None:
            raise LookupError(f"question {question_id} is gone")
        return EditView(
            question_id,
            record.prompt_md,
            record.answer_md,
            record.tags,
            record.topic_path,
            record.topic_id,
        )

    def new_source(self, question_id: int) -> EditView:
        """An empty question in the topic of the one shown."""
        source = self.edit_source(question_id)
        return EditView(0, "", "", (), source.topic_path, source.topic_id)

    def add_question(
        self, topic_id: int, prompt_md: str, answer_md: str, tags: tuple[str, ...], now: datetime
    ) -> StudyView:
        from studyapp.store import authoring
        from studyapp.study.collection import UndoEntry

        with self.col.db.begin() as session:
            question_id, old = authoring.add_question(
                session, topic_id, prompt_md, answer_md, now, tags
            )
        self.col.push_undo(UndoEntry("edit", question_id, old_values=old, back_to_study=False))
        self.col.tallies.invalidate()
        changes = Changes(question_ids=frozenset({question_id}), structure=True)
        message = "Question added to this topic as new (Ctrl+Z takes it out again)."
        return self._same(now, changes=changes, message=message)

    def leave_study(self, question_id: int, how: str, now: datetime) -> StudyView:
        """Suspend (until unsuspended) or delete (soft: history stays) the question shown;
        Ctrl+Z brings it back."""
        from studyapp.store import authoring
        from studyapp.study.collection import UndoEntry

        write = authoring.set_suspended if how == "suspend" else authoring.set_deleted
        with self.col.db.begin() as session:
            old = write(session, [question_id], True, now)
            was_new = queries_card_is_new(session, question_id)
        self.col.push_undo(UndoEntry("edit", question_id, was_new=was_new, old_values=old))
        if self.col.queue is not None:
            self.col.queue.discard(question_id)
        self.col.tallies.invalidate()
        done = "Suspended" if how == "suspend" else "Deleted"
        message = f"{done}: it leaves study and keeps its history (Ctrl+Z brings it back)."
        return self._next(now, changes=Changes(structure=True), message=message)

    def flag(self, question_id: int, note: str, now: datetime) -> StudyView:
        from studyapp.store import authoring
        from studyapp.study.collection import UndoEntry

        with self.col.db.begin() as session:
            old = authoring.set_flag(session, [question_id], True, now, note)
        self.col.push_undo(UndoEntry("edit", question_id, old_values=old, back_to_study=False))
        return self._same(now, message="Flagged for fixing (search is:flagged to list them).")

    def preview(self, markdown: str) -> str:
        """The editor's live preview, through the same renderer as the study view."""
        return self._app.renderer.html(markdown)

    def save_edit(
        self,
        question_id: int,
        prompt_md: str,
        answer_md: str,
        tags: tuple[str, ...],
        now: datetime,
        *,
        forget: bool = False,
        topic_id: int | None = None,
    ) -> StudyView:
        """Save the user's text (and its topic, if another was chosen): the question is
        marked edited (deck updates then never overwrite it silently); its reviews and
        schedule stay. Ctrl+Z undoes the text and the move.

        With `forget` (asked for apart, in the editor) the question also starts over as new:
        the log gains a reset entry and keeps its reviews; that part is not undone."""
        from studyapp.store import authoring, queries
        from studyapp.study.collection import UndoEntry

        with self.col.db.begin() as session:
            was_in = queries.question_topic_ids(session, [question_id]).get(question_id)
            moved = topic_id is not None and was_in is not None and topic_id != was_in
            old = authoring.edit_question(
                session,
                question_id,
                now,
                prompt_md=prompt_md,
                answer_md=answer_md,
                tags=tags,
                topic_id=topic_id if moved else None,
            )
            changes = old.changes
            if forget:
                changes |= authoring.forget_progress(session, [question_id], now)
        self.col.push_undo(UndoEntry("edit", question_id, old_values=old))
        if moved or forget:
            self.col.tallies.invalidate()
        if forget:
            message = (
                "Question saved and its progress forgotten: it is new again (its review "
                "history is kept; Ctrl+Z undoes the text only)."
            )
        else:
            where = " in its new topic" if moved else ""
            message = f"Question saved{where} (Ctrl+Z undoes it)."
        return self._same(now, changes=changes, message=message)

    def grade(self, question_id: int, rating: int, duration_ms: int, now: datetime) -> StudyView:
        from studyapp.study import reviews
        from studyapp.study.scheduler import Grade, format_interval

        result = reviews.grade(self.col, question_id, Grade(rating), now, duration_ms)
        self._app.plan_today.answered(question_id)
        returns_in = format_interval(result.card.due - now)
        message = f"Saved “{Grade(rating).label}”. This question returns in {returns_in}."
        return self._next(now, changes=result.changes, message=message)

    def toggle_bookmark(self, question_id: int, now: datetime) -> StudyView:
        from studyapp.study import bookmarks

        on, changes = bookmarks.toggle(self.col, question_id, now)
        message = "Bookmarked." if on else "Bookmark removed."
        return self._same(now, changes=changes, message=message)

    def undo(self, now: datetime) -> StudyView:
        from studyapp.study import reviews

        result = reviews.undo_last(self.col, now)
        if result is None:
            return self._same(now, message="Nothing to undo.")
        if result.kind == "topic":
            self._app.plan_today.forget()
        if result.kind == "grade":  # the undone question is first in line again: show it
            self._app.plan_today.unanswered(result.question_id)
            return self._next(now, changes=result.changes, message="Grade undone.")
        if result.kind in ("edit", "topic"):  # shown again if the undo put it back
            message = "Topic change undone." if result.kind == "topic" else "Change undone."
            return self.show_change(now, result.changes, message)
        message = "Bookmark removed again." if not result.bookmarked else "Bookmark restored."
        return self._same(now, changes=result.changes, message=message)

    def show_change(self, now: datetime, changes: Changes, message: str) -> StudyView:
        """After a change that may have taken the question shown out of the session (a
        delete, a topic change): that question if it is still there, else the next."""
        queue = self.col.queue
        show = self._next if queue is not None and queue.current is None else self._same
        return show(now, changes=changes, message=message)

    def after_change(self, now: datetime, changes: Changes, message: str) -> StudyView:
        """After a change made outside the study view (the browser): fresh counts, and the
        next question if the one on screen left study."""
        queue = self.col.queue
        show = self._next if queue is not None and queue.current is None else self._same
        return show(now, changes=changes, message=message, with_tree=True)

    def refresh(self, now: datetime) -> StudyView:
        """Counts move on with time; the question on screen stays."""
        return self._same(now, with_tree=True)

    def set_theme(self, theme: str, now: datetime) -> StudyView:
        """The question on screen, rendered in the new theme."""
        self._app.renderer.theme = theme
        return self._same(now)

    def save_expanded(self, topic_ids: tuple[int, ...]) -> None:
        self.col.update_settings(expanded_topics=topic_ids)

    def restart(self, now: datetime, message: str) -> StudyView:
        """After the content changed: fresh counts, a fresh queue for the same scope, and an
        undo stack that no longer points at the old content."""
        from studyapp.study.scope import DUE_NOW

        col = self.col
        col.tallies.invalidate()
        col.undo_stack.clear()
        col.start(col.queue.scope if col.queue is not None else DUE_NOW, now)
        return self._next(now, changes=Changes(structure=True), message=message)

    # --- views ----------------------------------------------------------------------------
    def _next(
        self,
        now: datetime,
        *,
        changes: Changes = Changes(),
        message: str = "",
        with_tree: bool = False,
    ) -> StudyView:
        queue = self.col.queue
        question_id = queue.next(now) if queue is not None else None
        return self._view(question_id, now, changes, message, with_tree)

    def _same(
        self,
        now: datetime,
        *,
        changes: Changes = Changes(),
        message: str = "",
        with_tree: bool = False,
    ) -> StudyView:
        queue = self.col.queue
        current = queue.current if queue is not None else None
        question_id = current[0] if current is not None else None
        return self._view(question_id, now, changes, message, with_tree)

    def _view(
        self,
        question_id: int | None,
        now: datetime,
        changes: Changes,
        message: str,
        with_tree: bool,
    ) -> StudyView:
        from studyapp.study.collection import scope_topic_ids
        from studyapp.study.scope import DUE_NOW
        from studyapp.study.stats import summarize

        col = self.col
        queue = col.queue
        scope = queue.scope if queue is not None else DUE_NOW
        title = scope.title
        counted = with_tree or changes.reviews or changes.bookmarks or changes.structure
        with col.db.begin() as session:
            card = self._card(session, question_id, now) if question_id is not None else None
            tree = None
            if counted or card is None:
                tree = col.tallies.tree(
                    session, now, col.settings.new_per_day, col.settings.scheduler
                )
            summary = None
            if card is None and tree is not None:
                summary = summarize(session, tree, now, scope_topic_ids(session, scope))
            if card is None and self._drilled and title.startswith("Drill"):
                title += self._recall_moved(session, now)
        return StudyView(
            scope_key=scope.key,
            card=card,
            summary=summary,
            counts=queue.counts() if queue is not None else None,
            tree=tree,
            changes=changes,
            message=message,
            empty=tree is not None and tree.all_questions == 0,
            title=title,
        )

    def _recall_moved(self, session: Session, now: datetime) -> str:
        from studyapp.study import drill

        moved = drill.recall_moved(session, now, self._drilled, self.col.settings.scheduler)
        return f" (recall {moved.mean_before:.0%} → {moved.mean_after:.0%})"

    def _card(self, session: Session, question_id: int, now: datetime) -> CardView | None:
        from studyapp.store import queries
        from studyapp.study.scheduler import format_interval, preview

        record = queries.question_record(session, question_id)
        if record is None:
            return None
        intervals = {
            int(grade): format_interval(delta)
            for grade, delta in preview(record.card, now, self.col.settings.scheduler).items()
        }
        render = self._app.renderer.html
        return CardView(record, render(record.prompt_md), render(record.answer_md), intervals)
