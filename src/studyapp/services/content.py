"""Use cases that change the content: imports, the built-in deck, study settings, export."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from studyapp.services.views import ConflictView, PreviewView, SettingsView, StudyView
from studyapp.wording import counted

if TYPE_CHECKING:
    from studyapp.io.importer import ImportPreview, ImportReport
    from studyapp.services.app import Services
    from studyapp.store.content import EditConflict


class ContentService:
    def __init__(self, app: Services) -> None:
        self._app = app
        # Built-in deck questions the user edited that a newer deck words otherwise: the
        # sync kept the user's text; the window asks about them (`pending_conflicts`).
        self._builtin_conflicts: tuple[EditConflict, ...] = ()

    def keep_conflicts(self, conflicts: tuple[EditConflict, ...]) -> None:
        self._builtin_conflicts += conflicts

    def pending_conflicts(self) -> tuple[ConflictView, ...]:
        """The built-in deck's conflicts not yet shown, each with the user's text now."""
        from studyapp.services.conflicts import conflict_views

        pending, self._builtin_conflicts = self._builtin_conflicts, ()
        if not pending:
            return ()
        with self._app.col.db.begin() as session:
            return conflict_views(session, pending)

    def preview_import(self, path: Path, fmt: str | None) -> PreviewView:
        """Parse the file (nothing is written); on the worker, so big files never freeze."""
        from studyapp.io.importer import preview_file

        preview = preview_file(path, fmt)
        outline = tuple(
            (len(topic_path) - 1, topic_path[-1], sum(len(t.questions) for _, t in topic.walk()))
            for topic_path, topic in preview.deck.walk()
        )
        render = self._app.renderer.html
        sample = "".join(
            f"<p><b>{' › '.join(topic_path)}</b></p>"
            + render(f"**Q:** {question.prompt_md}")
            + render(question.answer_md)
            + "<hr/>"
            for topic_path, question in preview.deck.questions()[:3]
        )
        return PreviewView(preview, outline, sample)

    def run_import(
        self, preview: ImportPreview, parent_topic_id: int | None, now: datetime
    ) -> tuple[ImportReport, StudyView, tuple[ConflictView, ...]]:
        """Import, then the questions edited in the app that the file now words otherwise
        (the import kept the user's text: the window asks which to keep)."""
        from studyapp.io.importer import import_preview

        app = self._app
        report = import_preview(
            app.col.db, preview, now, parent_topic_id=parent_topic_id, backups=app.places.backups
        )
        conflicts = self._conflicts_of(preview)
        message = (
            f"Imported {counted(report.questions, 'question')} from {preview.path.name}: "
            f"{report.created} new, {report.updated} updated, {report.unchanged} unchanged."
        )
        if conflicts:
            edited = counted(len(conflicts), "question")
            message += f" {edited} you edited changed in the file: choose which text to keep."
        return report, app.study.restart(now, message), conflicts

    def catch_up_search_index(self) -> int:
        """Index what a bulk import left unindexed (store/fts.py), and merge the word index
        when it has grown fragmented; the number of rows indexed (0 when nothing waits).
        Run on the worker after an import or a start, so the first search does not wait."""
        from studyapp.store import fts

        return fts.upkeep(self._app.col.db)

    def _conflicts_of(self, preview: ImportPreview) -> tuple[ConflictView, ...]:
        from studyapp.io.importer import ID_FORMATS, source_key
        from studyapp.io.sync import deck_specs
        from studyapp.services.conflicts import conflict_views
        from studyapp.store.content import any_edited, edit_conflicts

        if preview.format == "apkg":
            return ()  # an Anki package's notes are matched by its own ids, not edited text
        with self._app.col.db.begin() as session:
            if not any_edited(session):
                return ()  # the common case costs one indexed lookup
            _paths, questions = deck_specs(preview.deck)
            found = edit_conflicts(
                session,
                source_key(preview.path),
                questions,
                match_elsewhere=preview.format in ID_FORMATS,
            )
            return conflict_views(session, found)

    def restore_builtin_deck(self, now: datetime) -> StudyView:
        from studyapp.io.sync import sync_builtin_deck

        app = self._app
        report = sync_builtin_deck(app.col.db, now, folder=app.places.deck_folder, force=True)
        self.keep_conflicts(report.conflicts)
        restored = report.created + report.updated
        return app.study.restart(now, f"Built-in deck restored ({restored} questions updated).")

    def remove_builtin_deck(self, now: datetime) -> StudyView:
        from studyapp.io.sync import remove_builtin_deck

        count = remove_builtin_deck(self._app.col.db, now)
        return self._app.study.restart(
            now, f"Built-in deck removed ({count} questions); its history is kept."
        )

    def reset_builtin_progress(self, now: datetime) -> StudyView:
        from studyapp.io.sync import reset_builtin_progress
        from studyapp.store.backup import backup_name, write_backup

        app = self._app
        write_backup(
            app.col.db.raw_connection(), app.places.backups / backup_name(now, "before-reset")
        )
        count = reset_builtin_progress(app.col.db, now)
        return app.study.restart(
            now, f"Progress reset on {count} questions (a backup was taken first)."
        )

    def settings(self) -> SettingsView:
        settings = self._app.col.settings
        return SettingsView(settings.new_per_day, settings.desired_retention)

    def save_settings(self, new_per_day: int, desired_retention: float, now: datetime) -> StudyView:
        self._app.col.update_settings(new_per_day=new_per_day, desired_retention=desired_retention)
        return self._app.study.restart(now, "Study settings saved.")

    def export(
        self,
        out: Path,
        fmt: str,
        now: datetime,
        *,
        topic_id: int | None = None,
        query: str | None = None,
    ) -> int:
        """Everything, the topic `topic_id` and its subtopics, the results of `query`, or
        the results inside the topic; nothing is written when a search finds nothing."""
        from studyapp.io.exporter import Selection, export_collection, search_selection
        from studyapp.services.search import recall_curve

        db = self._app.col.db
        selection = Selection(topic_id=topic_id)
        if query is not None:
            selection = search_selection(db, query, now, selection, recall_curve(self._app))
        if fmt in ("apkg", "apkg-new"):
            from studyapp.io.apkg.writer import export_apkg

            return export_apkg(db, out, now, selection, scheduling=fmt == "apkg")
        return export_collection(db, out, "csv" if fmt == "csv" else "md", selection)
