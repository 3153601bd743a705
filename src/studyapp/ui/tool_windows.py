"""The windows and dialogs opened from the menus beside the study view: Find (Ctrl+F),
Browse (Ctrl+B), the Interview Plan (Ctrl+Shift+I) and Statistics (Ctrl+Shift+S). Each is
built when asked for and deleted when closed; results that should be studied go to the study
controller."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt

from studyapp.ui.topic_choices import topic_choices

if TYPE_CHECKING:
    from studyapp.ui.browse_window import BrowseWindow
    from studyapp.ui.main_window import MainWindow
    from studyapp.ui.study_controller import StudyController


class ToolWindows:
    def __init__(self, controller: StudyController, window: MainWindow) -> None:
        self.controller = controller
        self.window = window
        self._open_browser: BrowseWindow | None = None

    def open_search(self) -> None:
        from studyapp.ui.search_window import SearchWindow

        search = SearchWindow(self.window.runner, self.window)
        search.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        search.study_requested.connect(self.controller.study_search_results)
        search.browse_requested.connect(self.browse_query)
        # Saved, the results are searched again: the edited text may match otherwise.
        search.edit_requested.connect(
            lambda question_id: self.window.authoring.edit(question_id, search, search.run_search)
        )
        search.show()
        search.raise_()
        search.activateWindow()  # typing goes to the search field, never to the study keys
        search.field.setFocus()

    def open_plan(self) -> None:
        from studyapp.ui.plan_dialog import PlanDialog

        model = self.window.tree_model
        topics = ["/".join(model.path_of(key)) for key in model.topic_keys()]
        dialog = PlanDialog(self.window.runner, topics, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.study_today.connect(self.controller.study_plan_today)
        dialog.plan_saved.connect(self.window.plan_node.refresh)  # the tree's plan node
        dialog.open()

    def open_statistics(self) -> None:
        """For the topic being studied, or for everything."""
        from studyapp.ui.stats_window import open_stats_window

        key = self.controller.scope_key
        kind, _, topic_id = key.partition(":")
        runner = self.window.runner
        if kind == "topic" and topic_id.isdigit():
            title = self.window.tree_pane.scope_title(key)
            open_stats_window(self.window, runner, int(topic_id), title)
        else:
            open_stats_window(self.window, runner)

    def open_browse(self) -> None:
        """Browse the topic being studied, or every question."""
        key = self.controller.scope_key
        kind, _, topic_id = key.partition(":")
        if kind == "topic" and topic_id.isdigit():
            self._browser().browse_topic(int(topic_id), self.window.tree_pane.scope_title(key))
        else:
            self._browser().browse_topic(None, "All questions")

    def browse_query(self, query: str) -> None:
        self._browser().browse_query(query)

    def _browser(self) -> BrowseWindow:
        """The open browser (one is enough: it lists what it is asked for next), or a new one."""
        import shiboken6

        from studyapp.ui.browse_window import BrowseWindow

        browser = self._open_browser
        if browser is None or not shiboken6.isValid(browser) or not browser.isVisible():
            browser = BrowseWindow(self.window.runner, self.controller, [], self.window)
            browser.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            opened = browser
            browser.edit_requested.connect(
                lambda question_id: self.window.authoring.edit(question_id, opened)
            )
            self._open_browser = browser
        browser.topics = topic_choices(self.controller.tree)  # may have changed since
        browser.show()
        browser.raise_()
        browser.activateWindow()
        browser.table.setFocus()
        return browser
