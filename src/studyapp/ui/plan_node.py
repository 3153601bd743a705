"""Keeps the tree's "Interview plan" node up to date (issue 16).

The plan is made off the worker (services/plan_node.py keeps it for the day), so asking is
cheap after the first time: after each grade or topic change, when a plan is saved, and once
a minute (the day may have turned, or the plan's date passed). While it is being made the
node says so and is asked again shortly.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer

from studyapp.study.clock import utc_now

if TYPE_CHECKING:
    from studyapp.services.app import Services
    from studyapp.services.plan_node import PlanNode
    from studyapp.ui.study_controller import StudyController
    from studyapp.ui.tree_pane import TreePane

EVERY_MS = 60_000
WHILE_PLANNING_MS = 250


class PlanNodeKeeper(QObject):
    def __init__(self, controller: StudyController, pane: TreePane) -> None:
        super().__init__(pane)
        self.controller = controller
        self.pane = pane
        self._asked = False  # one question in flight at a time
        self._again = False
        controller.view_shown.connect(self._on_controller_view_shown)
        self._timer = QTimer(self, interval=EVERY_MS)
        self._timer.timeout.connect(self.refresh)
        self._timer.start()

    def refresh(self) -> None:
        if not self.controller.runner.running:  # shutting down
            return
        if self._asked:
            self._again = True
            return
        self._asked = True
        now = utc_now()

        def ask(services: Services) -> PlanNode | None:
            from studyapp.services.plan_node import plan_node

            return plan_node(services, now)

        self.controller.runner.submit(ask, on_done=self._show, on_error=self._failed)

    def _on_controller_view_shown(self) -> None:
        view = self.controller.view
        if view is not None and (view.tree is not None or view.changes.reviews):
            self.refresh()

    def _show(self, node: PlanNode | None) -> None:
        self._asked = False
        self.pane.set_plan(None if node is None else node.line)
        if node is not None and node.today_left is None:
            QTimer.singleShot(WHILE_PLANNING_MS, self, self.refresh)
        elif self._again:
            self._again = False
            self.refresh()

    def _failed(self, error: BaseException) -> None:
        self._asked = False
        self.controller.failed.emit(error)
