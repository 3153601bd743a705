"""The topic tree's own commands (issue 15): New Topic, New Subtopic, Rename (F2, in place),
Move To… (the keyboard's way to do what a drag does) and Delete (soft: Ctrl+Z restores it,
history stays; asked first when the topic holds questions). They act on the topic under the
tree's cursor, from its context menu, Edit › Topic, or their keys while the tree has focus;
each is saved on the worker and comes back as a study view (services/topics.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QPoint, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QInputDialog, QMenu, QMessageBox, QWidget

from studyapp.study.clock import utc_now

if TYPE_CHECKING:
    from studyapp.services.app import Services
    from studyapp.services.views import StudyView
    from studyapp.ui.study_controller import StudyController
    from studyapp.ui.tree_pane import TreePane

TOP_LEVEL = "(Top level)"


class TopicCommands(QObject):
    def __init__(self, controller: StudyController, pane: TreePane, window: QWidget) -> None:
        super().__init__(window)
        self.controller = controller
        self.pane = pane
        self.window = window
        tree = pane.tree
        self.new_topic = self._action("New &Topic…", self.add_top_level)
        self.new_subtopic = self._action("New &Subtopic…", self.add_subtopic, "Ins")
        self.rename = self._action("&Rename Topic", self.start_rename, "F2")
        self.move = self._action("&Move Topic To…", self.choose_place, "Ctrl+Shift+M")
        self.delete = self._action("&Delete Topic…", self.delete_topic, "Del")
        tree.customContextMenuRequested.connect(self._on_tree_context_menu_requested)
        pane.tree_model.topic_renamed.connect(self._on_model_topic_renamed)
        pane.tree_model.topic_dropped.connect(self._on_model_topic_dropped)

    def _action(self, text: str, slot: Callable[[], None], key: str = "") -> QAction:
        action = QAction(text, self.pane.tree)
        if key:
            action.setShortcut(QKeySequence(key))
            # Only while the tree has focus: Del and Ins mean nothing to the study view.
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            self.pane.tree.addAction(action)
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def add_to_menu(self, menu: QMenu) -> None:
        topic_menu = menu.addMenu("T&opic")
        for action in self.actions():
            topic_menu.addAction(action)

    def actions(self) -> list[QAction]:
        return [self.new_topic, self.new_subtopic, self.rename, self.move, self.delete]

    # --- what the commands act on ---------------------------------------------------------
    def _topic(self) -> tuple[str, int] | None:
        """The key and id of the topic under the tree's cursor; None (and a hint) if none."""
        key = self.pane.current_key()
        if not key.startswith("topic:"):
            self.controller.message_posted.emit("Choose a topic in the tree first.")
            return None
        return key, int(key.removeprefix("topic:"))

    def _save(self, call: Callable[[Services], StudyView]) -> None:
        self.controller.submit_change(call)

    # --- new, rename ----------------------------------------------------------------------
    def add_top_level(self) -> None:
        self._ask_name("New Topic", "Name of the new topic:", None)

    def add_subtopic(self) -> None:
        topic = self._topic()
        if topic is not None:
            key, topic_id = topic
            path = " › ".join(self.pane.tree_model.path_of(key))
            self._ask_name("New Subtopic", f"Name of the new topic inside {path}:", topic_id)
            self.pane.tree.expand(self.pane.tree.currentIndex())  # so the new one shows

    def _ask_name(self, title: str, label: str, parent_id: int | None) -> None:
        dialog = QInputDialog(self.window)
        dialog.setObjectName("topicNameDialog")
        dialog.setWindowTitle(title)
        dialog.setLabelText(label)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def chosen(name: str) -> None:
            if name.strip():
                now = utc_now()
                self._save(lambda services: services.topics.add(parent_id, name, now))

        dialog.textValueSelected.connect(chosen)
        dialog.open()

    def start_rename(self) -> None:
        if self._topic() is not None:
            self.pane.tree.edit(self.pane.tree.currentIndex().siblingAtColumn(0))

    def _on_model_topic_renamed(self, topic_id: int, title: str) -> None:
        now = utc_now()
        self._save(lambda services: services.topics.rename(topic_id, title, now))

    # --- move -----------------------------------------------------------------------------
    def _on_model_topic_dropped(self, topic_id: int, parent_id: int, before_id: int) -> None:
        self._move(topic_id, parent_id or None, before_id or None)

    def _move(self, topic_id: int, parent_id: int | None, before_id: int | None) -> None:
        now = utc_now()
        self._save(lambda services: services.topics.move(topic_id, parent_id, before_id, now))

    def choose_place(self) -> None:
        """Move To…: every place the topic may go, by path (not inside itself)."""
        topic = self._topic()
        if topic is None:
            return
        key, topic_id = topic
        model = self.pane.tree_model
        inside = model.subtree_keys(key)
        places = {TOP_LEVEL: 0}
        for other in model.topic_keys():
            if other not in inside:
                places[" › ".join(model.path_of(other))] = int(other.removeprefix("topic:"))
        dialog = QInputDialog(self.window)
        dialog.setObjectName("moveTopicDialog")
        dialog.setWindowTitle("Move Topic")
        dialog.setLabelText(f"Move {' › '.join(model.path_of(key))} into:")
        dialog.setComboBoxItems(list(places))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.textValueSelected.connect(
            lambda place: self._move(topic_id, places.get(place) or None, None)
        )
        dialog.open()

    # --- delete ---------------------------------------------------------------------------
    def delete_topic(self) -> None:
        topic = self._topic()
        if topic is None:
            return
        key, topic_id = topic
        path = " › ".join(self.pane.tree_model.path_of(key))
        self.controller.call(
            lambda services: services.topics.question_count(topic_id),
            lambda count: self._confirm_delete(topic_id, path, int(count)),
        )

    def _confirm_delete(self, topic_id: int, path: str, count: int) -> None:
        if count == 0:
            self._delete(topic_id)
            return
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Delete Topic",
            f"Delete {path} and its {count} questions?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            self.window,
        )
        box.setObjectName("deleteTopicBox")
        box.setInformativeText(
            "They leave study; their reviews are kept, and Edit › Undo (Ctrl+Z) brings "
            "everything back."
        )
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        yes = QMessageBox.StandardButton.Yes
        box.buttonClicked.connect(
            lambda button: self._delete(topic_id) if box.standardButton(button) == yes else None
        )
        box.open()

    def _delete(self, topic_id: int) -> None:
        now = utc_now()
        self._save(lambda services: services.topics.delete(topic_id, now))

    # --- the context menu -----------------------------------------------------------------
    def _on_tree_context_menu_requested(self, position: QPoint) -> None:
        on_topic = self.pane.current_key().startswith("topic:")
        for action in (self.new_subtopic, self.rename, self.move, self.delete):
            action.setEnabled(on_topic)
        menu = QMenu(self.pane.tree)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        for action in self.actions():
            menu.addAction(action)
        menu.aboutToHide.connect(self._enable_all)  # the menu bar's Topic menu checks itself
        menu.popup(self.pane.tree.viewport().mapToGlobal(position))

    def _enable_all(self) -> None:
        for action in self.actions():
            action.setEnabled(True)
