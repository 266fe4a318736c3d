"""`taslim report summary`: the bilingual province summary PDF for a date range, read back with
poppler (pdftotext, pdffonts, pdfinfo) and qpdf, its figures compared with counts made here
with plain sqlite3 over the same range on the demo database."""

from __future__ import annotations

import re
import shutil
import sqlite3
import subprocess
import unicodedata
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import openpyxl
import pytest

from desktop.app import open_context
from desktop.cli import main
from desktop.demo import build_demo
from desktop.domain.entities import District
from desktop.domain.ids import uuid7
from desktop.reports import summary_labels as L
from tests.support import make_dirs

LOCAL = "date({0}, printf('%+d minutes', {1}))"
# The figures' columns in the order the PDF draws them: right to left from the Arabic name.
DRAWN = [column.key for column in reversed(L.COLUMNS)]
HARAKAT = re.compile("[\u064b-\u065f\u0670]")
BIDI_MARKS = dict.fromkeys(map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e"))


@pytest.fixture(scope="module")
def demo_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("summary")
    path = root / "demo.db"
    build_demo(path, make_dirs(root / "home"))
    return path


def report(path: Path, *arguments: str) -> int:
    return main(["--db", str(path), "--lang", "en", "report", *arguments])


def tool(*command: str) -> str:
    if shutil.which(command[0]) is None:
        pytest.fail(f"{command[0]} is missing: run tools/ensure-system-packages.sh test")
    done = subprocess.run(command, capture_output=True, text=True, check=False, timeout=120)
    assert done.returncode == 0, f"{command}: {done.stderr}"
    return done.stdout


def readable(text: str) -> str:
    """What a reader sees: presentation forms back to letters (NFKC), no bidi marks."""
    return unicodedata.normalize("NFKC", text).translate(BIDI_MARKS)


def arabic(text: str) -> str:
    """Arabic as the PDF prints it: without harakat (reportlab cannot place them)."""
    return HARAKAT.sub("", text)


def arabic_pieces(text: str) -> list[str]:
    """The runs of Arabic words between numbers and Latin: pdftotext gives each run in
    logical order, but a line's runs in the order they are drawn."""
    return [piece.strip() for piece in re.split(r"[^\u0600-\u06ff ]+", arabic(text))
            if piece.strip()]


def pdf_text(path: Path, page: int | None = None) -> str:
    pages = ["-f", str(page), "-l", str(page)] if page else []
    return readable(tool("pdftotext", "-layout", *pages, str(path), "-"))


def page_count(path: Path) -> int:
    match = re.search(r"^Pages:\s+(\d+)$", tool("pdfinfo", str(path)), re.MULTILINE)
    assert match is not None
    return int(match.group(1))


# --- counts made here, independently ----------------------------------------------------------


@dataclass
class Expected:
    """district code -> figure key -> count, from plain SQL over the same range."""

    rows: dict[str, dict[str, int]]

    def total(self, key: str) -> int:
        return sum(row[key] for row in self.rows.values())


def expected(path: Path, first: str, last: str, end_utc: str, days: int = 7) -> Expected:
    cutoff = (datetime.strptime(end_utc, "%Y-%m-%dT%H:%M:%SZ")
              - timedelta(days=days)).strftime("%Y-%m-%dT%H:%M:%SZ")
    handover_day = LOCAL.format("h.handover_at", "h.utc_offset_minutes")
    queries = {
        "held": "SELECT district_id, count(*) FROM checkpoint "
                "WHERE status = 'held_by_handing_party' GROUP BY district_id",
        "in_progress": "SELECT district_id, count(*) FROM checkpoint "
                       "WHERE status = 'handover_in_progress' GROUP BY district_id",
        "handed_over_now": "SELECT district_id, count(*) FROM checkpoint "
                           "WHERE status = 'handed_over' GROUP BY district_id",
        "checkpoints": "SELECT district_id, count(*) FROM checkpoint GROUP BY district_id",
        "handed_over": f"""
            SELECT c.district_id, count(*) FROM handover h, checkpoint c
            WHERE h.checkpoint_id = c.id AND h.state IN ('signed', 'certified', 'amended')
              AND {handover_day} BETWEEN :first AND :last GROUP BY c.district_id""",
        "certificates": f"""
            SELECT c.district_id, count(*) FROM certificate x, handover h, checkpoint c
            WHERE x.handover_id = h.id AND h.checkpoint_id = c.id AND x.state = 'issued'
              AND {LOCAL.format("x.issued_at", "x.utc_offset_minutes")} BETWEEN :first AND :last
            GROUP BY c.district_id""",
        "flagged": f"""
            SELECT c.district_id, count(*) FROM handover h, checkpoint c
            WHERE h.checkpoint_id = c.id AND h.state != 'voided'
              AND {handover_day} BETWEEN :first AND :last
              AND (h.assumed_duty_at > h.departure_at
                   OR h.id IN (SELECT handover_id FROM checklist_response
                               WHERE answer = 'not_done'))
            GROUP BY c.district_id""",
        "inspections": f"""
            SELECT c.district_id, count(*) FROM inspection i, checkpoint c
            WHERE i.checkpoint_id = c.id AND i.state = 'submitted'
              AND {LOCAL.format("i.inspected_at", "i.utc_offset_minutes")}
                  BETWEEN :first AND :last
            GROUP BY c.district_id""",
        "stale": """
            SELECT district_id, count(*) FROM checkpoint WHERE id NOT IN (
                SELECT checkpoint_id FROM inspection WHERE state = 'submitted'
                AND inspected_at >= :cutoff AND inspected_at < :end)
            GROUP BY district_id""",
    }
    parameters = {"first": first, "last": last, "cutoff": cutoff, "end": end_utc}
    connection = sqlite3.connect(path)
    try:
        codes = dict(connection.execute("SELECT id, code FROM district"))
        rows = {code: dict.fromkeys(queries, 0) for code in codes.values()}
        for key, sql in queries.items():
            for district_id, count in connection.execute(sql, parameters):
                rows[codes[district_id]][key] = count
    finally:
        connection.close()
    return Expected(rows)


def district_names(path: Path) -> dict[str, tuple[str, str]]:
    connection = sqlite3.connect(path)
    try:
        return {code: (en, ar) for code, en, ar in
                connection.execute("SELECT code, name_en, name_ar FROM district")}
    finally:
        connection.close()


def table_rows(text: str, names: dict[str, tuple[str, str]]) -> dict[str, dict[str, int]]:
    """The district table read back from the text: the line that starts with a district's
    English name holds its figures (drawn right to left) and ends with its Arabic name."""
    found: dict[str, dict[str, int]] = {}
    rows = {**{code: pair for code, pair in names.items()},
            "total": (L.PROVINCE_TOTAL.en, L.PROVINCE_TOTAL.ar)}
    for line in text.splitlines():
        for code, (english, name_ar) in rows.items():
            match = re.fullmatch(rf"{re.escape(english)}((?:\s+\d+){{{len(DRAWN)}}})\s+(.+)",
                                 line.strip())
            if match:
                for piece in arabic_pieces(name_ar):
                    assert piece in match.group(2), line
                numbers = [int(n) for n in match.group(1).split()]
                found[code] = dict(zip(DRAWN, numbers, strict=True))
    return found


def end_of(day: str) -> str:
    """The end of a local day in Iraq (UTC+3) as UTC text: where "not inspected" looks back
    from."""
    moment = datetime.fromisoformat(day) + timedelta(days=1) - timedelta(hours=3)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def check_figures(path: Path, pdf: Path, want: Expected) -> None:
    text = pdf_text(pdf)
    names = district_names(path)
    got = table_rows(text, names)
    assert set(got) == {*names, "total"}, sorted(got)
    for code in names:
        assert got[code] == want.rows[code], code
    assert got["total"] == {key: want.total(key) for key in DRAWN}
    # the province table, one figure a row (the labels that fit on one line)
    for column in L.COLUMNS:
        label = column.label(7).en
        match = re.search(rf"^{re.escape(label)}\s+(\d+)\s", text, re.MULTILINE)
        if match:
            assert int(match.group(1)) == want.total(column.key), label


# --- content --------------------------------------------------------------------------------


def test_a_year_of_the_demo_matches_sql_over_the_same_dates(demo_path: Path,
                                                           tmp_path: Path) -> None:
    out = tmp_path / "summary.pdf"
    assert report(demo_path, "summary", "--out", str(out), "--from", "2025-07-01",
                  "--to", "2026-06-30") == 0
    want = expected(demo_path, "2025-07-01", "2026-06-30", end_of("2026-06-30"))
    # the range holds real work: handovers, gaps, inspections, and stale checkpoints
    for key in ("handed_over", "flagged", "inspections", "stale"):
        assert want.total(key) > 0, key
    assert want.total("stale") < want.total("checkpoints")
    check_figures(demo_path, out, want)
    assert "2025-07-01 to 2026-06-30" in pdf_text(out)
    assert "2026-07-01 00:00 (UTC+03:00)" in pdf_text(out)  # the end of the period
    assert not [p.name for p in tmp_path.iterdir() if p.name != "summary.pdf"]


def test_certificates_issued_up_to_today_are_counted(demo_path: Path, tmp_path: Path) -> None:
    connection = sqlite3.connect(demo_path)
    try:
        (today,) = connection.execute(
            f"SELECT max({LOCAL.format('issued_at', 'utc_offset_minutes')}) "
            "FROM certificate").fetchone()
    finally:
        connection.close()
    out = tmp_path / "recent.pdf"
    assert report(demo_path, "summary", "--out", str(out), "--from", "2026-01-01",
                  "--to", today) == 0
    # the period ends now (its last day is not over): look back from now
    now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    want = expected(demo_path, "2026-01-01", today, min(now, end_of(today)))
    assert want.total("certificates") > 0
    check_figures(demo_path, out, want)


def test_a_range_before_everything_gives_zeros(demo_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "empty.pdf"
    assert report(demo_path, "summary", "--out", str(out), "--from", "2024-01-01",
                  "--to", "2024-12-31") == 0
    got = table_rows(pdf_text(out), district_names(demo_path))
    connection = sqlite3.connect(demo_path)
    try:
        (checkpoints,) = connection.execute("SELECT count(*) FROM checkpoint").fetchone()
    finally:
        connection.close()
    for key in ("handed_over", "certificates", "flagged", "inspections"):
        assert got["total"][key] == 0, key
    # nothing was inspected before 2025: every checkpoint counts as not inspected; the
    # status columns are the checkpoints' status now, whatever the period
    assert got["total"]["stale"] == got["total"]["checkpoints"] == checkpoints
    assert L.NO_HANDOVERS.en in pdf_text(out)
    # (the sentence's full stop comes out beside the run, not inside it)
    assert arabic(L.NO_HANDOVERS.ar).rstrip(".") in pdf_text(out)


def test_both_languages_are_readable_and_arabic_is_in_logical_order(
        demo_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "labels.pdf"
    assert report(demo_path, "summary", "--out", str(out), "--from", "2025-07-01",
                  "--to", "2026-06-30") == 0
    text = pdf_text(out)
    pairs = [L.TITLE, L.PERIOD, L.PERIOD_END, L.GENERATED_AT, L.GENERATED_BY, L.SEC_PROVINCE,
             L.SEC_DISTRICTS, L.SEC_CHART, L.SEC_DEFINITIONS, L.GROUP_NOW, L.GROUP_PERIOD,
             L.DISTRICT, L.PROVINCE_TOTAL, L.STATE, L.MINISTRY, L.COMMAND]
    pairs += [column.label(7) for column in L.COLUMNS if column.key != "flagged"]
    for pair in pairs:
        english = " ".join(pair.en.split()[:5])  # long labels wrap onto a second line
        assert english in text, pair.en
        for written in arabic_pieces(pair.ar):
            assert written in text, pair.ar
            assert written[::-1] not in text  # not drawn-order glyphs read back reversed
    for name_en, name_ar in district_names(demo_path).values():
        assert name_en in text and arabic(name_ar) in text
    period = L.period_text(date(2025, 7, 1), date(2026, 6, 30)).ar  # the period, in Arabic
    assert [piece for piece in arabic_pieces(period) if piece not in text] == []
    assert "taslim command line" in text and "سطر أوامر" in text  # who made it
    pages = page_count(out)
    for page in range(1, pages + 1):
        on_page = pdf_text(out, page)
        assert f"Page {page} of {pages}" in on_page
        assert "الصفحة" in on_page
    # the monthly chart: every month of the period under its bar, with the counts
    for month in ("2025-07", "2025-12", "2026-06"):
        assert month in text


def test_fonts_are_embedded_subsets_and_qpdf_is_content(demo_path: Path,
                                                        tmp_path: Path) -> None:
    out = tmp_path / "fonts.pdf"
    assert report(demo_path, "summary", "--out", str(out)) == 0
    names = []
    for row in tool("pdffonts", str(out)).splitlines()[2:]:
        name, *rest = row.split()
        assert (rest[-5], rest[-4]) == ("yes", "yes"), row  # embedded, subset
        names.append(name.split("+", 1)[1])
    assert sorted(names) == ["Amiri-Bold", "Amiri-Regular"]
    done = subprocess.run(["qpdf", "--check", str(out)], capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0 and "WARNING" not in done.stdout + done.stderr
    info = tool("pdfinfo", str(out))
    assert "Al-Anbar province — checkpoint handover summary" in info
    assert re.search(r"^Page size:\s+595.276 x 841.89 pts \(A4\)$", info, re.MULTILINE)


@pytest.fixture(scope="module")
def crowded_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo with 70 more districts, so that the district table runs over a page."""
    root = tmp_path_factory.mktemp("crowded")
    path = root / "demo.db"
    build_demo(path, make_dirs(root / "home"))
    context = open_context(make_dirs(root / "home"), path, create=False)
    try:
        supervisor = context.auth.login("supervisor", "demo-supervisor")
        for number in range(1, 71):
            context.places.save_district(supervisor, District(
                uuid7(), f"X{number:02d}", f"قضاء تجريبي {number}", f"Demo district {number}"))
    finally:
        context.close()
    return path


def test_a_long_district_table_continues_with_its_titles_repeated(
        crowded_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "crowded.pdf"
    assert report(crowded_path, "summary", "--out", str(out), "--from", "2025-07-01",
                  "--to", "2026-06-30") == 0
    assert page_count(out) > 2
    first, second = pdf_text(out, 1), pdf_text(out, 2)
    assert "Demo district 1 " in first and "Demo district 70 " not in first
    continued = [line for line in second.splitlines() if line.startswith("Demo district")]
    assert continued, "the table did not continue on page 2"
    for title in (L.SEC_DISTRICTS.en, arabic(L.SEC_DISTRICTS.ar), "Handovers",
                  L.GROUP_PERIOD.en, L.DISTRICT.en):
        assert title in second, title
    assert second.index(L.SEC_DISTRICTS.en) < second.index(continued[0])
    want = expected(crowded_path, "2025-07-01", "2026-06-30", end_of("2026-06-30"))
    check_figures(crowded_path, out, want)


def test_the_summary_as_a_spreadsheet(demo_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "summary.xlsx"
    assert report(demo_path, "summary", "--out", str(out), "--from", "2025-07-01",
                  "--to", "2026-06-30") == 0
    rows = list(openpyxl.load_workbook(out).active.iter_rows(values_only=True))
    want = expected(demo_path, "2025-07-01", "2026-06-30", end_of("2026-06-30"))
    keys = [column.key for column in L.COLUMNS]
    english = {en: code for code, (en, _ar) in district_names(demo_path).items()}
    assert rows[0][:2] == (L.DISTRICT.ar, L.DISTRICT.en)
    for row in rows[1:-1]:
        assert dict(zip(keys, row[2:], strict=True)) == want.rows[english[row[1]]]
    assert rows[-1][1] == L.PROVINCE_TOTAL.en
    assert dict(zip(keys, rows[-1][2:], strict=True)) == {k: want.total(k) for k in keys}


# --- bad input --------------------------------------------------------------------------------


@pytest.mark.parametrize(("arguments", "sentence"), [
    (["--from", "2026-02-30"], "“2026-02-30” is not a date in the form 2026-01-31."),
    (["--from", "2026-03-01", "--to", "2026-01-31"],
     "The period starts on 2026-03-01, after it ends on 2026-01-31; choose a first date no "
     "later than the last."),
    (["--stale-days", "0"], "The number of days without an inspection must be between 1 "
                            "and 3650."),
])
def test_bad_dates_and_days_are_one_sentence_and_exit_2(
        demo_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        arguments: list[str], sentence: str) -> None:
    out = tmp_path / "summary.pdf"
    assert report(demo_path, "summary", "--out", str(out), *arguments) == 2
    assert capsys.readouterr().err.strip() == sentence
    assert list(tmp_path.iterdir()) == []


def test_a_list_asked_for_as_pdf_names_the_summary(
        demo_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "inspections.pdf"
    assert report(demo_path, "inspections", "--out", str(out)) == 2
    error = capsys.readouterr().err.strip()
    assert error == ("Only the province summary is written as a PDF: name this list "
                     "FILE.xlsx or FILE.csv, or write “taslim report summary --out FILE.pdf”.")
    assert list(tmp_path.iterdir()) == []


def test_stale_days_on_a_list_is_refused(
        demo_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert report(demo_path, "inspections", "--out", str(tmp_path / "x.csv"),
                  "--stale-days", "5") == 2
    assert "--stale-days applies to the summary only" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_an_out_that_cannot_be_written_is_exit_2_and_leaves_nothing(
        demo_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "no-such-folder" / "summary.pdf"
    assert report(demo_path, "summary", "--out", str(missing)) == 2
    assert capsys.readouterr().err.strip() == (
        f"Cannot write {missing}: the folder does not exist or cannot be written to; choose "
        "another place for --out.")
    folder = tmp_path / "a-folder.pdf"
    folder.mkdir()
    assert report(demo_path, "summary", "--out", str(folder)) == 2
    assert capsys.readouterr().err.strip() == f"{folder} is a folder; name a file for --out."
    assert [p.name for p in tmp_path.iterdir()] == ["a-folder.pdf"]
    assert list(folder.iterdir()) == []


def test_an_unknown_suffix_mentions_the_pdf(
        demo_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert report(demo_path, "summary", "--out", str(tmp_path / "summary.odt")) == 2
    assert "FILE.pdf for the summary" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_the_period_end_is_the_end_of_the_last_day_or_now() -> None:
    from desktop.services.province_summary import period_end

    now = datetime(2026, 3, 10, 8, 0, tzinfo=UTC)
    assert period_end(None, now) == now
    assert period_end(date(2026, 3, 31), now) == now  # the period is not over yet
    assert period_end(date(2026, 2, 28), now) == datetime(2026, 2, 28, 21, 0, tzinfo=UTC)
