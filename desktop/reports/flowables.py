"""Platypus flowables for the certificate: bidirectional text, the QR code, handwritten strokes.

Text is drawn with our own flowable rather than platypus ``Paragraph``: Paragraph wraps the
text it is given, and given Arabic it would wrap glyphs already in visual order (lines come out
in the wrong order, DESIGN.md §5). ``BidiText`` wraps logical text first (``arabic.layout``),
then draws each visual line aligned to its reading side. No markup is parsed, so a name with
``&`` or ``<`` prints as typed.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any, Literal

import segno
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
    return list(_split_text(text, round(width, 2), style.font, style.size, max_lines))


@lru_cache(maxsize=4096)
def _split_text(text: str, width: float, font: str, size: float, max_lines: int
                ) -> tuple[str, ...]:
    """Cached like ``arabic.layout``: every certificate measures the same labels again."""

    def measure(piece: str) -> float:
        return float(stringWidth(piece, font, size))

    lines = arabic.wrap(text, width, measure)
    if len(lines) <= max_lines:
        return (text,)
    return tuple("\n".join(lines[start:start + max_lines])
                 for start in range(0, len(lines), max_lines))


def capped(text: str, limit: int = 300) -> str:
    """A name-like field cut to ``limit`` characters (the JSON attachment keeps all of it):
    names, units and ranks sit in rows with other paragraphs and are never split."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def qr_code(payload: str, size: float) -> Flowable:
    """The QR code as vector squares drawn straight on the canvas, ``size`` points square
    including the four-module quiet zone that scanners need. Error correction M (15 %) allows
    for a fold or a stain on paper."""
    return QrFlowable(payload, size)


class QrFlowable(Flowable):  # type: ignore[misc]  # reportlab ships no type hints
    """A QR code encoded with segno and drawn as filled vector rectangles.

    Not reportlab's own ``QrCode``: its pure-Python encoder scores the eight mask patterns
    slowly and was half of a certificate's build time; ``qr_matrix`` makes the code in about
    a quarter of that time. Dark modules are merged into rectangles (runs along a row, then
    equal runs in the rows below), each one ``re f`` in module units under one scaling, so
    the stream holds short integers. Each rectangle is its own fill, as reportlab did:
    renderers (poppler, Acrobat) snap a lone filled rectangle to the pixel grid, which keeps
    the modules crisp at 150 dpi; one path of many rectangles is not snapped and comes out
    blurred. Each reaches 5 % of a module down into the row below, so no hairline seam shows
    between rows in renderers that do not snap."""

    QUIET_ZONE = 4  # modules
    OVERLAP = 0.05  # of a module, downwards

    def __init__(self, payload: str, size: float) -> None:
        super().__init__()
        self.payload = payload
        self.width = self.height = size

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        matrix = qr_matrix(self.payload)
        side = len(matrix) + 2 * self.QUIET_ZONE  # modules, quiet zone included
        top = side - self.QUIET_ZONE
        canvas = self.canv
        canvas.saveState()
        canvas.scale(self.width / side, self.height / side)
        canvas.setFillColor(colors.black)
        overlap = self.OVERLAP
        canvas.addLiteral("\n".join(
            f"{column + self.QUIET_ZONE} {top - row - rows - overlap:g} {columns} "
            f"{rows + overlap:g} re f"
            for column, row, columns, rows in dark_rectangles(matrix)))
        canvas.restoreState()


def qr_matrix(payload: str) -> tuple[bytearray, ...]:
    """The modules of the QR code for ``payload`` (rows from the top, 1 for dark), error
    correction level M, made by segno with the data mask chosen by ``best_qr_mask``.

    segno would choose the mask itself, but it scores the eight candidates module by module
    in Python, which is three quarters of its time (~9 ms of ~12). Here segno makes the symbol
    with mask 0, the other seven are derived from it and scored on whole rows held as
    integers (~1 ms), and segno makes the symbol again with the best mask. The choice only
    decides how easy the code is to scan; segno makes a valid symbol whatever it is."""
    first = segno.make_qr(payload, error="m", boost_error=False, mask=0)
    mask = best_qr_mask(first.matrix, int(first.version))  # "M1".."M4" only for Micro QR
    if mask == 0:
        return tuple(first.matrix)
    return tuple(segno.make_qr(payload, error="m", boost_error=False, mask=mask).matrix)


