"""Plain QPainter charts for the Statistics window: no chart library (QtCharts is deprecated
and 3.4 MB; the rest bring numpy).

Each chart lays out *marks* (a rectangle, a colour, the exact value as text) from the data it
holds in memory; painting draws them and hovering shows the mark's text as a tooltip. Colours
come from the widget's palette (and the theme's accents), so light and dark both follow.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QMouseEvent, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QToolTip, QWidget

from studyapp.ui.theme import ACCENTS, blend

MARGIN = 8.0
LEVELS = 4
AXIS = 40.0  # room for the value labels on the left and the dates below


@dataclass(frozen=True, slots=True)
class Mark:
    rect: QRectF
    colour: QColor
    tip: str


class Chart(QWidget):
    """Marks, axis labels, and a tooltip with the exact value under the mouse."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMouseTracking(True)
        self.setMinimumHeight(140)
        self.hover_text = ""

    def accent(self, name: str) -> QColor:
        dark = self.palette().color(QPalette.ColorRole.Window).lightness() < 128
        return QColor(ACCENTS["dark" if dark else "light"][name])

    def colour(self, role: QPalette.ColorRole) -> QColor:
        return QColor(self.palette().color(role))

    def marks(self) -> list[Mark]:
        raise NotImplementedError

    def empty_text(self) -> str:
        return "Nothing to show yet."

    def paint_extra(self, painter: QPainter) -> None:
        """Lines and labels beyond the marks."""

    def mark_at(self, point: QPointF) -> Mark | None:
        for mark in self.marks():
            if mark.rect.adjusted(-1, -1, 1, 1).contains(point):
                return mark
        return None

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        try:
            self.paint(painter)
        finally:
            painter.end()

    def paint(self, painter: QPainter) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), self.colour(QPalette.ColorRole.Base))
        marks = self.marks()
        if not marks:
            painter.setPen(self.colour(QPalette.ColorRole.PlaceholderText))
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.empty_text())
            return
        painter.setPen(Qt.PenStyle.NoPen)
        # One brush and one call per colour, not per mark: PySide6 6.12 on Python 3.11 drops
        # a reference to None on every call that returns nothing, and a year of days is 371
        # marks (see the report of issue 16).
        by_colour: dict[int, list[QRectF]] = {}
        for mark in marks:
            by_colour.setdefault(mark.colour.rgba(), []).append(mark.rect)
        for rgba, rects in by_colour.items():
            painter.setBrush(QBrush(QColor.fromRgba(rgba)))
            painter.drawRects(rects)
        self.paint_extra(painter)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        mark = self.mark_at(event.position())
        self.hover_text = "" if mark is None else mark.tip
        if mark is None:
            QToolTip.hideText()
        else:
            QToolTip.showText(event.globalPosition().toPoint(), mark.tip, self)

    def plot_rect(self) -> QRectF:
        return QRectF(
            MARGIN + AXIS,
            MARGIN,
            max(self.width() - 2 * MARGIN - AXIS, 1.0),
            max(self.height() - 2 * MARGIN - AXIS / 2, 1.0),
        )

    def draw_label(
        self, painter: QPainter, rect: QRectF, text: str, align: Qt.AlignmentFlag
    ) -> None:
        painter.setPen(self.colour(QPalette.ColorRole.PlaceholderText))
        painter.drawText(rect, align, text)


def day_label(day: date) -> str:
    return f"{day:%a} {day.isoformat()}"


