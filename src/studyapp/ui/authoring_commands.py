"""Changing the question shown: Edit (E), Add (A, Ctrl+N), Suspend (Ctrl+J), Delete
(Ctrl+Del) and Flag for Fixing (Ctrl+Shift+E). Each runs on the worker and comes back as a
study view, so the window shows the result the way it shows a grade; Ctrl+Z undoes each."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt

from studyapp.study.clock import utc_now
from studyapp.ui.topic_choices import topic_choices

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from studyapp.services.views import EditView
    from studyapp.ui.study_controller import StudyController


class AuthoringCommands:
    def __init__(self, controller: StudyController) -> None:
        self.controller = controller

    def edit_question(self) -> None:
        """Open the editor on the question shown; the study timer stops while it is open."""
        question = self.controller.shown_question()
        if question is not None:
            self.edit(question.id)

    def edit(
        self,
        question_id: int,
        over: QWidget | None = None,
        after_save: Callable[[], None] | None = None,
    ) -> None:
        """Open the editor on any question (a Find result, a Browse row), modal over `over` (the
        study window by default); `after_save` runs once the change is on its way to the worker,
        so whatever it asks of the worker sees the saved question."""
        self.controller.runner.submit(
            lambda services: services.study.edit_source(question_id),
            on_done=lambda source: self._open_editor(source, over, after_save),
        )

    def add_question(self) -> None:
        """A new question in the topic of the one shown."""
        question = self.controller.shown_question()
        if question is None:
            return
        question_id = question.id
        self.controller.runner.submit(
            lambda services: services.study.new_source(question_id),
            on_done=self._open_editor,
        )

    def _open_editor(
        self,
        source: EditView,
        over: QWidget | None = None,
        after_save: Callable[[], None] | None = None,
    ) -> None:
        from studyapp.ui.edit_dialog import EditDialog

        controller = self.controller
        spent = controller.pause_timer()
        parent = over if over is not None else controller.panel.window()
        dialog = EditDialog(source, controller.runner, parent, topic_choices(controller.tree))
        dialog.preview.media_folder = controller.panel.prompt.media_folder
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(self._save)
        if after_save is not None:
            dialog.saved.connect(lambda *_saved: after_save())
        dialog.finished.connect(lambda _result: controller.resume_timer(spent))
        dialog.open()  # window-modal: keys go to the editor until it closes

    def _save(
        self,
        question_id: int,
        prompt: str,
        answer: str,
        tags: tuple[str, ...],
        forget: bool,
        topic_id: int,
    ) -> None:
        now = utc_now()
        if question_id == 0:
            self.controller.submit_change(
                lambda services: services.study.add_question(topic_id, prompt, answer, tags, now)
            )
        else:
            self.controller.submit_change(
                lambda services: services.study.save_edit(
                    question_id, prompt, answer, tags, now, forget=forget, topic_id=topic_id
                )
            )

    def leave_study(self, how: str) -> None:
        """Suspend or delete the question shown."""
        question = self.controller.shown_question()
        if question is not None:
            question_id, now = question.id, utc_now()
            self.controller.submit_change(
                lambda services: services.study.leave_study(question_id, how, now)
            )

    def flag(self) -> None:
        from PySide6.QtWidgets import QInputDialog

        question = self.controller.shown_question()
        if question is None:
            return
        question_id = question.id
        note, ok = QInputDialog.getText(
            self.controller.panel.window(), "Flag for Fixing", "What is wrong with this question?"
        )
        if ok:
            now = utc_now()
            self.controller.submit_change(
                lambda services: services.study.flag(question_id, note.strip(), now)
            )
