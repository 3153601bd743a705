"""How one row of the topic tree reads: its text, colours and tooltip per column, from the
row's counts (the model, topic_tree.py, keeps the rows)."""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtGui import QColor, QFont, QStandardItem

from studyapp.services.views import TopicCounts
from studyapp.ui.theme import ACCENTS, mastery_colour

PLAN_KEY = "plan"  # the saved interview plan's node, above the others while there is one
KNOWN_TIP = (
    "Known: the share of the topic's questions you would still recall a week from now, as "
    "FSRS estimates it from your answers. New questions and questions still in their first "
    "learning steps count as not known, so one good answer is never 100 %."
)
COLUMN_TIPS = (
    "Topics and subtopics",
    "Questions to study now (reviews and learning steps due)",
    "New questions a session would show today (up to the daily limit)",
    KNOWN_TIP,
)
FIXED_TIPS = {
    "due": "Reviews due now, then today's new questions",
    "bookmarked": "Questions you bookmarked (B)",
    "all": "Every question, due ones first",
    PLAN_KEY: "Today's share of your interview plan (Ctrl+Shift+P); Tools › Interview Plan "
    "changes it",
}


@dataclass(eq=False)
class TreeItem:
    """One row: its scope key, what it shows, and its Qt cells (one per column)."""

    key: str
    title: str
    counts: TopicCounts
    parent: TreeItem | None
    cells: list[QStandardItem]
    fixed: bool = False
    children: list[TreeItem] = field(default_factory=list)


def display(item: TreeItem, column: int) -> str:
    counts = item.counts
    if column == 0:
        if item.fixed and item.key not in ("due", PLAN_KEY):
            return f"{item.title} ({counts.total})"
        return item.title
    if item.fixed:
        return str(counts.total) if column == 1 and item.key == "due" else ""
    if column == 1:
        return str(counts.due) if counts.due else ""
    if column == 2:
        return str(counts.new) if counts.new else ""
    return "" if counts.mastery is None else f"{round(counts.mastery * 100)}%"


def foreground(theme: str, item: TreeItem, column: int) -> QColor | None:
    accents = ACCENTS[theme]
    counts = item.counts
    if column == 1 and not item.fixed:
        return QColor(accents["due"])
    if column == 2:
        return QColor(accents["new"])
    if column == 3 and counts.mastery is not None:
        return QColor(mastery_colour(theme, counts.mastery))
    return None


def tooltip(item: TreeItem) -> str:
    counts = item.counts
    if item.fixed:
        return FIXED_TIPS[item.key]
    if counts.mastery is not None:
        known = f"{round(counts.mastery * 100)}%"
    else:
        known = "— (nothing answered yet)"
    return (
        f"{item.title}\n{counts.total} questions · {counts.due} due now · "
        f"{counts.new} new today · {counts.reviewed} answered\n"
        f"Known {known}\n\n{KNOWN_TIP}"
    )


def bold() -> QFont:
    font = QFont()
    font.setBold(True)
    return font
