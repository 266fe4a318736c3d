"""The sync verbs of the ``taslim`` command: export, import, receipts.

``taslim import`` exits 0 when every file was imported or was already held; 1 when at least one
file was refused (each refusal is one line naming the file and the problem; the other files are
still imported); 7 when a file needs a newer Taslim; 8 on a tamper alarm (a device's history
differs from the one already imported). When several apply, the highest wins. Importing changes
the master, so it needs a supervisor's sign-in (TASLIM_USER / TASLIM_PASSWORD) once the master
has accounts; ``--dry-run`` needs none and writes nothing.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from desktop.app import AppContext, open_context
from desktop.cli_certificates import _read, _sign_in, _write
from desktop.i18n import _
from desktop.paths import UserDirs
from desktop.services.sync_export import NothingToExport
from desktop.services.sync_import import IMPORTED, NOTHING_NEW, REFUSED, WOULD_IMPORT, FileReport

VERBS = frozenset({"export", "import", "receipt"})


def add_verbs(verbs: argparse._SubParsersAction[argparse.ArgumentParser],
              database: argparse.ArgumentParser) -> None:
    export = verbs.add_parser(
        "export", parents=[database], help="write a bundle of this laptop's records for HQ",
        description="Write a signed bundle of this laptop's records: by default those written "
        "since headquarters' last receipt, with --full all of them.")
    export.add_argument("--out", type=Path, required=True, metavar="FILE")
    export.add_argument("--full", action="store_true", help="everything, not only what is new")

    imports = verbs.add_parser(
        "import", parents=[database], help="import laptops' bundles or databases (HQ)",
        description="Check and import bundles (.taslim) or field databases into this database. "
        "Exit codes: 0 all imported or already held, 1 a file was refused, 7 a file needs a "
        "newer Taslim, 8 tamper alarm.")
    imports.add_argument("files", type=Path, nargs="+", metavar="FILE")
    imports.add_argument("--dry-run", action="store_true",
                         help="only report what each file would bring; write nothing")
    imports.add_argument("--receipts", type=Path, metavar="FOLDER",
                         help="write a receipt for each laptop imported into this folder")
    imports.add_argument("--json", action="store_true", help="print the reports as JSON")

    receipt = verbs.add_parser("receipt", help="receipts between HQ and laptops")
    receipt_verbs = receipt.add_subparsers(dest="action", metavar="ACTION", required=True)
    write = receipt_verbs.add_parser("write", parents=[database],
                                     help="(HQ) write the receipt for a laptop")
    write.add_argument("--device", required=True, metavar="CODE_OR_ID")
    write.add_argument("--out", type=Path, required=True, metavar="FILE")
    read = receipt_verbs.add_parser("read", parents=[database],
                                    help="(laptop) accept headquarters' receipt")
    read.add_argument("file", type=Path)


def run(arguments: argparse.Namespace, dirs: UserDirs, database_path: Path) -> int:
    context = open_context(dirs, database_path, create=False)
    try:
        if arguments.verb == "export":
            return _export(arguments, context)
        if arguments.verb == "import":
            return _import(arguments, context)
        if arguments.action == "write":
            device_id = context.receipts.resolve_device(arguments.device)
            _write(arguments.out, context.receipts.make(device_id))
            return 0
        holdings = context.exports.accept_receipt(_read(arguments.file))
        print(_("Headquarters holds {held} of the {written} records this laptop wrote.").format(
            held=holdings.held, written=holdings.written))
        return 0
    finally:
        context.close()


def _export(arguments: argparse.Namespace, context: AppContext) -> int:
    try:
        manifest = context.exports.export(arguments.out, full=arguments.full)
    except NothingToExport as nothing:
        print(nothing)
        return 0
    print(_("Written: {path} ({count} records, Nos. {first}–{last}).").format(
        path=arguments.out, count=manifest.count, first=manifest.first_seq,
        last=manifest.last_seq))
    return 0


def _import(arguments: argparse.Namespace, context: AppContext) -> int:
    if arguments.dry_run:
        reports = context.imports.examine(arguments.files)
    else:
        session = _sign_in(context) if context.auth.has_accounts() else None
        reports = context.imports.apply(session, arguments.files)
    if arguments.json:
        print(json.dumps([r.to_json() for r in reports], ensure_ascii=False, indent=1))
    else:
        for report in reports:
            _print(report)
    if arguments.receipts is not None and not arguments.dry_run:
        arguments.receipts.mkdir(parents=True, exist_ok=True)
        for device_id, code in sorted({(r.device_id, r.device_code) for r in reports
                                       if r.outcome in (IMPORTED, NOTHING_NEW)
                                       and r.device_id != context.device.device_id}):
            _write(arguments.receipts / f"receipt-{code}.json", context.receipts.make(device_id))
    return max((r.exit_code for r in reports), default=0)


def _print(report: FileReport) -> None:
    if report.outcome == REFUSED:
        print(_("{file}: refused. {message}").format(file=report.path, message=report.message),
              file=sys.stderr)
        return
    verb = {IMPORTED: _("imported"), WOULD_IMPORT: _("would import"),
            NOTHING_NEW: _("nothing new (already held)")}[report.outcome]
    print(_("{file}: {verb}: laptop {code}, Nos. {first}–{last}: {new} new, {present} already "
            "held, {conflicts} in conflict, {attachments} attachments.").format(
        file=report.path, verb=verb, code=report.device_code, first=report.first_seq,
        last=report.last_seq, new=report.new, present=report.present,
        conflicts=report.conflicts, attachments=report.attachments))
    for warning in report.warnings:
        print(_("{file}: warning: {warning}").format(file=report.path, warning=warning))
