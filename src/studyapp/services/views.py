"""What the services hand to the window: frozen records, rendered off the GUI thread."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

# The records the window reads come from here, so that `ui` depends on `services` alone.
from studyapp.store.records import (
    Changes,
    QuestionRecord,
    SearchHit,
    SnippetPart,
    TopicCounts,
    TopicNode,
    TopicTree,
)
from studyapp.study.scope import SessionCounts

if TYPE_CHECKING:
    from studyapp.io.importer import ImportPreview, ImportReport
    from studyapp.store.browse import BrowseRow  # (these two import SQLAlchemy)
    from studyapp.store.content import EditConflict
    from studyapp.study.stats import Summary

__all__ = [
    "BackupChoice",
    "BrowseListing",
    "BrowseRow",
    "CardView",
    "Changes",
    "ConflictView",
    "EditConflict",
    "EditView",
    "ImportPreview",
    "ImportReport",
    "PreviewView",
    "QuestionRecord",
    "SearchHit",
    "SessionCounts",
    "SettingsView",
    "SnippetPart",
    "StudyView",
    "Summary",
    "TopicCounts",
    "TopicNode",
    "TopicTree",
]


@dataclass(frozen=True, slots=True)
class CardView:
    """Everything the window needs to show one question."""

    question: QuestionRecord
    prompt_html: str
    answer_html: str
    intervals: dict[int, str]


@dataclass(frozen=True, slots=True)
class StudyView:
    """The session after a use case. `tree` is None when no count changed; `card` and
    `summary` say what the centre shows; `changes` names what the use case changed."""

    scope_key: str
    card: CardView | None
    summary: Summary | None
    counts: SessionCounts | None
    tree: TopicTree | None = None
    changes: Changes = Changes()
    message: str = ""
    expanded_topics: tuple[int, ...] = ()
    empty: bool = False  # the collection has no questions at all
    title: str = ""  # a chosen selection's name ("Drill: 20 weakest"); else the tree's


@dataclass(frozen=True, slots=True)
class SettingsView:
    new_per_day: int
    desired_retention: float


@dataclass(frozen=True, slots=True)
class PreviewView:
    """A parsed file, ready for the preview dialog."""

    preview: ImportPreview
    outline: tuple[tuple[int, str, int], ...]  # (depth, title, questions below)
    sample_html: str


@dataclass(frozen=True, slots=True)
class BackupChoice:
    path: Path
    taken_at: datetime
    label: str
    questions: int | None
    reviews: int | None


@dataclass(frozen=True, slots=True)
class EditView:
    """A question's Markdown source, for the editor."""

    question_id: int  # 0 for a question being added
    prompt_md: str
    answer_md: str
    tags: tuple[str, ...]
    topic_path: tuple[str, ...]
    topic_id: int = 0


@dataclass(frozen=True, slots=True)
class BrowseListing:
    """The question browser's rows for a topic or a search, in their natural order."""

    title: str
    rows: tuple[BrowseRow, ...]


@dataclass(frozen=True, slots=True)
class ConflictView:
    """A question edited in the app whose source now says something else: the user's text
    (kept) beside the source's (`new`, for `authoring.take_new_text`)."""

    topic_path: tuple[str, ...]
    prompt_md: str
    answer_md: str
    tags: tuple[str, ...]
    new: EditConflict

    @property
    def question_id(self) -> int:
        return self.new.question_id
