"""Expected failures: each carries a message (what is wrong) and a hint (what to do).

The UI shows both in a dialog; the CLI prints both to stderr. Anything that is not a
`StudyAppError` is a bug and goes to the crash dialog instead (DESIGN §9).
"""

from __future__ import annotations


class StudyAppError(Exception):
    title = "StudyApp"

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message}\n{self.hint}" if self.hint else self.message


class DatabaseError(StudyAppError):
    title = "Cannot open your study database"


class DatabaseNotOurs(DatabaseError):
    """The file exists but is not a StudyApp database (empty, foreign SQLite, not SQLite)."""


class DatabaseTooNew(DatabaseError):
    """Written by a newer StudyApp whose schema this version does not know."""


class DatabaseUnreadable(DatabaseError):
    """The file cannot be read: permissions, a disk I/O error, or damage (below)."""


class DatabaseDamaged(DatabaseUnreadable):
    """Real damage: not a database, malformed, or a failed integrity check. The only error
    for which restoring a backup is offered."""


class DataFolderMissing(DatabaseError):
    """The data folder vanished (an unplugged or unmounted drive)."""


class DatabaseLocked(DatabaseError):
    """Another process holds the database."""


class DatabaseReadOnly(DatabaseError):
    """The file or its folder cannot be written."""


class DiskFull(DatabaseError):
    title = "The disk is full"


class MigrationFailed(DatabaseError):
    """Upgrading the schema failed; the file was left as it was."""


class DeckFormatError(StudyAppError):
    title = "The deck file is not valid"

    def __init__(self, message: str, hint: str = "", *, source: str = "", line: int = 0) -> None:
        located = f"{source}:{line}: {message}" if source and line else message
        super().__init__(located, hint)
        self.source = source
        self.line = line


class ImportFailed(StudyAppError):
    title = "Import failed"

    def __init__(self, message: str, hint: str = "", *, source: str = "", line: int = 0) -> None:
        located = f"{source}:{line}: {message}" if source and line else message
        if source and not line:
            located = f"{source}: {message}"
        super().__init__(located, hint)
        self.source = source
        self.line = line


class BackupFailed(StudyAppError):
    title = "Backup failed"


class AlreadyRunning(StudyAppError):
    title = "StudyApp is already running"
