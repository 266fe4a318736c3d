"""The ``taslim report`` verb: a list of checkpoints, handovers, certificates or inspections
written as .xlsx or .csv (the format follows the suffix of --out).

Exit codes: 0 written; 2 an unknown suffix, a bad date, or dates on a list that has none.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from desktop.app import open_context
from desktop.domain.errors import ValidationError
from desktop.i18n import _, current_language, is_right_to_left
from desktop.paths import UserDirs
from desktop.reports.tables import write_csv, write_xlsx
from desktop.services.report_lists import DateRange, ReportKind, ReportLists, parse_day

VERBS = frozenset({"report"})
EXIT_USAGE = 2


def add_verbs(verbs: argparse._SubParsersAction[argparse.ArgumentParser],
              database: argparse.ArgumentParser) -> None:
    report = verbs.add_parser(
        "report", parents=[database], help="write a list as a spreadsheet (.xlsx or .csv)",
        description="Write the list of checkpoints, handovers, certificates or inspections as "
        ".xlsx or .csv; the format follows the suffix of --out. --from and --to (YYYY-MM-DD, "
        "inclusive) keep the records of those local dates.")
    report.add_argument("kind", choices=[str(kind) for kind in ReportKind], metavar="KIND",
                        help="checkpoints, handovers, certificates or inspections")
    report.add_argument("--out", type=Path, required=True, metavar="FILE")
    report.add_argument("--from", dest="first", metavar="DATE", help="first date, YYYY-MM-DD")
    report.add_argument("--to", dest="last", metavar="DATE", help="last date, YYYY-MM-DD")


def run(arguments: argparse.Namespace, dirs: UserDirs, database_path: Path) -> int:
    out: Path = arguments.out
    suffix = out.suffix.lower()
    if suffix == ".pdf":
        print(_("The province summary PDF is not available yet; write .xlsx or .csv."),
              file=sys.stderr)
        return EXIT_USAGE
    if suffix not in (".xlsx", ".csv"):
        print(_("Cannot write “{suffix}” files; name the report FILE.xlsx or FILE.csv.").format(
            suffix=out.suffix or out.name), file=sys.stderr)
        return EXIT_USAGE
    try:
        dates = DateRange(
            None if arguments.first is None else parse_day(arguments.first),
            None if arguments.last is None else parse_day(arguments.last),
        )
    except ValidationError as error:
        print(error, file=sys.stderr)
        return EXIT_USAGE
    kind = ReportKind(arguments.kind)
    context = open_context(dirs, database_path, create=False)
    try:
        try:
            table = ReportLists(context.store).table(kind, dates)
        except ValidationError as error:
            print(error, file=sys.stderr)
            return EXIT_USAGE
    finally:
        context.close()
    try:
        if suffix == ".csv":
            write_csv(table, out)
        else:
            write_xlsx(table, out, right_to_left=is_right_to_left(current_language()))
    except OSError as error:
        raise ValidationError(_("Cannot write {path}: {reason}.").format(
            path=out, reason=error.strerror)) from None
    print(_("Written: {path} (rows: {count}).").format(path=out, count=len(table.rows)))
    return 0