_DIGITS = bytes.maketrans(b"\x00\x01", b"01")
_FINDER_LIKE = "1011101"


def best_qr_mask(masked_with_0: Sequence[Sequence[int]], version: int) -> int:
    """The data mask (0-7) with the lowest penalty (ISO/IEC 18004:2015 7.8.3: N1 runs of five
    or more, N2 2x2 blocks, N3 finder-like 1:1:3:1:1 patterns with four light modules on a
    side, N4 dark proportion) for the symbol whose modules are ``masked_with_0`` (data masked
    with pattern 0). As in segno, the format and version areas count as light (they are
    written after the choice), and the first of equal scores wins."""
    size = len(masked_with_0)
    keep, flips = _qr_geometry(version)
    base = [int(bytes(row).translate(_DIGITS), 2) & kept
            for row, kept in zip(masked_with_0, keep, strict=True)]
    pairs = ((1 << size) - 1) >> 1  # bit p stands for the columns at bits p and p + 1
    # All rows (or all columns) as one integer, a light module between lines, and where the
    # modules are in it: runs are found for the whole symbol in a few big-integer operations.
    modules = int("0".join(["1" * size] * size), 2)
    best, best_score = 0, -1
    for mask in range(8):
        rows = [row ^ flip for row, flip in zip(base, flips[mask], strict=True)]
        lines = [format(row, f"0{size}b") for row in rows]
        lines += ["".join(column) for column in zip(*lines, strict=True)]
        score = 0
        for half in (lines[:size], lines[size:]):  # N1: rows, then columns
            dark = int("0".join(half), 2)
            for ink in (dark, ~dark & modules):
                # a bit for each module that starts five of the same colour: a run of
                # n >= 5 gives n - 4 of them in one group and scores n - 2
                fives = ink & (ink >> 1) & (ink >> 2) & (ink >> 3) & (ink >> 4)
                score += fives.bit_count() + 2 * (fives & ~(fives << 1)).bit_count()
        for upper, lower in itertools.pairwise(rows):  # N2
            dark = upper & lower & (upper >> 1) & (lower >> 1)
            light = ~(upper | lower | (upper >> 1) | (lower >> 1)) & pairs
            score += 3 * (dark | light).bit_count()
        # N3, counted as segno does (a counted pattern hides those overlapping its end);
        # beyond the edge is light
        padded = "|".join(f"0000{line}0000" for line in lines)
        at = padded.find(_FINDER_LIKE)
        while at != -1:
            if padded[at - 4:at] == "0000" or padded[at + 7:at + 11] == "0000":
                score += 40
                at = padded.find(_FINDER_LIKE, at + 7)
            else:
                at = padded.find(_FINDER_LIKE, at + 4)
        dark_count = sum(row.bit_count() for row in rows)  # N4
        score += 10 * (abs(dark_count * 20 - size * size * 10) // (size * size))
        if best_score < 0 or score < best_score:
            best, best_score = mask, score
    return best


# The data mask patterns (ISO/IEC 18004:2015 table 10), i the row and j the column.
_MASKS: tuple[Callable[[int, int], bool], ...] = (
    lambda i, j: (i + j) % 2 == 0,
    lambda i, j: i % 2 == 0,
    lambda i, j: j % 3 == 0,
    lambda i, j: (i + j) % 3 == 0,
    lambda i, j: (i // 2 + j // 3) % 2 == 0,
    lambda i, j: (i * j) % 2 + (i * j) % 3 == 0,
    lambda i, j: ((i * j) % 2 + (i * j) % 3) % 2 == 0,
    lambda i, j: ((i + j) % 2 + (i * j) % 3) % 2 == 0,
)


@lru_cache(maxsize=8)
def _qr_geometry(version: int) -> tuple[list[int], list[list[int]]]:
    """For a QR code version, as one integer per row (the leftmost column is the highest
    bit): the modules kept when scoring (all but the format and version areas), and for each
    mask, the data modules where it differs from mask 0 (ISO/IEC 18004:2015 6.3, 7.8.2)."""
    size = 17 + 4 * version
    function = [[False] * size for _ in range(size)]
    reserved = [[False] * size for _ in range(size)]

    def block(rows: range, columns: range, grid: list[list[bool]]) -> None:
        for i in rows:
            for j in columns:
                grid[i][j] = True

    far = range(size - 8, size)
    for rows, columns in ((range(9), range(9)), (range(9), far), (far, range(9))):
        block(rows, columns, function)  # finders, separators, format areas
    block(range(size), range(6, 7), function)  # timing
    block(range(6, 7), range(size), function)
    if version >= 2:  # alignment patterns, not over the finders
        count = version // 7 + 2
        step = (version * 8 + count * 3 + 5) // (count * 4 - 4) * 2
        centres = [6, *sorted(size - 7 - n * step for n in range(count - 1))]
        corners = {(6, 6), (6, centres[-1]), (centres[-1], 6)}
        for i, j in itertools.product(centres, repeat=2):
            if (i, j) not in corners:
                block(range(i - 2, i + 3), range(j - 2, j + 3), function)
    for n in (*range(9), *far):  # format areas (and the dark module), not the timing
        if n != 6:
            reserved[8][n] = reserved[n][8] = True
    if version >= 7:  # version information
        near, side = range(6), range(size - 11, size - 8)
        for rows, columns in ((near, side), (side, near)):
            block(rows, columns, function)
            block(rows, columns, reserved)

    def bits(cells: Sequence[bool]) -> int:
        return int("".join("1" if cell else "0" for cell in cells), 2)

    data = [bits([not cell for cell in row]) for row in function]
    keep = [bits([not cell for cell in row]) for row in reserved]
    patterns = [[bits([test(i, j) for j in range(size)]) for i in range(size)]
                for test in _MASKS]
    flips = [[(pattern ^ first) & datum
              for pattern, first, datum in zip(patterns[mask], patterns[0], data, strict=True)]
             for mask in range(8)]
    return keep, flips


def dark_rectangles(matrix: Sequence[Sequence[int]]) -> list[tuple[int, int, int, int]]:
    """The dark modules of ``matrix`` (rows from the top) as disjoint rectangles
    (column, row, columns wide, rows high): each row's runs, a run extended down while the
    next row has a run with the same ends."""
    open_runs: dict[tuple[int, int], list[int]] = {}  # (start, length) -> [row, rows]
    done: list[tuple[int, int, int, int]] = []
    for row_index, row in enumerate(matrix):
        runs = []
        start = None
        for column, dark in enumerate(row):
            if dark and start is None:
                start = column
            elif not dark and start is not None:
                runs.append((start, column - start))
                start = None
        if start is not None:
            runs.append((start, len(row) - start))
        still_open: dict[tuple[int, int], list[int]] = {}
        for run in runs:
            extended = open_runs.pop(run, None)
            if extended is not None:
                extended[1] += 1
                still_open[run] = extended
            else:
                still_open[run] = [row_index, 1]
        done.extend((s, r, n, h) for (s, n), (r, h) in open_runs.items())
        open_runs = still_open
    done.extend((s, r, n, h) for (s, n), (r, h) in open_runs.items())
    done.sort(key=lambda rect: (rect[1], rect[0]))  # a fixed order: deterministic bytes
    return done


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
        if not any(self.strokes):
            return
        # The path in the pad's own integer units (y downwards) under one transformation:
        # the page stream holds the points as typed, with no float formatting per point
        # (reportlab's is pure Python; a real signature has hundreds of points).
        scale = self.width / self.PAD_WIDTH
        operators = []
        for stroke in self.strokes:
            if not stroke:
                continue
            first_x, first_y = stroke[0]
            operators.append(f"{int(first_x)} {int(first_y)} m")
            if len(stroke) == 1:  # a dot: a tiny segment (0.3 pt) so it still inks
                operators.append(f"{first_x + 0.3 / scale:.2f} {int(first_y)} l")
            operators.extend(f"{int(x)} {int(y)} l" for x, y in stroke[1:])
        operators.append("S")
        canvas.saveState()
        canvas.transform(scale, 0, 0, -scale, 0, self.height)
        canvas.setStrokeColor(self.ink)
        canvas.setLineWidth(0.9 / scale)
        canvas.setLineCap(1)  # round: looks like a pen, not a plotter
        canvas.setLineJoin(1)
        canvas.addLiteral("\n".join(operators))
        canvas.restoreState()
