"""The bundled font (Amiri, SIL Open Font License 1.1), registered once with reportlab.

Amiri has both Arabic (with the presentation forms the reshaper produces) and Latin, so one
face serves both columns. It is copied into resources/fonts/amiri with its licence, so the
bundle does not depend on a font package at run time. reportlab embeds TrueType fonts as
subsets (only the glyphs used), which keeps a certificate around 100 KB.
"""

from __future__ import annotations

import threading

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from desktop.paths import resource

REGULAR = "Amiri"
BOLD = "Amiri-Bold"
FONT_DIR = ("fonts", "amiri")
_FILES = {REGULAR: "Amiri-Regular.ttf", BOLD: "Amiri-Bold.ttf"}

_lock = threading.Lock()  # batch printing may build certificates on worker threads


def register_fonts() -> None:
    """Register the faces (idempotent; parsing the TTF files takes ~0.1 s, so only once)."""
    with _lock:
        registered = set(pdfmetrics.getRegisteredFontNames())
        for name, filename in _FILES.items():
            if name not in registered:
                pdfmetrics.registerFont(TTFont(name, str(resource(*FONT_DIR, filename))))
        pdfmetrics.registerFontFamily(REGULAR, normal=REGULAR, bold=BOLD)


def missing_glyphs(text: str, font: str = REGULAR) -> list[str]:
    """The characters of ``text`` that ``font`` cannot draw (empty when all are there)."""
    register_fonts()
    face = pdfmetrics.getFont(font).face
    return sorted({char for char in text if ord(char) not in face.charToGlyph and char != " "})
