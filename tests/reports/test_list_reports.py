"""`taslim report`: lists written as XLSX and CSV, read back with openpyxl and csv and compared
with queries made here with plain sqlite3 on the same demo database."""

from __future__ import annotations

import csv
import sqlite3
from pathlib import Path

import openpyxl
import pytest

from desktop.cli import main
from desktop.demo import build_demo
from tests.support import make_dirs

LOCAL_DAY = "date(inspected_at, printf('%+d minutes', utc_offset_minutes))"


@pytest.fixture(scope="module")
def demo_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("list-reports")
    path = root / "demo.db"
    build_demo(path, make_dirs(root / "home"))
    return path


def query(path: Path, sql: str, *parameters: object) -> list[tuple[object, ...]]:
    connection = sqlite3.connect(path)
    try:
        return connection.execute(sql, parameters).fetchall()
    finally:
        connection.close()


def report(path: Path, *arguments: str, lang: str = "en") -> int:
    return main(["--db", str(path), "--lang", lang, "report", *arguments])


def no_leftovers(folder: Path) -> None:
    assert not [p.name for p in folder.iterdir() if p.name.endswith(".part")]
    assert not [p.name for p in folder.iterdir() if p.name.startswith(".")]


def test_checkpoints_as_xlsx_match_the_database(demo_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "checkpoints.xlsx"
    assert report(demo_path, "checkpoints", "--out", str(out)) == 0
    sheet = openpyxl.load_workbook(out).active
    rows = list(sheet.iter_rows(values_only=True))
    codes = [code for (code,) in query(demo_path, "SELECT code FROM checkpoint ORDER BY code")]
    assert len(rows) - 1 == len(codes)
    assert [row[0] for row in rows[1:]] == codes
    assert rows[0][0] == "Code"
    assert all(cell.font.bold for cell in sheet[1])
    assert not sheet.sheet_view.rightToLeft
    assert sheet.freeze_panes == "A2"
    no_leftovers(tmp_path)


def test_an_arabic_report_reads_right_to_left(demo_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "checkpoints.xlsx"
    assert report(demo_path, "checkpoints", "--out", str(out), lang="ar") == 0
    sheet = openpyxl.load_workbook(out).active
    assert sheet.sheet_view.rightToLeft
    assert all(cell.font.bold for cell in sheet[1])


def test_reprints_are_stored_as_numbers(demo_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "certificates.xlsx"
    assert report(demo_path, "certificates", "--out", str(out)) == 0
    rows = list(openpyxl.load_workbook(out).active.iter_rows(values_only=True))
    expected = query(demo_path, "SELECT serial, reprints FROM certificate")
    assert sorted((row[0], row[4]) for row in rows[1:]) == sorted(expected)
    assert all(isinstance(row[4], int) for row in rows[1:])


def test_csv_keeps_arabic_names_and_starts_with_the_bom(demo_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "checkpoints.csv"
    assert report(demo_path, "checkpoints", "--out", str(out)) == 0
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    with out.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    expected = query(demo_path, "SELECT code, name_ar FROM checkpoint ORDER BY code")
    assert [(row[0], row[1]) for row in rows[1:]] == expected
    assert any("\u0600" <= ch <= "\u06ff" for _code, name in expected for ch in str(name))
    no_leftovers(tmp_path)


def test_inspections_between_two_dates(demo_path: Path, tmp_path: Path) -> None:
    days = [d for (d,) in query(demo_path, f"SELECT DISTINCT {LOCAL_DAY} FROM inspection "
                                           "ORDER BY 1")]
    first, last = days[len(days) // 4], days[len(days) // 2]
    expected = query(
        demo_path,
        f"SELECT c.code, i.state FROM inspection i JOIN checkpoint c ON c.id = i.checkpoint_id "
        f"WHERE {LOCAL_DAY} BETWEEN ? AND ?", first, last)
    assert 0 < len(expected) < len(query(demo_path, "SELECT id FROM inspection"))
    out = tmp_path / "inspections.csv"
    assert report(demo_path, "inspections", "--out", str(out), "--from", first,
                  "--to", last) == 0
    with out.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["Checkpoint code", "Inspected at", "State"]
    states = {"submitted": "Submitted", "draft": "Draft"}
    assert sorted((row[0], row[2]) for row in rows[1:]) == sorted(
        (code, states[str(state)]) for code, state in expected)
    assert all(first <= row[1][:10] <= last for row in rows[1:])


@pytest.mark.parametrize("day", ["2025-13-01", "yesterday", "2025-1-5"])
def test_a_bad_date_is_one_sentence_and_exit_2(
    demo_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], day: str
) -> None:
    out = tmp_path / "inspections.xlsx"
    assert report(demo_path, "inspections", "--out", str(out), "--from", day) == 2
    error = capsys.readouterr().err.strip()
    assert error == f"“{day}” is not a date in the form 2026-01-31."
    assert not out.exists()
    no_leftovers(tmp_path)


def test_a_list_is_not_written_as_pdf(
    demo_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # only the province summary is a PDF (tests/reports/test_province_summary.py)
    out = tmp_path / "summary.pdf"
    assert report(demo_path, "checkpoints", "--out", str(out)) == 2
    error = capsys.readouterr().err.strip()
    assert error.startswith("Only the province summary is written as a PDF")
    assert not out.exists()


def test_an_unknown_suffix_is_exit_2(
    demo_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert report(demo_path, "checkpoints", "--out", str(tmp_path / "x.ods")) == 2
    assert "FILE.xlsx or FILE.csv" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_an_unknown_kind_is_exit_2(demo_path: Path, tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as exit_:
        report(demo_path, "people", "--out", str(tmp_path / "x.csv"))
    assert exit_.value.code == 2


def test_dates_on_the_checkpoints_list_are_refused(
    demo_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "x.csv"
    assert report(demo_path, "checkpoints", "--out", str(out), "--from", "2025-01-01") == 2
    assert "no dates" in capsys.readouterr().err
    assert not out.exists()
