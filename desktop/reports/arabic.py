"""Arabic (and mixed Arabic/Latin) text laid out for reportlab, which draws glyphs left to right.

reportlab neither joins Arabic letters nor reorders right-to-left text on its own (its built-in
shaping needs ``rlbidi``, which is not on PyPI; DESIGN.md §5). So, for each paragraph:

1. split it into lines in *logical* order, measuring the *shaped* width of each word (the
   joined forms are narrower or wider than the isolated letters);
2. in each line, wrap Latin runs (serials, dates, codes, numbers) in LRE ... PDF marks so the
   bidi algorithm keeps them left to right inside Arabic (otherwise ``2026-03-14`` prints as
   ``14-03-2026``);
3. shape the line with ``arabic_reshaper`` (presentation forms: joined letters, lam-alef);
4. reorder it with python-bidi's *legacy* ``bidi.algorithm.get_display``, which also mirrors
   brackets (the 0.6 default ``bidi.get_display`` does not).

Wrapping must come before reordering: wrapping text that is already in visual order puts the
end of a sentence on the first line.

Harakat (vowel marks) are dropped by the reshaper: reportlab cannot position combining marks,
and unvocalised text is how official Arabic is normally printed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import Literal

import arabic_reshaper
from bidi.algorithm import get_display  # the legacy algorithm: mirrors brackets
from reportlab.pdfbase.pdfmetrics import stringWidth

Direction = Literal["ltr", "rtl"]

LRE = "\u202a"  # left-to-right embedding
PDF = "\u202c"  # pop directional formatting

# Letters of right-to-left scripts (Hebrew, Arabic and its supplements, presentation forms).
_RTL_LETTER = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
_LATIN_LETTER = re.compile("[A-Za-z\u00c0-\u024f]")
# A Latin run: words of Latin letters and digits with the punctuation found in serials, dates,
# times and codes ("ANB-R07-2026-000123", "10:05", "UTC+03:00"), joined by spaces (and an
# abbreviation's full stop: "Lt. Colonel") into phrases ("2026-03-14 10:05 (UTC+03:00)",
# "Demo Brigade 1"). A word never ends with ":" or ",", so "18: 15" stays two numbers that
# read right to left like the Arabic around them. Brackets belong to a run when they open and
# close inside it ("(100 KVA)"); a bracket closing outside, and a sentence's final full stop,
# stay outside and take the direction of the Arabic (mirrored with it).
_L = "A-Za-z0-9\u00c0-\u024f"
_LATIN_WORD = f"[(\\[]*[{_L}](?:[{_L}_\\-/:.,+#@&°'()\\[\\]]*[{_L}°)\\]])?"
_LATIN_RUN = re.compile(f"{_LATIN_WORD}(?:\\.? +{_LATIN_WORD})*")
# An Arabic run inside left-to-right text: the same idea the other way round, so an Arabic
# clause with brackets ("(الفوج 3 بدلاً من الفوج 4)") keeps its brackets with it. python-bidi's
# legacy algorithm predates the bracket-pair rule (UAX #9 N0) that would otherwise do this.
_AR = "\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufefc"
_ARABIC_RUN = re.compile(f"[(\\[]*[{_AR}](?:[{_AR}0-9 ()\\[\\]\\-/:.,]*[{_AR})\\]])?")
_PAIRS = {")": "(", "]": "["}
RLE = "\u202b"  # right-to-left embedding
_SPACE = re.compile(r"[ \t]+")

# Only the ligatures every Arabic font must have (lam-alef) plus the word Allah; Amiri has
# these in its character map. Other presentation-form ligatures are missing from many fonts.
_RESHAPER = arabic_reshaper.ArabicReshaper(
    configuration={
        "delete_harakat": True,
        "support_ligatures": True,
        "ARABIC LIGATURE ALLAH": True,
        "ARABIC LIGATURE LAM WITH ALEF": True,
        "ARABIC LIGATURE LAM WITH ALEF WITH HAMZA ABOVE": True,
        "ARABIC LIGATURE LAM WITH ALEF WITH HAMZA BELOW": True,
        "ARABIC LIGATURE LAM WITH ALEF WITH MADDA ABOVE": True,
    }
)


def has_rtl(text: str) -> bool:
    return _RTL_LETTER.search(text) is not None


def direction_of(text: str) -> Direction:
    """Right to left when Arabic letters outnumber Latin ones.

    A majority rather than the first strong letter (Unicode's rule P2) because free-text notes
    often start with a code ("CP-017 الحاجز متضرر") yet are Arabic sentences.
    """
    arabic = len(_RTL_LETTER.findall(text))
    latin = len(_LATIN_LETTER.findall(text))
    return "rtl" if arabic > latin else "ltr"


def shape(text: str) -> str:
    """Joined letter forms, still in logical order (for measuring)."""
    if not has_rtl(text):
        return text
    return str(_RESHAPER.reshape(text))


def isolate_latin(text: str) -> str:
    """Wrap each Latin run in LRE ... PDF so it keeps its own left-to-right order.

    A plain number is left alone: the bidi algorithm already keeps its digits in order, and
    an embedding would pull the punctuation between two numbers ("18: 15") into one
    left-to-right run with them (the legacy algorithm has embeddings, not isolates)."""

    def embed(match: re.Match[str]) -> str:
        run = match.group(0)
        if run.strip("()[]").isdigit():
            return run
        return _embed_run(run, LRE)

    return _LATIN_RUN.sub(embed, text)


def isolate_arabic(text: str) -> str:
    """Wrap each Arabic run in RLE ... PDF (for Arabic quoted inside English text)."""
    return _ARABIC_RUN.sub(lambda match: _embed_run(match.group(0), RLE), text)


def _embed_run(run: str, mark: str) -> str:
    start, end = 0, len(run)
    # Leave unbalanced brackets at either end outside the embedding.
    while not _balanced(run[start:end]):
        if run[start] in "([":
            start += 1
        elif run[end - 1] in ")]":
            end -= 1
        else:
            return run  # unbalanced in the middle: leave it to the bidi algorithm
    return f"{run[:start]}{mark}{run[start:end]}{PDF}{run[end:]}"


def _balanced(text: str) -> bool:
    stack: list[str] = []
    for char in text:
        if char in "([":
            stack.append(char)
        elif char in ")]" and (not stack or stack.pop() != _PAIRS[char]):
            return False
    return not stack


def visual(line: str, direction: Direction = "rtl") -> str:
    """One logical line in the order its glyphs are drawn from left to right."""
    if not has_rtl(line) and direction == "ltr":
        return line  # plain Latin text needs neither shaping nor reordering
    # In English text, embed the Arabic clauses first (they may hold digits), then the Latin
    # runs between them, so brackets stay with the clause they belong to.
    marked = isolate_latin(line if direction == "rtl" else isolate_arabic(line))
    base = "R" if direction == "rtl" else "L"
    return str(get_display(shape(marked), base_dir=base))


def wrap(text: str, width: float, measure: Callable[[str], float]) -> list[str]:
    """Logical lines no wider than ``width`` (by ``measure`` of the shaped text).

    Hard line breaks in the text start new paragraphs; a blank line is kept. A word wider
    than the line (a long serial, a pasted code) is broken between characters rather than
    drawn past the edge.
    """
    space = measure(" ")
    lines: list[str] = []
    for paragraph in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        words = [word for word in _SPACE.split(paragraph.strip()) if word]
        if not words:
            lines.append("")
            continue
        current: list[str] = []
        used = 0.0
        for word in words:
            word_width = measure(shape(word))
            if word_width > width:
                if current:
                    lines.append(" ".join(current))
                    current, used = [], 0.0
                pieces = _break_word(word, width, measure)
                lines.extend(pieces[:-1])
                current, used = [pieces[-1]], measure(shape(pieces[-1]))
                continue
            extra = word_width + (space if current else 0.0)
            if current and used + extra > width:
                lines.append(" ".join(current))
                current, used = [word], word_width
            else:
                current.append(word)
                used += extra
        lines.append(" ".join(current))
    return lines


def _break_word(word: str, width: float, measure: Callable[[str], float]) -> list[str]:
    pieces: list[str] = []
    current = ""
    for char in word:
        if current and measure(shape(current + char)) > width:
            pieces.append(current)
            current = char
        else:
            current += char
    pieces.append(current)
    return pieces


@lru_cache(maxsize=4096)
def layout(
    text: str, width: float, font: str, size: float, direction: Direction | None = None
) -> tuple[tuple[str, ...], Direction]:
    """The visual lines of ``text`` set in ``font`` at ``size`` within ``width`` points, and
    the direction they read in (the caller aligns right-to-left lines to the right).

    Cached: a batch of certificates repeats the same labels thousands of times.
    """
    resolved: Direction = direction or direction_of(text)

    def measure(piece: str) -> float:
        return float(stringWidth(piece, font, size))

    logical = wrap(text, width, measure)
    return tuple(visual(line, resolved) for line in logical), resolved


def text_width(visual_text: str, font: str, size: float) -> float:
    return float(stringWidth(visual_text, font, size))
