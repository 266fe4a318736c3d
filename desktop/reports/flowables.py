"""Platypus flowables for the certificate: bidirectional text, the QR code, handwritten strokes.

Text is drawn with our own flowable rather than platypus ``Paragraph``: Paragraph wraps the
text it is given, and given Arabic it would wrap glyphs already in visual order (lines come out
in the wrong order, DESIGN.md §5). ``BidiText`` wraps logical text first (``arabic.layout``),
then draws each visual line aligned to its reading side. No markup is parsed, so a name with
``&`` or ``<`` prints as typed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any, Literal

from reportlab.graphics.barcode.qr import QrCode
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

from desktop.reports import arabic
from desktop.reports.fonts import REGULAR

Align = Literal["left", "right", "center", "start"]


@dataclass(frozen=True, slots=True)
class TextStyle:
    font: str = REGULAR
    size: float = 8.5
    leading: float = 12.0
    color: colors.Color = colors.black
    align: Align = "start"  # "start": left for left-to-right text, right for Arabic
    direction: arabic.Direction | None = None  # None: decided from the text

    def but(self, **changes: Any) -> TextStyle:
        return replace(self, **changes)


class BidiText(Flowable):  # type: ignore[misc]  # reportlab ships no type hints
    """A paragraph of Arabic, Latin or mixed text that fills the width it is given."""

    def __init__(self, text: str, style: TextStyle) -> None:
        super().__init__()
        self.text = text
        self.style = style
        self._lines: tuple[str, ...] = ()
        self._direction: arabic.Direction = "ltr"
        self.width = 0.0
        self.height = 0.0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        style = self.style
        self._lines, self._direction = arabic.layout(
            self.text, round(avail_width, 2), style.font, style.size, style.direction
        )
        self.width = avail_width
        self.height = max(1, len(self._lines)) * self._leading()
        return self.width, self.height

    def _leading(self) -> float:
        # Amiri's Arabic reaches 1.0 em above the baseline (hamza over lam-alef) and 0.57 em
        # below (the tail of a final yeh): Arabic lines need more room than Latin ones.
        if self._direction == "rtl":
            return max(self.style.leading, 1.45 * self.style.size)
        return self.style.leading

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        # Certificate texts live inside table rows, which never split; a paragraph on its own
        # (the void reason) is short. Moving it whole to the next frame is the clean choice.
        return []

    def draw(self) -> None:
        style = self.style
        canvas = self.canv
        canvas.setFont(style.font, style.size)
        canvas.setFillColor(style.color)
        align = style.align
        if align == "start":
            align = "right" if self._direction == "rtl" else "left"
        leading, size = self._leading(), style.size
        if self._direction == "rtl":  # centre the Arabic ink box (1.0 em up, 0.57 down)
            baseline_drop = leading - 0.52 * size - (leading - 1.45 * size) / 2
        else:  # Latin: capitals 0.7 em up, descenders 0.37 em down, a little air above
            baseline_drop = leading - (leading - size) / 2 - size * 0.22
        for index, line in enumerate(self._lines):
            y = self.height - index * leading - baseline_drop
            if align == "right":
                canvas.drawRightString(self.width, y, line)
            elif align == "center":
                canvas.drawCentredString(self.width / 2, y, line)
            else:
                canvas.drawString(0, y, line)


def split_text(text: str, width: float, style: TextStyle, max_lines: int) -> list[str]:
    """``text`` cut into pieces of at most ``max_lines`` lines when set ``width`` wide, each
    piece its own logical text (lines joined by hard breaks, so it wraps the same again).

    A table row never splits across pages, and a row taller than a page cannot be placed at
    all; free text may be 4000 characters (desktop.domain.entities.MAX_TEXT), so the caller
    gives each piece its own row."""

    def measure(piece: str) -> float:
        return float(stringWidth(piece, style.font, style.size))

    lines = arabic.wrap(text, round(width, 2), measure)
    if len(lines) <= max_lines:
        return [text]
    return ["\n".join(lines[start:start + max_lines])
            for start in range(0, len(lines), max_lines)]


def capped(text: str, limit: int = 300) -> str:
    """A name-like field cut to ``limit`` characters (the JSON attachment keeps all of it):
    names, units and ranks sit in rows with other paragraphs and are never split."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def qr_code(payload: str, size: float) -> Flowable:
    """The QR code as vector squares drawn straight on the canvas, ``size`` points square
    including the four-module quiet zone that scanners need. Error correction M (15 %) allows
    for a fold or a stain on paper.

    reportlab's ``QrCode`` flowable rather than ``QrCodeWidget`` in a ``Drawing``: the widget
    encodes the payload twice (once to measure) and builds a shape object per dark run, which
    made it more than half of a certificate's build time; the flowable encodes once and emits
    one rectangle per dark run of modules."""
    return QrCode(payload, width=size, height=size, qrLevel="M", qrBorder=4)


class StrokeBox(Flowable):  # type: ignore[misc]
    """A handwritten signature: its strokes (in the 1000 x 400 pad, y downwards) drawn as
    vector paths, scaled to fit a framed box of the pad's shape."""

    PAD_WIDTH = 1000
    PAD_HEIGHT = 400

    def __init__(
        self, strokes: Sequence[Sequence[Sequence[int]]], width: float, ink: colors.Color
    ) -> None:
        super().__init__()
        self.strokes = strokes
        self.width = width
        self.height = width * self.PAD_HEIGHT / self.PAD_WIDTH
        self.ink = ink

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        canvas.setStrokeColor(colors.HexColor("#9aa5b1"))
        canvas.setLineWidth(0.4)
        canvas.rect(0, 0, self.width, self.height, stroke=1, fill=0)
        if not self.strokes:
            return
        scale = self.width / self.PAD_WIDTH
        path = canvas.beginPath()
        for stroke in self.strokes:
            if not stroke:
                continue
            first_x, first_y = stroke[0]
            path.moveTo(first_x * scale, self.height - first_y * scale)
            if len(stroke) == 1:  # a dot: a tiny segment so it still inks
                path.lineTo(first_x * scale + 0.3, self.height - first_y * scale)
            for x, y in stroke[1:]:
                path.lineTo(x * scale, self.height - y * scale)
        canvas.setStrokeColor(self.ink)
        canvas.setLineWidth(0.9)
        canvas.setLineCap(1)  # round: looks like a pen, not a plotter
        canvas.setLineJoin(1)
        canvas.drawPath(path, stroke=1, fill=0)
