"""One function per user action, run on the DbRunner's worker thread (DESIGN §3).

These never touch widgets; they return plain frozen results that the window shows. Heavy
modules (SQLAlchemy, fsrs, markdown-it, Pygments) are imported here lazily, on the worker,
so that the window paints before any of them loads.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from studyapp.store.records import Changes, QuestionRecord, TopicTree

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from studyapp.io.importer import ImportPreview, ImportReport
    from studyapp.study.collection import Collection
    from studyapp.study.stats import Summary


@dataclass(frozen=True, slots=True)
class CardView:
    """Everything the window needs to show one question, rendered off the GUI thread."""

    question: QuestionRecord
    prompt_html: str
    answer_html: str
    intervals: dict[int, str]
    remaining: int


@dataclass(frozen=True, slots=True)
class StudyView:
    """The window's content after an action: the tree, and a card or the summary."""

    tree: TopicTree
    card: CardView | None
    summary: Summary | None
    scope_key: str
    changes: Changes = Changes()
    message: str = ""
    expanded_topics: tuple[int, ...] = ()
    new_per_day: int = 20
    desired_retention: float = 0.9


def open_collection(
    path: Path, backups: Path, now: datetime, deck_folder: Path | None = None
) -> Collection:
    """Open (or create) the collection and bring the built-in deck up to date."""
    from studyapp.io.sync import sync_builtin_deck
    from studyapp.store.rotation import back_up_if_due
    from studyapp.study.collection import Collection

    col = Collection.open(path, backups=backups)
    try:
        sync_builtin_deck(col.db, now, folder=deck_folder)
        back_up_if_due(col.db.raw_connection(), backups, now)
    except BaseException:
        col.close()
        raise
    return col


def recover(
    path: Path, backups: Path, now: datetime, deck_folder: Path | None = None
) -> Collection:
    """A damaged file at start: move it aside, restore the newest readable backup, open."""
    from studyapp.errors import BackupFailed
    from studyapp.store.restore import quarantine, restore_file, summarize_backup
    from studyapp.store.rotation import list_backups

    good = [b.path for b in list_backups(backups) if summarize_backup(b.path) is not None]
    if not good:
        raise BackupFailed(
            "None of the backups can be read.",
            f"The damaged file was left where it is. Look in {backups} for older copies.",
        )
    quarantine(path, now)
    restore_file(good[0], path)
    return open_collection(path, backups, now, deck_folder)


def start(col: Collection, theme: str, now: datetime) -> StudyView:
    """The first view after opening: the last studied scope with its next question."""
    from studyapp.study.scope import Scope

    view = study_scope(col, Scope.parse(col.settings.last_scope).key, theme, now)
    return replace(view, expanded_topics=col.settings.expanded_topics)


def study_scope(col: Collection, scope_key: str, theme: str, now: datetime) -> StudyView:
    from studyapp.study.scope import Scope

    scope = Scope.parse(scope_key)
    col.start(scope, now)
    if col.settings.last_scope != scope.key:
        col.update_settings(last_scope=scope.key)
    return _view(col, theme, now)


def practise_scope(col: Collection, scope_key: str, theme: str, now: datetime) -> StudyView:
    """Go through every question of the scope, due or not (after the day's work is done)."""
    from studyapp.study.scope import Scope

    col.start(replace(Scope.parse(scope_key), practice=True), now)
    return _view(col, theme, now)


def grade(
    col: Collection, question_id: int, rating: int, duration_ms: int, theme: str, now: datetime
) -> StudyView:
    from studyapp.study import reviews
    from studyapp.study.scheduler import Grade, format_interval

    result = reviews.grade(col, question_id, Grade(rating), now, duration_ms)
    returns_in = format_interval(result.card.due - now)
    message = f"Saved “{Grade(rating).label}”. This question returns in {returns_in}."
    return _view(col, theme, now, changes=result.changes, message=message)


def toggle_bookmark(
    col: Collection, question_id: int, current: int | None, theme: str, now: datetime
) -> StudyView:
    """Flip the bookmark; the card on screen stays (`current` is the shown question)."""
    from studyapp.study import bookmarks

    on, changes = bookmarks.toggle(col, question_id, now)
    message = "Bookmarked." if on else "Bookmark removed."
    return _view(col, theme, now, changes=changes, message=message, keep=current)


