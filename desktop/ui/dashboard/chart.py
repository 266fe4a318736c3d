"""Checkpoints handed over per month, as bars drawn with QPainter (QtCharts is not bundled).

Months run in reading order: from the right in Arabic, from the left in English. Every month
between the first and the last is shown, so a month with no handover is an empty slot.
"""

from __future__ import annotations

from PySide6.QtCore import QLocale, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from desktop.i18n import _, current_language
from desktop.ui.language import QT_LOCALES, number

BAR = QColor("#1b7a3d")
AXIS = QColor("#9aa8b6")
TEXT = QColor("#2b3640")
QUIET = QColor("#4a5866")
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


def digits(value: int) -> str:
    """An integer without group separators (a year), in the interface language's digits."""
    locale = QLocale(QT_LOCALES.get(current_language(), "en_GB"))
    locale.setNumberOptions(QLocale.NumberOption.OmitGroupSeparator)
    return locale.toString(value)


def month_label(key: str) -> tuple[str, str]:
    """Two lines under a bar: the month number, and the year."""
    return digits(int(key[5:])), digits(int(key[:4]))


class MonthChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bars: list[tuple[str, int]] = []
        self.setMinimumHeight(220)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName(_("Checkpoints handed over per month"))

    def sizeHint(self) -> QSize:
        return QSize(600, 220)

    def set_months(self, months: dict[str, int]) -> None:
        self.bars = month_range(months)
        self.setToolTip("\n".join(f"{a}/{b}: {number(n)}" for (a, b), n in
                                  ((month_label(key), n) for key, n in self.bars) if n))
        self.update()

    def bar_rects(self) -> list[QRectF]:
        """Where each month's bar stands, in the order of ``bars`` (for tests and painting)."""
        if not self.bars:
            return []
        metrics = self.fontMetrics()
        top = metrics.height() + 6
        bottom = self.height() - 2 * metrics.height() - 8
        slot = max(1.0, (self.width() - 16) / len(self.bars))
        width = min(MAX_BAR_WIDTH, slot * 0.7)
        highest = max(1, max(count for _key, count in self.bars))
        rects = []
        for index, (_key, count) in enumerate(self.bars):
            place = len(self.bars) - 1 - index if self.isRightToLeft() else index
            middle = 8 + slot * (place + 0.5)
            height = (bottom - top) * count / highest
            rects.append(QRectF(middle - width / 2, bottom - height, width, height))
        return rects

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
        bottom = self.height() - 2 * line - 8
        painter.setPen(QPen(AXIS, 1))
        painter.drawLine(4, int(bottom), self.width() - 4, int(bottom))
        slot = max(1.0, (self.width() - 16) / len(self.bars))
        for rect, (key, count) in zip(self.bar_rects(), self.bars, strict=True):
            centre = rect.center().x()
            label_box = QRectF(centre - slot / 2, bottom + 4, slot, line)
            month, year = month_label(key)
            painter.setPen(TEXT)
            painter.drawText(label_box, Qt.AlignmentFlag.AlignCenter, month)
            if key.endswith("-01") or key == self.bars[0][0]:
                wide = QRectF(centre - 40, bottom + 4 + line, 80, line)
                painter.setPen(QUIET)
                painter.drawText(wide, Qt.AlignmentFlag.AlignCenter, year)
            if not count:
                continue
            painter.fillRect(rect, BAR)
            painter.setPen(TEXT)
            painter.drawText(QRectF(centre - slot / 2, rect.top() - line - 2, slot, line),
                             Qt.AlignmentFlag.AlignCenter, number(count))
        painter.end()
