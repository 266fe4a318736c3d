"""The ``taslim report`` verb: a list of checkpoints, handovers, certificates or inspections
written as .xlsx or .csv, or the province summary written as a bilingual .pdf (or its district
table as .xlsx or .csv). The format follows the suffix of --out.

Exit codes: 0 written; 2 an unknown suffix, a list asked for as PDF, a bad date or period,
dates on a list that has none, or an --out that cannot be written (no file is left behind).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from desktop.app import open_context
from desktop.domain.errors import ValidationError
from desktop.i18n import _, current_language, is_right_to_left
from desktop.paths import UserDirs
from desktop.reports.tables import Table, write_csv, write_xlsx
from desktop.services.province_summary import (
    DEFAULT_STALE_DAYS,
    ProvinceSummaryService,
    summary_table,
)
from desktop.services.report_lists import DateRange, ReportKind, ReportLists, parse_day

VERBS = frozenset({"report"})
EXIT_USAGE = 2
SUMMARY = "summary"
SUFFIXES = (".xlsx", ".csv", ".pdf")


def add_verbs(verbs: argparse._SubParsersAction[argparse.ArgumentParser],
              database: argparse.ArgumentParser) -> None:
    report = verbs.add_parser(
        "report", parents=[database],
        help="write a list (.xlsx, .csv) or the province summary (.pdf)",
        description="Write the list of checkpoints, handovers, certificates or inspections as "
        ".xlsx or .csv, or the province summary for a period as a bilingual .pdf (its district "
        "table as .xlsx or .csv); the format follows the suffix of --out. --from and --to "
        "(YYYY-MM-DD, inclusive, either may be left out) keep the records of those local "
        "dates.")
    report.add_argument("kind", choices=[*(str(kind) for kind in ReportKind), SUMMARY],
                        metavar="KIND",
                        help="checkpoints, handovers, certificates, inspections or summary")
    report.add_argument("--out", type=Path, required=True, metavar="FILE")
    report.add_argument("--from", dest="first", metavar="DATE", help="first date, YYYY-MM-DD")
    report.add_argument("--to", dest="last", metavar="DATE", help="last date, YYYY-MM-DD")
    report.add_argument(
        "--stale-days", type=int, metavar="N",
        help=f"summary only: count checkpoints not inspected for N days at the end of the "
        f"period (default {DEFAULT_STALE_DAYS})")


def run(arguments: argparse.Namespace, dirs: UserDirs, database_path: Path) -> int:
    out: Path = arguments.out
    suffix = out.suffix.lower()
    summary = arguments.kind == SUMMARY
    try:
        _check_usage(arguments, suffix, summary)
        dates = DateRange(
            None if arguments.first is None else parse_day(arguments.first),
            None if arguments.last is None else parse_day(arguments.last),
        )
        _check_folder(out)
    except ValidationError as error:
        print(error, file=sys.stderr)
        return EXIT_USAGE
    context = open_context(dirs, database_path, create=False)
    try:
        try:
            if summary:
                service = ProvinceSummaryService(context.store, context.device.short_code)
                made = service.summary(dates, stale_days=arguments.stale_days
                                       if arguments.stale_days is not None
                                       else DEFAULT_STALE_DAYS)
            else:
                table = ReportLists(context.store).table(ReportKind(arguments.kind), dates)
        except ValidationError as error:
            print(error, file=sys.stderr)
            return EXIT_USAGE
    finally:
        context.close()
    try:
        if summary and suffix == ".pdf":
            ProvinceSummaryService.write_pdf(made, out)
            print(_("Province summary written: {path}.").format(path=out))
            return 0
        if summary:
            table = summary_table(made)
        _write_table(table, out, suffix)
    except ValidationError as error:
        print(error, file=sys.stderr)
        return EXIT_USAGE
    print(_("Written: {path} (rows: {count}).").format(path=out, count=len(table.rows)))
    return 0


def _check_usage(arguments: argparse.Namespace, suffix: str, summary: bool) -> None:
    if suffix == ".pdf" and not summary:
        raise ValidationError(_(
            "Only the province summary is written as a PDF: name this list FILE.xlsx or "
            "FILE.csv, or write “taslim report summary --out FILE.pdf”."))
    if suffix not in SUFFIXES:
        raise ValidationError(_(
            "Cannot write “{suffix}” files; name the report FILE.xlsx or FILE.csv (or "
            "FILE.pdf for the summary).").format(suffix=arguments.out.suffix
                                                 or arguments.out.name))
    if arguments.stale_days is not None and not summary:
        raise ValidationError(_("--stale-days applies to the summary only; leave it out for "
                                "a list."))


def _check_folder(out: Path) -> None:
    """Refuse before any work when --out cannot be written, so nothing is left behind."""
    if out.is_dir():
        raise ValidationError(_("{path} is a folder; name a file for --out.").format(path=out))
    folder = out.parent
    if not folder.is_dir() or not os.access(folder, os.W_OK | os.X_OK):
        raise ValidationError(_(
            "Cannot write {path}: the folder does not exist or cannot be written to; choose "
            "another place for --out.").format(path=out))


def _write_table(table: Table, out: Path, suffix: str) -> None:
    try:
        if suffix == ".csv":
            write_csv(table, out)
        else:
            write_xlsx(table, out, right_to_left=is_right_to_left(current_language()))
    except OSError as error:
        raise ValidationError(_("Cannot write {path}: {reason}.").format(
            path=out, reason=error.strerror)) from None
