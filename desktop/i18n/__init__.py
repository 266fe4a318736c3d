"""Translation without Qt: gettext catalogues (.po) read through Babel.

Arabic is the default language; English is one setting away. Every catalogue under
``resources/locale/<lang>/LC_MESSAGES/*.po`` is merged into one translation table, so that each
layer (core messages, screens, reports) keeps its own file. Source strings are English.
"""

from __future__ import annotations

import gettext
import threading
from collections.abc import Iterable
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from desktop.paths import resource

LANGUAGES: dict[str, str] = {"ar": "العربية", "en": "English"}
DEFAULT_LANGUAGE = "ar"
RIGHT_TO_LEFT = frozenset({"ar"})

_lock = threading.Lock()
_active: gettext.NullTranslations = gettext.NullTranslations()
_active_code = "en"
_cache: dict[str, gettext.NullTranslations] = {}


def catalogue_dir() -> Path:
    return resource("locale")


def catalogue_files(code: str) -> list[Path]:
    return sorted((catalogue_dir() / code / "LC_MESSAGES").glob("*.po"))


def load_translations(code: str) -> gettext.NullTranslations:
    """Merge every catalogue of a language; English source strings fall through unchanged."""
    if code not in LANGUAGES:
        raise ValueError(f"unknown language {code!r}; choose one of {', '.join(LANGUAGES)}")
    with _lock:
        cached = _cache.get(code)
    if cached is not None:
        return cached
    merged: gettext.NullTranslations = gettext.NullTranslations()
    for po_path in catalogue_files(code):
        merged = _chain(merged, _compile(po_path, code))
    with _lock:
        _cache[code] = merged
    return merged


def _compile(po_path: Path, code: str) -> gettext.GNUTranslations:
    import io

    with po_path.open("rb") as handle:
        catalog = read_po(handle, locale=code)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def _chain(
    first: gettext.NullTranslations, second: gettext.GNUTranslations
) -> gettext.NullTranslations:
    if isinstance(first, gettext.GNUTranslations):
        first.add_fallback(second)
        return first
    return second


def set_language(code: str) -> None:
    global _active, _active_code
    translations = load_translations(code)
    with _lock:
        _active = translations
        _active_code = code


def current_language() -> str:
    return _active_code


def is_right_to_left(code: str | None = None) -> bool:
    return (code or _active_code) in RIGHT_TO_LEFT


def _(message: str) -> str:
    """Translate a source (English) string into the active language."""
    return _active.gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    return _active.ngettext(singular, plural, count)


def N_(message: str) -> str:
    """Mark a string for extraction; it is translated later, where it is shown."""
    return message


def translated_in(code: str, messages: Iterable[str]) -> dict[str, str]:
    translations = load_translations(code)
    return {message: translations.gettext(message) for message in messages}