def undo(col: Collection, current: int | None, theme: str, now: datetime) -> StudyView:
    from studyapp.study import reviews

    result = reviews.undo_last(col, now)
    if result is None:
        return _view(col, theme, now, message="Nothing to undo.", keep=current)
    if result.kind == "grade":
        # The undone question is first in the queue again: show it.
        return _view(col, theme, now, changes=result.changes, message="Grade undone.")
    message = "Bookmark removed again." if not result.bookmarked else "Bookmark restored."
    return _view(col, theme, now, changes=result.changes, message=message, keep=current)


def rerender(col: Collection, question_id: int | None, theme: str, now: datetime) -> StudyView:
    """The same card in another theme (after a theme switch)."""
    return _view(col, theme, now, keep=question_id)


def refresh(col: Collection, current: int | None, theme: str, now: datetime) -> StudyView:
    """New counts as time passes; the card on screen stays."""
    return _view(col, theme, now, keep=current)


def save_expanded(col: Collection, topic_ids: tuple[int, ...]) -> None:
    col.update_settings(expanded_topics=topic_ids)


def _view(
    col: Collection,
    theme: str,
    now: datetime,
    *,
    changes: Changes = Changes(),
    message: str = "",
    keep: int | None = None,
) -> StudyView:
    from studyapp.study.scope import Scope
    from studyapp.study.stats import summarize

    queue = col.queue
    scope_key = queue.scope.key if queue is not None else Scope.parse("due").key
    with col.db.begin() as session:
        tree = col.tallies.tree(session, now, col.settings.new_per_day, col.settings.scheduler)
        question_id = keep if keep is not None else (queue.next(now) if queue else None)
        card = _card(col, session, question_id, theme, now) if question_id else None
        summary = summarize(session, tree, now) if card is None else None
    return StudyView(
        tree,
        card,
        summary,
        scope_key,
        changes,
        message,
        new_per_day=col.settings.new_per_day,
        desired_retention=col.settings.desired_retention,
    )


def _card(
    col: Collection, session: Session, question_id: int, theme: str, now: datetime
) -> CardView | None:
    from studyapp.content.render import render_markdown
    from studyapp.store import queries
    from studyapp.study.scheduler import format_interval, preview

    record = queries.question_record(session, question_id)
    if record is None:
        return None
    intervals = {
        int(grade): format_interval(delta)
        for grade, delta in preview(record.card, now, col.settings.scheduler).items()
    }
    remaining = col.queue.remaining() if col.queue is not None else 0
    return CardView(
        question=record,
        prompt_html=render_markdown(record.prompt_md, theme),
        answer_html=render_markdown(record.answer_md, theme),
        intervals=intervals,
        remaining=remaining,
    )


def _restart(col: Collection, theme: str, now: datetime, message: str) -> StudyView:
    """After the content changed: fresh counts, a fresh queue for the same scope, and an
    undo stack that no longer points at the old content."""
    from studyapp.study.scope import DUE_NOW

    col.tallies.invalidate()
    col.undo_stack.clear()
    col.start(col.queue.scope if col.queue is not None else DUE_NOW, now)
    return _view(col, theme, now, changes=Changes(structure=True), message=message)


def restore_builtin_deck(
    col: Collection, deck_folder: Path | None, theme: str, now: datetime
) -> StudyView:
    from studyapp.io.sync import sync_builtin_deck

    report = sync_builtin_deck(col.db, now, folder=deck_folder, force=True)
    restored = report.created + report.updated
    return _restart(col, theme, now, f"Built-in deck restored ({restored} questions updated).")


def remove_builtin_deck(col: Collection, theme: str, now: datetime) -> StudyView:
    from studyapp.io.sync import remove_builtin_deck as remove

    count = remove(col.db, now)
    return _restart(
        col, theme, now, f"Built-in deck removed ({count} questions); its history is kept."
    )


