"""Handwritten signatures: checking the strokes, and rendering them to a PNG without Qt.

Other tools accept an empty image as a signature; here an empty pad, a dot or a short dash is
refused. Strokes are kept as vectors (for the PDF) and rendered once to a PNG (for a quick
look and for the content-addressed store). The renderer is plain Python so the demo, the
reports and the GUI produce the same bytes from the same strokes.
"""

from __future__ import annotations

import itertools
import math
import struct
import zlib
from collections.abc import Sequence
from typing import Any

from desktop.domain.errors import ValidationError
from desktop.i18n import _

PAD_WIDTH = 1000
PAD_HEIGHT = 400
MIN_POINTS = 12
MIN_INK = 400.0  # total stroke length, in pad units
MIN_SPAN_X = 150
MIN_SPAN_Y = 40
MAX_POINTS = 20_000

Stroke = Sequence[Sequence[int]]


def check_strokes(strokes: Any) -> tuple[tuple[tuple[int, int], ...], ...]:
    """The strokes as tuples of integer points, or a sentence saying why they are refused."""
    if not isinstance(strokes, list | tuple):
        raise ValidationError(_("The signature data is not a list of strokes."), "strokes")
    cleaned: list[tuple[tuple[int, int], ...]] = []
    total = 0
    for stroke in strokes:
        if not isinstance(stroke, list | tuple):
            raise ValidationError(_("The signature data is not a list of strokes."), "strokes")
        points: list[tuple[int, int]] = []
        for point in stroke:
            if (
                not isinstance(point, list | tuple)
                or len(point) != 2
                or not all(isinstance(v, int) and not isinstance(v, bool) for v in point)
                or not (0 <= point[0] <= PAD_WIDTH and 0 <= point[1] <= PAD_HEIGHT)
            ):
                raise ValidationError(
                    _("The signature has a point outside the signing area."), "strokes"
                )
            points.append((point[0], point[1]))
        total += len(points)
        if points:
            cleaned.append(tuple(points))
    if total > MAX_POINTS:
        raise ValidationError(
            _("The signature has too many points; clear it and sign again."), "strokes"
        )
    if not _substantial(cleaned):
        raise ValidationError(
            _("The signature is empty or too small. Ask the person to sign across the pad."),
            "strokes",
        )
    return tuple(cleaned)


def _substantial(strokes: Sequence[Stroke]) -> bool:
    points = [p for stroke in strokes for p in stroke]
    if len(points) < MIN_POINTS:
        return False
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    if max(xs) - min(xs) < MIN_SPAN_X or max(ys) - min(ys) < MIN_SPAN_Y:
        return False
    ink = sum(math.dist(a, b) for stroke in strokes for a, b in itertools.pairwise(stroke))
    return ink >= MIN_INK


def render_png(strokes: Sequence[Stroke], scale: float = 0.5, pen: int = 3) -> bytes:
    """Black strokes on white, as an 8-bit greyscale PNG (deterministic bytes)."""
    width, height = int(PAD_WIDTH * scale), int(PAD_HEIGHT * scale)
    pixels = bytearray(b"\xff" * (width * height))
    radius = max(0, pen // 2)

    def dab(x: int, y: int) -> None:
        for dy in range(-radius, radius + 1):
            for dx in range(-radius, radius + 1):
                px, py = x + dx, y + dy
                if 0 <= px < width and 0 <= py < height:
                    pixels[py * width + px] = 0

    for stroke in strokes:
        scaled = [(round(x * scale), round(y * scale)) for x, y in stroke]
        if len(scaled) == 1:
            dab(*scaled[0])
        for (x0, y0), (x1, y1) in itertools.pairwise(scaled):
            steps = max(abs(x1 - x0), abs(y1 - y0), 1)
            for step in range(steps + 1):
                dab(x0 + (x1 - x0) * step // steps, y0 + (y1 - y0) * step // steps)
    raw = b"".join(
        b"\x00" + bytes(pixels[row * width : (row + 1) * width]) for row in range(height)
    )
    return _png(width, height, raw)


def _png(width: int, height: int, raw: bytes) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit greyscale
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )


def synthetic_signature(seed: int) -> tuple[tuple[tuple[int, int], ...], ...]:
    """A plausible looping signature for demo data and tests (deterministic for a seed)."""
    strokes = []
    for part in range(2):
        points = []
        for step in range(60):
            t = step / 59
            x = 80 + part * 420 + int(360 * t)
            y = 200 + int(90 * math.sin(t * math.pi * (3 + (seed + part) % 3)) * (1 - t / 2))
            points.append((min(PAD_WIDTH, max(0, x)), min(PAD_HEIGHT, max(0, y))))
        strokes.append(tuple(points))
    return tuple(strokes)
