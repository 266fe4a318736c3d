"""Checkpoints handed over per month, as bars drawn with QPainter (QtCharts is not bundled).

Months run in reading order: from the right in Arabic, from the left in English. Every month
between the first and the last is shown, so a month with no handover is an empty slot.

A bar opens the checkpoints behind it, like every other number on the dashboard: a click on its
column, or Enter on the bar that has the keyboard focus (the arrow keys move between bars with a
handover, in the direction they are drawn). Hovering a column shows its month and count.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QLocale, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFocusEvent,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from desktop.i18n import _, current_language, ngettext
from desktop.ui.language import QT_LOCALES, number

BAR = QColor("#1b7a3d")
BAR_HOVER = QColor("#14602f")
AXIS = QColor("#9aa8b6")
TEXT = QColor("#2b3640")
QUIET = QColor("#4a5866")
FOCUS = QColor("#1d4f7a")
MAX_BAR_WIDTH = 44


def month_range(months: dict[str, int]) -> list[tuple[str, int]]:
    """("YYYY-MM", count) for every month from the first to the last; gaps are zero."""
    keys = sorted(key for key in months if len(key) == 7 and key[4] == "-")
    if not keys:
        return []
    year, month = int(keys[0][:4]), int(keys[0][5:])
    last = keys[-1]
    found: list[tuple[str, int]] = []
    while True:
        key = f"{year:04d}-{month:02d}"
        found.append((key, months.get(key, 0)))
        if key >= last:
            return found
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def _locale() -> QLocale:
    return QLocale(QT_LOCALES.get(current_language(), "en_GB"))


def digits(value: int) -> str:
    """An integer without group separators (a year), in the interface language's digits."""
    locale = _locale()
    locale.setNumberOptions(QLocale.NumberOption.OmitGroupSeparator)
    return locale.toString(value)


def month_label(key: str) -> tuple[str, str]:
    """Two lines under a bar: the month number, and the year."""
    return digits(int(key[5:])), digits(int(key[:4]))


def month_name(key: str) -> str:
    """"March 2026" / "آذار ٢٠٢٦": the month as a person names it."""
    name = _locale().standaloneMonthName(int(key[5:]), QLocale.FormatType.LongFormat)
    return f"{name} {digits(int(key[:4]))}"


def bar_tooltip(key: str, count: int) -> str:
    return ngettext("{month}: {count} checkpoint handed over",
                    "{month}: {count} checkpoints handed over", count).format(
        month=month_name(key), count=number(count))