class Heatmap(Chart):
    """A year of study days: one column a week, one square a day, in LEVELS shades from
    none to the busiest day's count."""

    WEEKS = 53

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.today = date.today()
        self.days: dict[date, tuple[int, int, float]] = {}  # reviews, passed, seconds
        self.setMinimumHeight(int(7 * 14 + 2 * MARGIN + 16))

    def set_days(self, today: date, days: dict[date, tuple[int, int, float]]) -> None:
        self.today, self.days = today, days
        self.update()

    def cell(self) -> float:
        return min(
            (self.width() - 2 * MARGIN - AXIS) / self.WEEKS, (self.height() - 2 * MARGIN - 16) / 7
        )

    def marks(self) -> list[Mark]:
        size = self.cell()
        start = self.today - timedelta(days=self.today.weekday() + 7 * (self.WEEKS - 1))
        busiest = max((v[0] for v in self.days.values()), default=0)
        empty, full = self.colour(QPalette.ColorRole.AlternateBase), self.accent("good")
        found: list[Mark] = []
        for offset in range((self.today - start).days + 1):
            day = start + timedelta(days=offset)
            reviews, passed, seconds = self.days.get(day, (0, 0, 0.0))
            level = 0 if not reviews else math.ceil(LEVELS * reviews / busiest)
            colour = empty if not level else blend(empty, full, 0.2 + 0.8 * level / LEVELS)
            rect = QRectF(
                MARGIN + AXIS + (offset // 7) * size,
                MARGIN + 16 + (offset % 7) * size,
                size - 2,
                size - 2,
            )
            tip = f"{day_label(day)}: {reviews} reviews"
            if reviews:
                tip += f" ({passed} recalled), {seconds / 60:.1f} min"
            found.append(Mark(rect, colour, tip))
        return found

    def paint_extra(self, painter: QPainter) -> None:
        size = self.cell()
        for row, name in ((0, "Mon"), (2, "Wed"), (4, "Fri")):
            rect = QRectF(MARGIN, MARGIN + 16 + row * size, AXIS - 4, size)
            self.draw_label(painter, rect, name, Qt.AlignmentFlag.AlignRight)


class Bars(Chart):
    """Vertical bars over days, each with its exact value in the tooltip."""

    def __init__(self, unit: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.unit = unit
        self.values: list[tuple[date, float, str]] = []  # day, value, tooltip detail
        self.accent_name = "due"

    def set_values(self, values: Sequence[tuple[date, float, str]]) -> None:
        self.values = list(values)
        self.update()

    def top(self) -> float:
        return max((value for _d, value, _t in self.values), default=0.0) or 1.0

    def marks(self) -> list[Mark]:
        if not any(value for _d, value, _t in self.values):
            return []
        area = self.plot_rect()
        width = area.width() / len(self.values)
        top = self.top()
        found = []
        for index, (day, value, detail) in enumerate(self.values):
            height = max(area.height() * value / top, 1.0 if value else 0.0)
            rect = QRectF(
                area.left() + index * width + 1, area.bottom() - height, width - 2, height
            )
            found.append(Mark(rect, self.accent(self.accent_name), f"{day_label(day)}: {detail}"))
        return found

    def paint_extra(self, painter: QPainter) -> None:
        area = self.plot_rect()
        self.draw_label(
            painter,
            QRectF(MARGIN, area.top(), AXIS - 4, 14),
            f"{self.top():g}",
            Qt.AlignmentFlag.AlignRight,
        )
        if self.values:
            below = QRectF(area.left(), area.bottom() + 2, area.width(), AXIS / 2)
            self.draw_label(
                painter, below, self.values[0][0].isoformat(), Qt.AlignmentFlag.AlignLeft
            )
            self.draw_label(
                painter, below, self.values[-1][0].isoformat(), Qt.AlignmentFlag.AlignRight
            )

    def empty_text(self) -> str:
        return f"No {self.unit} in this period."


class RetentionLine(Chart):
    """True retention per week (points joined by a line) against the desired retention."""

    LOW = 0.5  # the bottom of the scale: retention below it is drawn at the bottom

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.weeks: list[tuple[date, float | None, int]] = []  # week start, rate, reviews
        self.desired = 0.9

    def set_weeks(self, weeks: Sequence[tuple[date, float | None, int]], desired: float) -> None:
        self.weeks, self.desired = list(weeks), desired
        self.update()

    def rate_y(self, rate: float) -> float:
        area = self.plot_rect()
        share = (max(rate, self.LOW) - self.LOW) / (1 - self.LOW)
        return area.bottom() - share * area.height()

    def marks(self) -> list[Mark]:
        if not any(rate is not None for _w, rate, _n in self.weeks):
            return []
        area = self.plot_rect()
        step = area.width() / max(len(self.weeks), 1)
        found = []
        for index, (week, rate, reviews) in enumerate(self.weeks):
            if rate is None:
                continue
            centre = QPointF(area.left() + (index + 0.5) * step, self.rate_y(rate))
            colour = self.accent("good" if rate >= self.desired else "hard")
            tip = (
                f"Week of {week.isoformat()}: {rate:.0%} recalled of {reviews} reviews "
                f"(desired {self.desired:.0%})"
            )
            found.append(Mark(QRectF(centre.x() - 4, centre.y() - 4, 8, 8), colour, tip))
        return found

    def paint_extra(self, painter: QPainter) -> None:
        area = self.plot_rect()
        desired_pen = QPen(self.accent("muted"), 1, Qt.PenStyle.DashLine)
        painter.setPen(desired_pen)
        painter.drawLine(
            QPointF(area.left(), self.rate_y(self.desired)),
            QPointF(area.right(), self.rate_y(self.desired)),
        )
        painter.setPen(QPen(self.accent("easy"), 2))
        painter.drawPolyline([mark.rect.center() for mark in self.marks()])
        for rate in (self.LOW, self.desired, 1.0):
            label = QRectF(MARGIN, self.rate_y(rate) - 7, AXIS - 4, 14)
            self.draw_label(painter, label, f"{rate:.0%}", Qt.AlignmentFlag.AlignRight)

    def empty_text(self) -> str:
        return "No reviews of learned questions in the last 12 weeks."


class TopicBars(Chart):
    """How well each topic is known: one horizontal bar per topic, subtopics indented."""

    ROW = 22.0

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.topics: list[tuple[tuple[str, ...], float | None, int, int]] = []

    def set_topics(self, topics: Sequence[tuple[tuple[str, ...], float | None, int, int]]) -> None:
        self.topics = list(topics)
        self.setMinimumHeight(int(max(len(self.topics), 3) * self.ROW + 2 * MARGIN))
        self.update()

    def label_width(self) -> float:
        return min(self.width() * 0.4, 260.0)

    def marks(self) -> list[Mark]:
        left = MARGIN + self.label_width()
        width = max(self.width() - left - MARGIN - 44, 1.0)
        found = []
        for row, (path, mastery, reviewed, total) in enumerate(self.topics):
            top = MARGIN + row * self.ROW + 4
            known = mastery or 0.0
            colour = self.accent("good" if known >= 0.85 else "hard" if known >= 0.7 else "again")
            if mastery is None:
                colour = self.colour(QPalette.ColorRole.AlternateBase)
            shown = "no question learned yet" if mastery is None else f"{mastery:.0%} known"
            tip = f"{'/'.join(path)}: {shown}, {reviewed} of {total} studied"
            rect = QRectF(left, top, max(width * known, 2.0), self.ROW - 8)
            found.append(Mark(rect, colour, tip))
        return found

    def paint_extra(self, painter: QPainter) -> None:
        painter.setPen(self.colour(QPalette.ColorRole.Text))
        for row, (path, _mastery, _reviewed, _total) in enumerate(self.topics):
            top = MARGIN + row * self.ROW
            indent = 12.0 * (len(path) - 1)
            name = QRectF(MARGIN + indent, top, self.label_width() - indent - 6, self.ROW)
            elided = painter.fontMetrics().elidedText(
                path[-1], Qt.TextElideMode.ElideRight, int(name.width())
            )
            painter.drawText(
                name, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, elided
            )
        painter.setPen(self.colour(QPalette.ColorRole.PlaceholderText))
        for row, (_path, mastery, _reviewed, _total) in enumerate(self.topics):
            top = MARGIN + row * self.ROW
            value = QRectF(self.width() - MARGIN - 40, top, 40, self.ROW)
            shown = "—" if mastery is None else f"{mastery:.0%}"
            painter.drawText(
                value, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight, shown
            )

    def empty_text(self) -> str:
        return "No topics yet: import a deck or your notes."