def reset_builtin_progress(col: Collection, backups: Path, theme: str, now: datetime) -> StudyView:
    from studyapp.io.sync import reset_builtin_progress as reset
    from studyapp.store.backup import backup_name, write_backup

    write_backup(col.db.raw_connection(), backups / backup_name(now, "before-reset"))
    count = reset(col.db, now)
    return _restart(
        col, theme, now, f"Progress reset on {count} questions (a backup was taken first)."
    )


def save_study_settings(
    col: Collection, new_per_day: int, desired_retention: float, theme: str, now: datetime
) -> StudyView:
    col.update_settings(new_per_day=new_per_day, desired_retention=desired_retention)
    return _restart(col, theme, now, "Study settings saved.")


@dataclass(frozen=True, slots=True)
class PreviewView:
    """A parsed file, ready for the preview dialog."""

    preview: ImportPreview
    outline: tuple[tuple[int, str, int], ...]  # (depth, title, questions below)
    sample_html: str


def preview_import(col: Collection, path: Path, fmt: str | None, theme: str) -> PreviewView:
    """Parse the file (nothing is written); runs on the worker so big files never freeze."""
    from studyapp.content.render import render_markdown
    from studyapp.io.importer import preview_file

    del col  # parsing needs no database, but runs in line with the other work
    preview = preview_file(path, fmt)
    outline = tuple(
        (len(topic_path) - 1, topic_path[-1], sum(len(t.questions) for _, t in topic.walk()))
        for topic_path, topic in preview.deck.walk()
    )
    sample = "".join(
        f"<p><b>{' › '.join(topic_path)}</b></p>"
        + render_markdown(f"**Q:** {question.prompt_md}", theme)
        + render_markdown(question.answer_md, theme)
        + "<hr/>"
        for topic_path, question in preview.deck.questions()[:3]
    )
    return PreviewView(preview, outline, sample)


def run_import(
    col: Collection,
    preview: ImportPreview,
    parent_topic_id: int | None,
    backups: Path,
    theme: str,
    now: datetime,
) -> tuple[ImportReport, StudyView]:
    from studyapp.io.importer import import_preview

    report = import_preview(col.db, preview, now, parent_topic_id=parent_topic_id, backups=backups)
    message = (
        f"Imported {report.questions} questions from {preview.path.name}: "
        f"{report.created} new, {report.updated} updated, {report.unchanged} unchanged."
    )
    return report, _restart(col, theme, now, message)


def export(col: Collection, out: Path, fmt: str) -> int:
    from studyapp.io.exporter import export_collection

    return export_collection(col.db, out, "csv" if fmt == "csv" else "md")


def back_up_now(col: Collection, backups: Path, now: datetime) -> Path:
    from studyapp.store.rotation import back_up

    return back_up(col.db.raw_connection(), backups, "manual", now)


def check(col: Collection, now: datetime) -> str:
    from studyapp.store.check import check_database
    from studyapp.store.schema import to_millis

    return check_database(col.db, to_millis(now)).format()


@dataclass(frozen=True, slots=True)
class BackupChoice:
    path: Path
    taken_at: datetime
    label: str
    questions: int | None
    reviews: int | None


def list_backup_choices(col: Collection, backups: Path) -> list[BackupChoice]:
    from studyapp.store.restore import summarize_backup
    from studyapp.store.rotation import list_backups

    del col  # file work only, but in line with the database work
    choices = []
    for backup in list_backups(backups):
        summary = summarize_backup(backup.path)
        choices.append(
            BackupChoice(
                backup.path,
                backup.taken_at,
                backup.label,
                None if summary is None else summary.questions,
                None if summary is None else summary.reviews,
            )
        )
    return choices


def restore_backup(
    col: Collection, backup: Path, backups: Path, theme: str, now: datetime
) -> tuple[Collection, StudyView]:
    """Back up the current file, close it, put the backup in its place, reopen."""
    from studyapp.store.backup import backup_name, write_backup
    from studyapp.store.restore import restore_file
    from studyapp.study.collection import Collection

    database = col.db.path
    write_backup(col.db.raw_connection(), backups / backup_name(now, "before-restore"))
    col.close()
    try:
        restore_file(backup, database)
    finally:
        restored = Collection.open(database, backups=backups)
    view = start(restored, theme, now)
    return restored, replace(view, message=f"Restored the backup {backup.name}.")