class MonthChart(QWidget):
    month_opened = Signal(str)  # "YYYY-MM" of the bar clicked or entered

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bars: list[tuple[str, int]] = []
        self.current: int | None = None  # the bar with the keyboard focus (index in bars)
        self.hovered: int | None = None
        self.setMinimumHeight(220)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setAccessibleName(_("Checkpoints handed over per month"))
        self.setAccessibleDescription(_(
            "Click a bar, or move to it with the arrow keys and press Enter, to see its "
            "checkpoints."))

    def sizeHint(self) -> QSize:
        return QSize(600, 220)

    def set_months(self, months: dict[str, int]) -> None:
        previous = self.bars[self.current][0] if self.current is not None else None
        self.bars = month_range(months)
        keys = [key for key, _count in self.bars]
        self.current = keys.index(previous) if previous in keys else None
        self.hovered = None
        self.update()

    # --- geometry -----------------------------------------------------------------------------

    def _slot(self) -> float:
        return max(1.0, (self.width() - 16) / len(self.bars))

    def _baseline(self) -> float:
        return self.height() - 2 * self.fontMetrics().height() - 8

    def bar_rects(self) -> list[QRectF]:
        """Where each month's bar stands, in the order of ``bars`` (for tests and painting)."""
        if not self.bars:
            return []
        top = self.fontMetrics().height() + 6
        bottom = self._baseline()
        slot = self._slot()
        width = min(MAX_BAR_WIDTH, slot * 0.7)
        highest = max(1, max(count for _key, count in self.bars))
        rects = []
        for index, (_key, count) in enumerate(self.bars):
            middle = self._centre(index, slot)
            height = (bottom - top) * count / highest
            rects.append(QRectF(middle - width / 2, bottom - height, width, height))
        return rects

    def _centre(self, index: int, slot: float) -> float:
        place = len(self.bars) - 1 - index if self.isRightToLeft() else index
        return 8 + slot * (place + 0.5)

    def column_rect(self, index: int) -> QRectF:
        """The whole column of a month, labels included: a big target for the mouse."""
        slot = self._slot()
        return QRectF(self._centre(index, slot) - slot / 2, 0, slot, self.height())

    def bar_at(self, point: QPointF) -> int | None:
        """The month (index in ``bars``) whose column holds ``point``."""
        for index in range(len(self.bars)):
            if self.column_rect(index).contains(point):
                return index
        return None

    # --- interaction --------------------------------------------------------------------------

    def open_bar(self, index: int) -> None:
        key, count = self.bars[index]
        if count:  # an empty month has no checkpoints behind it
            self.month_opened.emit(key)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        index = self.bar_at(event.position())
        if event.button() == Qt.MouseButton.LeftButton and index is not None:
            self.current = index
            self.update()
            self.open_bar(index)
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        index = self.bar_at(event.position())
        if index is not None and not self.bars[index][1]:
            index = None
        if index != self.hovered:
            self.hovered = index
            self.setCursor(Qt.CursorShape.PointingHandCursor if index is not None
                           else Qt.CursorShape.ArrowCursor)
            self.update()
        super().mouseMoveEvent(event)

    def leaveEvent(self, event: QEvent) -> None:
        self.hovered = None
        self.update()
        super().leaveEvent(event)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            index = self.bar_at(QPointF(event.pos()))
            if index is None:
                QToolTip.hideText()
                event.ignore()
            else:
                QToolTip.showText(event.globalPos(), bar_tooltip(*self.bars[index]), self,
                                  self.column_rect(index).toRect())
            return True
        return super().event(event)

    def tooltip_at(self, point: QPointF) -> str:
        index = self.bar_at(point)
        return "" if index is None else bar_tooltip(*self.bars[index])

    def _with_handovers(self) -> list[int]:
        return [index for index, (_key, count) in enumerate(self.bars) if count]

    def focusInEvent(self, event: QFocusEvent) -> None:
        if self.current is None and self._with_handovers():
            # start on the latest month: the one a supervisor asks about first
            self.current = self._with_handovers()[-1]
        self.update()
        super().focusInEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self.update()
        super().focusOutEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            if self.current is not None:
                self.open_bar(self.current)
            event.accept()
            return
        if key in (Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Home, Qt.Key.Key_End):
            self._move(key)
            event.accept()
            return
        super().keyPressEvent(event)

    def _move(self, key: Qt.Key) -> None:
        """Arrows move in the direction the bars are drawn (left is later in Arabic)."""
        stops = self._with_handovers()
        if not stops:
            return
        if key == Qt.Key.Key_Home:
            self.current = stops[0]
        elif key == Qt.Key.Key_End:
            self.current = stops[-1]
        else:
            forward = (key == Qt.Key.Key_Right) != self.isRightToLeft()
            at = self.current if self.current is not None else (
                stops[0] - 1 if forward else stops[-1] + 1)
            later = [i for i in stops if i > at] if forward else [i for i in stops if i < at]
            if later:
                self.current = later[0] if forward else later[-1]
        if self.current is not None:
            rect = self.column_rect(self.current)
            QToolTip.showText(self.mapToGlobal(rect.center().toPoint()),
                              bar_tooltip(*self.bars[self.current]), self, rect.toRect())
        self.update()

    # --- painting -----------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = self.fontMetrics()
        line = metrics.height()
        if not self.bars:
            painter.setPen(QUIET)
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter,
                             _("No checkpoint has been handed over yet."))
            return
        bottom = self._baseline()
        painter.setPen(QPen(AXIS, 1))
        painter.drawLine(4, int(bottom), self.width() - 4, int(bottom))
        slot = self._slot()
        for index, (rect, (key, count)) in enumerate(
                zip(self.bar_rects(), self.bars, strict=True)):
            centre = rect.center().x()
            label_box = QRectF(centre - slot / 2, bottom + 4, slot, line)
            month, year = month_label(key)
            painter.setPen(TEXT)
            painter.drawText(label_box, Qt.AlignmentFlag.AlignCenter, month)
            if key.endswith("-01") or key == self.bars[0][0]:
                wide = QRectF(centre - 40, bottom + 4 + line, 80, line)
                painter.setPen(QUIET)
                painter.drawText(wide, Qt.AlignmentFlag.AlignCenter, year)
            if self.hasFocus() and index == self.current:
                painter.setPen(QPen(FOCUS, 2, Qt.PenStyle.DashLine))
                painter.drawRect(self.column_rect(index).adjusted(3, 2, -3, -2))
            if not count:
                continue
            painter.fillRect(rect, BAR_HOVER if index == self.hovered else BAR)
            painter.setPen(TEXT)
            painter.drawText(QRectF(centre - slot / 2, rect.top() - line - 2, slot, line),
                             Qt.AlignmentFlag.AlignCenter, number(count))
        painter.end()
