"""Arabic layout for the PDFs: shaping, order, brackets, numbers, dates, wrapping.

Text extraction of Arabic from a PDF is unreliable (DESIGN.md §5), so the logic that decides
what is drawn is tested here directly: the visual string is what reportlab draws from left to
right. ``rev(word)`` is a single Arabic word as drawn: its joined forms, last letter first.
"""

from __future__ import annotations

import bidi
import pytest
from bidi.algorithm import get_display as legacy_get_display
from reportlab.pdfbase.pdfmetrics import stringWidth

from desktop.reports import arabic
from desktop.reports.arabic import LRE, PDF, RLE, direction_of, isolate_latin, shape, visual, wrap
from desktop.reports.fonts import BOLD, REGULAR, missing_glyphs, register_fonts
from tests.reports import samples


def rev(word: str) -> str:
    return shape(word)[::-1]


def measure(text: str) -> float:
    return float(stringWidth(text, REGULAR, 10))


@pytest.fixture(autouse=True, scope="module")
def _fonts() -> None:
    register_fonts()


# --- shaping ------------------------------------------------------------------------------------


def test_letters_are_joined_into_presentation_forms() -> None:
    # sheen initial, reh final, tah initial, teh marbuta final
    assert shape("شرطة") == "\ufeb7\ufeae\ufec3\ufe94"
    # lam followed by alef is one ligature glyph: seen initial, lam-alef final, meem isolated
    assert shape("سلام") == "\ufeb3\ufefc\ufee1"
    assert "\ufef7" in shape("الأمنية")  # lam with alef with hamza above


def test_harakat_are_dropped_because_reportlab_cannot_place_them() -> None:
    assert shape("المسلِّمة") == shape("المسلمة")


def test_latin_text_is_left_alone() -> None:
    assert shape("ANB-R07-2026-000123") == "ANB-R07-2026-000123"
    assert visual("Radio sets (6)", "ltr") == "Radio sets (6)"


def test_every_glyph_the_certificate_needs_is_in_the_bundled_font() -> None:
    from desktop.reports import labels

    texts = [value.ar for value in vars(labels).values() if isinstance(value, labels.Pair)]
    data = samples.long()
    texts += [data.checkpoint_ar, data.handing.unit_ar, data.handing.representative.name_ar]
    texts += [line.text_ar + line.note for line in data.exceptions]
    for text in texts:
        for font in (REGULAR, BOLD):
            assert missing_glyphs(visual(text), font) == [], text


# --- order ----------------------------------------------------------------------------------------


def test_arabic_words_read_right_to_left() -> None:
    assert visual("قيادة شرطة الأنبار") == f"{rev('الأنبار')} {rev('شرطة')} {rev('قيادة')}"


def test_brackets_around_arabic_are_mirrored() -> None:
    # logical "الجهة (جيش)": drawn left to right the bracket pair still encloses the word
    assert visual("الجهة (جيش)") == f"({rev('جيش')}) {rev('الجهة')}"
    assert visual("البند [ملاحظة] هنا") == f"{rev('هنا')} [{rev('ملاحظة')}] {rev('البند')}"


def test_the_default_python_bidi_would_not_mirror_them() -> None:
    # Why arabic.py imports bidi.algorithm: python-bidi 0.6's default get_display leaves
    # "(" as "(", which prints as ")" ... "(" around Arabic.
    text = "الجهة (جيش)"
    assert ")" in bidi.get_display(text, base_dir="R")[0]
    assert legacy_get_display(text, base_dir="R")[0] == "("


def test_numbers_keep_their_digit_order() -> None:
    assert visual("الرقم 12345") == f"12345 {rev('الرقم')}"
    assert visual("الرقم (12) هنا") == f"{rev('هنا')} (12) {rev('الرقم')}"


def test_separate_numbers_stay_separate_and_read_right_to_left() -> None:
    # "18: 15 done" is the count 18, then 15 done: not one left-to-right run "18: 15"
    line = visual("عدد البنود 18: 15 منجز")
    assert line == f"{rev('منجز')} 15 :18 {rev('البنود')} {rev('عدد')}"
    assert visual("الأرقام 1، 2، 3") == f"3 ،2 ،1 {rev('الأرقام')}"


def test_dates_and_times_keep_their_order_inside_arabic() -> None:
    assert visual("التاريخ 2026-03-14") == f"2026-03-14 {rev('التاريخ')}"
    line = visual("تاريخ الإصدار: 2026-03-14 10:05 (UTC+03:00)")
    assert line == f"2026-03-14 10:05 (UTC+03:00) :{rev('الإصدار')} {rev('تاريخ')}"
    # without the LRE ... PDF marks the bidi algorithm would print 14-03-2026
    assert "14-03-2026" in legacy_get_display(shape("التاريخ 2026-03-14"), base_dir="R")


