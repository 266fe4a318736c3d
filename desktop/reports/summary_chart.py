"""The summary's bar chart of handovers completed per month, drawn with reportlab graphics.

Months run right to left, the earliest on the right, as an Arabic reader reads (the caption
says so in English too). Each bar carries its count, each slot its month as YYYY-MM; with many
months the month labels stand on end so they do not run into each other.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from reportlab.graphics.shapes import Drawing, Group, Line, Rect, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from desktop.reports import arabic
from desktop.reports.fonts import BOLD, REGULAR
from desktop.reports.summary_labels import MONTH_AXIS, NO_HANDOVERS, Pair

BAR = colors.HexColor("#1e6b30")
AXIS = colors.HexColor("#7d8a97")
INK = colors.HexColor("#1a1a1a")
MUTED = colors.HexColor("#4a5561")

LABEL_SIZE = 7.0
COUNT_SIZE = 7.5
MAX_BAR_WIDTH = 28.0
READING_ORDER = Pair("Earliest month on the right (Arabic reading order)",
                     "الأشهر من اليمين إلى اليسار، الأقدم على اليمين")


def month_chart(months: Sequence[tuple[str, int]], width: float, height: float) -> Drawing:
    """A drawing ``width`` x ``height`` points of the bars for ``months`` (in time order)."""
    drawing = Drawing(width, height)
    # else the renderer selects Helvetica first, which then sits in the PDF unembedded
    drawing.initialFontName = REGULAR
    if not months or not any(count for _key, count in months):
        _text(drawing, f"{NO_HANDOVERS.en}", width / 4, height / 2, "middle", MUTED, 9)
        _text(drawing, arabic.visual(NO_HANDOVERS.ar, "rtl"), width * 3 / 4, height / 2,
              "middle", MUTED, 9.5)
        return drawing
    slot = width / len(months)
    upright = stringWidth("0000-00", REGULAR, LABEL_SIZE) + 4 > slot  # labels on end
    label_band = (stringWidth("0000-00", REGULAR, LABEL_SIZE) + 6) if upright else 12.0
    caption_band = 14.0
    bottom = caption_band + label_band
    top = height - COUNT_SIZE - 4
    highest = max(count for _key, count in months)
    bar_width = min(MAX_BAR_WIDTH, slot * 0.68)
    # Over many years the slots get narrower than a line of text: label every step-th month
    # (the first month of the period among them), and counts only where they fit.
    step = max(1, math.ceil((LABEL_SIZE + 2) / slot))
    drawing.add(Line(0, bottom, width, bottom, strokeColor=AXIS, strokeWidth=0.6))
    for index, (key, count) in enumerate(months):
        # index 0 (the earliest month) in the rightmost slot
        centre = width - slot * (index + 0.5)
        bar_height = (top - bottom) * count / highest
        if count:
            drawing.add(Rect(centre - bar_width / 2, bottom, bar_width, bar_height,
                             fillColor=BAR, strokeColor=None))
            if stringWidth(str(count), BOLD, COUNT_SIZE) <= slot:
                _text(drawing, str(count), centre, bottom + bar_height + 2, "middle", INK,
                      COUNT_SIZE, BOLD)
        if index % step:
            continue
        if upright:
            label = Group(String(0, 0, key, fontName=REGULAR, fontSize=LABEL_SIZE,
                                 fillColor=INK, textAnchor="end"))
            # turned 90° anticlockwise: reads upwards, ending just under the axis
            label.transform = (0, 1, -1, 0, centre + LABEL_SIZE * 0.35, bottom - 3)
            drawing.add(label)
        else:
            _text(drawing, key, centre, bottom - 9, "middle", INK, LABEL_SIZE)
    caption = f"{MONTH_AXIS.en} · {READING_ORDER.en}"
    _text(drawing, caption, 0, 2, "start", MUTED, 7)
    _text(drawing, arabic.visual(f"{MONTH_AXIS.ar} · {READING_ORDER.ar}", "rtl"), width, 2,
          "end", MUTED, 7.5)
    return drawing


def _text(drawing: Drawing, text: str, x: float, y: float, anchor: str,
          colour: colors.Color, size: float, font: str = REGULAR) -> None:
    drawing.add(String(x, y, text, fontName=font, fontSize=size, fillColor=colour,
                       textAnchor=anchor))
