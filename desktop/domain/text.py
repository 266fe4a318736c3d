"""Folding text for search, so that people find what they mean in Arabic and English.

Arabic is written with and without hamza on alef, with ta marbuta or ha, with or without
diacritics and tatweel; digits come as Arabic-Indic or Latin. Search compares folded forms.
"""

from __future__ import annotations

import re

_DIACRITICS = re.compile("[\u064b-\u0652\u0670\u0640]")  # harakat, dagger alef, tatweel
_FOLD = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ى": "ي",
        "ئ": "ي",
        "ؤ": "و",
        "ة": "ه",
        **{chr(0x0660 + d): str(d) for d in range(10)},  # Arabic-Indic digits
        **{chr(0x06F0 + d): str(d) for d in range(10)},  # Eastern Arabic-Indic digits
    }
)


def fold(text: str | None) -> str:
    if not text:
        return ""
    return _DIACRITICS.sub("", text).translate(_FOLD).casefold()


def like_pattern(text: str) -> str:
    """A LIKE pattern (escape character ``\\``) matching the folded text anywhere."""
    escaped = fold(text.strip()).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"