def test_serials_and_latin_words_stay_whole() -> None:
    line = visual("رقم ANB-R07-2026-000123 صادر")
    assert line == f"{rev('صادر')} ANB-R07-2026-000123 {rev('رقم')}"
    assert visual("اللواء Demo Brigade 1") == f"Demo Brigade 1 {rev('اللواء')}"
    assert visual("الرتبة Lt. Colonel هنا") == f"{rev('هنا')} Lt. Colonel {rev('الرتبة')}"
    assert visual("المولدة (100 KVA) عاطلة") == f"{rev('عاطلة')} (100 KVA) {rev('المولدة')}"


def test_a_bracket_closing_outside_a_latin_run_stays_with_the_arabic() -> None:
    assert isolate_latin("نص A-12)") == f"نص {LRE}A-12{PDF})"
    assert isolate_latin("(قرب البوابة G-2)") == f"(قرب البوابة {LRE}G-2{PDF})"
    assert isolate_latin("(قرب البوابة 2)") == "(قرب البوابة 2)"  # a plain number needs no mark
    assert visual("الجدار (قرب البوابة 2) متضرر") == (
        f"{rev('متضرر')} (2 {rev('البوابة')} {rev('قرب')}) {rev('الجدار')}")


def test_sentence_punctuation_ends_on_the_left() -> None:
    assert visual("تم التسليم.") == f".{rev('التسليم')} {rev('تم')}"
    assert visual("أولاً، ثانياً") == f"{rev('ثانياً')} ،{rev('أولاً')}"


def test_arabic_inside_english_keeps_its_brackets() -> None:
    assert arabic.isolate_arabic("Reason (الفوج 3).") == f"Reason {RLE}(الفوج 3){PDF}."
    line = visual("Reason: الفوج 3 (الرابع).", "ltr")
    assert line == f"Reason: ({rev('الرابع')}) 3 {rev('الفوج')}."
    assert visual("Khalid (خالد) here", "ltr") == f"Khalid ({rev('خالد')}) here"


def test_direction_follows_the_majority_of_letters() -> None:
    assert direction_of("CP-017 الحاجز الشمالي متضرر") == "rtl"
    assert direction_of("Barrier damaged near gate 2 (البوابة)") == "ltr"
    assert direction_of("2026-03-14") == "ltr"


# --- wrapping -----------------------------------------------------------------------------------


NOTE = ("الجدار الشمالي متضرر بطول 12 متراً (قرب البوابة رقم 2) ويحتاج إلى إعادة بناء قبل "
        "2026-04-01، وقد أُبلغت غرفة العمليات بالكتاب المرقم 4471 في 2026-03-13.")


def test_wrapping_happens_on_logical_text_so_the_first_words_come_first() -> None:
    lines = wrap(NOTE, 150, measure)
    assert len(lines) >= 3
    assert " ".join(lines) == " ".join(NOTE.split())
    assert lines[0].startswith("الجدار الشمالي")
    assert lines[-1].endswith("2026-03-13.")
    for line in lines:
        assert measure(shape(line)) <= 150


def test_each_wrapped_line_is_reordered_on_its_own() -> None:
    lines, direction = arabic.layout(NOTE, 150, REGULAR, 10)
    assert direction == "rtl"
    # the first line's first word is drawn at its right end, the last line ends on the left
    assert lines[0].endswith(rev("الجدار"))
    assert lines[-1].startswith(".2026-03-13 ")
    # a date that lands at the start of a line is still drawn whole, on the right
    assert all("14-03-2026" not in line and "01-04-2026" not in line for line in lines)


def test_hard_line_breaks_start_new_paragraphs() -> None:
    lines = wrap("السطر الأول\nالسطر الثاني\n\nبعد سطر فارغ", 1000, measure)
    assert lines == ["السطر الأول", "السطر الثاني", "", "بعد سطر فارغ"]


def test_a_word_wider_than_the_line_is_broken_not_drawn_past_the_edge() -> None:
    token = "SN-" + "0123456789" * 8
    lines = wrap(f"الأرقام {token}", 120, measure)
    assert "".join(lines).replace(" ", "") == f"الأرقام{token}"
    assert all(measure(shape(line)) <= 120 for line in lines)


def test_shaped_width_decides_where_lines_break() -> None:
    # joined Arabic is narrower than its isolated letters: measuring unshaped text would
    # break lines too early
    word = "المستلمة"
    assert measure(shape(word)) != measure(word)
    lines = wrap(" ".join([word] * 6), measure(shape(" ".join([word] * 3))) + 0.5, measure)
    assert lines == [" ".join([word] * 3)] * 2


def test_minutes_agree_with_their_number_in_arabic() -> None:
    from desktop.reports.labels import minutes_ar

    assert [minutes_ar(n) for n in (1, 2, 3, 10, 11, 37, 103)] == [
        "دقيقة واحدة", "دقيقتان", "3 دقائق", "10 دقائق", "11 دقيقة", "37 دقيقة", "103 دقائق"]
