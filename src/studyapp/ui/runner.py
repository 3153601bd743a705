"""DbRunner: the one serial worker that does all database work (DESIGN §3, house rule 4).

Jobs run in submission order on a single thread, so the GUI thread never waits on SQLite and
no two operations ever interleave. Results come back to the GUI thread by signal.
"""

from __future__ import annotations

import itertools
import logging
import queue
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QThread, Signal

if TYPE_CHECKING:
    from studyapp.study.collection import Collection

log = logging.getLogger(__name__)

OnDone = Callable[[Any], None]
OnError = Callable[[BaseException], None]


@dataclass(frozen=True, slots=True)
class _Job:
    ticket: int
    call: Callable[[], Any]


@dataclass(frozen=True, slots=True)
class Outcome:
    ticket: int
    value: Any = None
    error: BaseException | None = None


class _Worker(QThread):
    job_done = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self.jobs: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()

    def run(self) -> None:
        while (job := self.jobs.get()) is not None:
            try:
                outcome = Outcome(job.ticket, value=job.call())
            except BaseException as exc:  # every failure goes back to the GUI thread
                outcome = Outcome(job.ticket, error=exc)
            self.job_done.emit(outcome)


class DbRunner(QObject):
    """Owns the open Collection; `submit(op, *args)` runs `op(collection, *args)` on the
    worker. The collection is created by a job (`attach`) so that SQLAlchemy is imported on
    the worker, after the window has painted."""

    op_finished = Signal(object)
    op_failed = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._collection: Collection | None = None
        self._tickets = itertools.count(1)
        self._callbacks: dict[int, tuple[OnDone | None, OnError | None]] = {}
        self._worker = _Worker()
        self._worker.job_done.connect(self._on_worker_job_done)
        self._worker.start()

    @property
    def pending(self) -> int:
        return len(self._callbacks)

    def submit(
        self,
        op: Callable[..., Any],
        *args: Any,
        on_done: OnDone | None = None,
        on_error: OnError | None = None,
    ) -> int:
        def call() -> Any:
            if self._collection is None:
                raise RuntimeError(f"{op.__name__} submitted before the database was opened")
            return op(self._collection, *args)

        return self.run_call(call, on_done, on_error)

    def submit_swap(
        self,
        op: Callable[..., tuple[Collection, Any]],
        *args: Any,
        on_done: OnDone | None = None,
        on_error: OnError | None = None,
    ) -> int:
        """Run `op(collection, *args) -> (new_collection, result)`: for a restore, which
        closes the open database and opens another in its place."""

        def call() -> Any:
            if self._collection is None:
                raise RuntimeError(f"{op.__name__} submitted before the database was opened")
            self._collection, result = op(self._collection, *args)
            return result

        return self.run_call(call, on_done, on_error)

    def run_call(
        self, call: Callable[[], Any], on_done: OnDone | None, on_error: OnError | None
    ) -> int:
        ticket = next(self._tickets)
        self._callbacks[ticket] = (on_done, on_error)
        self._worker.jobs.put(_Job(ticket, call))
        return ticket

    def shutdown(self) -> None:
        """Finish queued work, close the database, and stop the thread."""
        if not self._worker.isRunning():
            return
        self._worker.jobs.put(_Job(0, self._close))
        self._worker.jobs.put(None)
        self._worker.wait()
        # Jobs queued before the close (a grade just pressed) have run and committed; the
        # window is going away, so their results are no longer shown.
        self._callbacks.clear()

    def attach(self, collection: Collection) -> None:
        """Called on the worker by the job that opened the collection."""
        self._collection = collection

    def _close(self) -> None:
        if self._collection is not None:
            self._collection.close()
            self._collection = None

    def _on_worker_job_done(self, outcome: Outcome) -> None:
        on_done, on_error = self._callbacks.pop(outcome.ticket, (None, None))
        if outcome.error is None:
            self.op_finished.emit(outcome.value)
            if on_done is not None:
                on_done(outcome.value)
            return
        log.error("database operation failed", exc_info=outcome.error)
        if on_error is not None:
            on_error(outcome.error)
        else:
            self.op_failed.emit(outcome.error)
