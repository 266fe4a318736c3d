"""Print, for every .po catalogue, how many messages still need a translator (`make catalogues`).

English catalogues are expected to stay empty: English is the source language.
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.pofile import read_po

LOCALE = Path(__file__).resolve().parent.parent / "resources" / "locale"


def main() -> int:
    for po_path in sorted(LOCALE.glob("*/LC_MESSAGES/*.po")):
        language = po_path.parent.parent.name
        with po_path.open("rb") as handle:
            catalog = read_po(handle, locale=language)
        messages = [m for m in catalog if m.id]
        fuzzy = [m for m in messages if m.fuzzy]
        empty = [m for m in messages if not m.fuzzy and not _translated(m.string)]
        line = f"{po_path.relative_to(LOCALE.parent.parent)}: {len(messages)} messages"
        if language != "en":
            line += f", {len(empty)} untranslated, {len(fuzzy)} fuzzy (need review)"
        print(line)
    return 0


def _translated(string: object) -> bool:
    if isinstance(string, tuple | list):
        return all(string)
    return bool(string)


if __name__ == "__main__":
    sys.exit(main())
