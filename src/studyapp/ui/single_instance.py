"""One StudyApp per data folder: a lock file says who owns it, a local socket lets a second
launch bring the first window to the front.

The lock (QtCore) is taken before the window exists; the socket server (QtNetwork, ~15 ms to
load) starts after the first paint. A lock left by a killed process is stale: Qt sees that its
process is gone and takes it over.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QLockFile, QObject, Signal

from studyapp.paths import lock_path

if TYPE_CHECKING:
    from PySide6.QtNetwork import QLocalServer

RAISE = b"raise\n"


def server_name(data_dir: Path) -> str:
    import hashlib  # only a second launch, or the owner after its first paint, needs it

    digest = hashlib.sha256(str(data_dir.resolve()).encode()).hexdigest()[:16]
    return f"studyapp-{digest}"


class SingleInstance(QObject):
    raise_requested = Signal()

    def __init__(self, data_dir: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.data_dir = data_dir
        self.lock = QLockFile(str(lock_path(data_dir)))
        # Age never makes a lock stale; only its owner being gone does.
        self.lock.setStaleLockTime(0)
        self.server: QLocalServer | None = None

    def acquire(self) -> bool:
        """True when this process now owns the data folder."""
        return bool(self.lock.tryLock(100))

    def listen(self) -> None:
        """Start answering later launches (call after the first paint)."""
        from PySide6.QtNetwork import QLocalServer

        name = server_name(self.data_dir)
        QLocalServer.removeServer(name)  # a socket file left by a crash
        server = QLocalServer(self)
        server.newConnection.connect(self._on_server_new_connection)
        server.listen(name)
        self.server = server

    def notify_running(self, timeout_ms: int = 1000) -> bool:
        """Ask the owner to show its window; False when it does not answer."""
        from PySide6.QtNetwork import QLocalSocket

        socket = QLocalSocket()
        socket.connectToServer(server_name(self.data_dir))
        if not socket.waitForConnected(timeout_ms):
            return False
        socket.write(RAISE)
        delivered = bool(socket.waitForBytesWritten(timeout_ms))
        socket.disconnectFromServer()
        return delivered

    def release(self) -> None:
        if self.server is not None:
            self.server.close()
        self.lock.unlock()

    def _on_server_new_connection(self) -> None:
        assert self.server is not None
        while (connection := self.server.nextPendingConnection()) is not None:
            connection.disconnected.connect(connection.deleteLater)
            self.raise_requested.emit()
