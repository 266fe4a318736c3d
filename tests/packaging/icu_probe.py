"""Ask an ICU build (a folder with libicuuc.so.NN and libicui18n.so.NN) what Qt asks it for.

    python icu_probe.py FOLDER   ->  JSON on standard output

Qt Core imports only these ICU functions (``nm -D --undefined-only libQt6Core.so.6``): case
mapping, collation, code-page converters and time-zone names. Run as its own process, because
the test process already holds the ICU that PySide6 loaded under the same library names.
"""

from __future__ import annotations

import ctypes
import json
import sys
from pathlib import Path

WORDS = ["بغداد", "الأنبار", "إبراهيم", "آمنة", "يوسف", "ءامن", "كركوك", "١٢٣", "123",
         "zebra", "Apple", "apple", "éclair", "Ötzi", "straße"]
LOCALES = ["ar", "ar_IQ", "en", "en_GB", "root"]
CODE_PAGES = ["UTF-8", "ISO-8859-1", "windows-1256", "ISO-8859-6", "windows-1252", "Shift_JIS",
              "GB18030"]
ZONES = ["Asia/Baghdad", "Europe/London", "UTC"]


def probe(folder: Path) -> dict[str, object]:
    version = next(folder.glob("libicuuc.so.*")).name.rsplit(".", 1)[1]
    common = ctypes.CDLL(str(folder / f"libicuuc.so.{version}"))
    i18n = ctypes.CDLL(str(folder / f"libicui18n.so.{version}"))

    def function(library: ctypes.CDLL, name: str, result: object = ctypes.c_int32) -> object:
        found = getattr(library, f"{name}_{version}")
        found.restype = result
        return found

    status = ctypes.c_int(0)
    open_collator = function(i18n, "ucol_open", ctypes.c_void_p)
    sort_key = function(i18n, "ucol_getSortKey")
    upper = function(common, "u_strToUpper")
    open_converter = function(common, "ucnv_open", ctypes.c_void_p)
    close_converter = function(common, "ucnv_close", None)
    open_calendar = function(i18n, "ucal_open", ctypes.c_void_p)
    zone_name = function(i18n, "ucal_getTimeZoneDisplayName")

    def utf16(text: str) -> tuple[bytes, int]:
        data = text.encode("utf-16-le")
        return data, len(data) // 2

    report: dict[str, object] = {"collation": {}, "upper": {}, "zones": {}, "code_pages": {}}
    for locale in LOCALES:
        status.value = 0
        collator = open_collator(locale.encode(), ctypes.byref(status))
        opened = status.value

        def key(word: str, collator: object = collator) -> bytes:
            data, length = utf16(word)
            buffer = ctypes.create_string_buffer(1024)
            size = sort_key(ctypes.c_void_p(collator), data, length, buffer, 1024)
            return buffer.raw[:size]

        report["collation"][locale] = {"status": opened, "order": sorted(WORDS, key=key)}
        data, length = utf16("istanbul straße عربي")
        buffer = ctypes.create_string_buffer(256)
        status.value = 0
        size = upper(buffer, 128, data, length, locale.encode(), ctypes.byref(status))
        report["upper"][locale] = buffer.raw[: 2 * size].decode("utf-16-le")
        for zone in ZONES:
            zone_data, zone_length = utf16(zone)
            status.value = 0
            calendar = open_calendar(zone_data, zone_length, locale.encode(), 0,
                                     ctypes.byref(status))
            name = ctypes.create_string_buffer(256)
            status.value = 0
            size = zone_name(ctypes.c_void_p(calendar), 0, locale.encode(), name, 128,
                             ctypes.byref(status))  # 0: UCAL_STANDARD
            report["zones"][f"{locale} {zone}"] = name.raw[: 2 * max(size, 0)].decode(
                "utf-16-le")
    for name in CODE_PAGES:
        status.value = 0
        converter = open_converter(name.encode(), ctypes.byref(status))
        # ICU: <= 0 is success (negative values are warnings such as "ambiguous alias").
        report["code_pages"][name] = status.value <= 0
        if converter:
            close_converter(ctypes.c_void_p(converter))
    return report


if __name__ == "__main__":
    print(json.dumps(probe(Path(sys.argv[1])), ensure_ascii=False))
