"""The ``taslim`` command. No verb opens the GUI; verbs do scripted work without a display.

Exit codes: 0 done; 1 the input was refused (the message says why); 2 wrong command-line use;
3 not permitted; 4 the database cannot be used; 5 the database is in use; 6 the database is
newer than this Taslim; 7 an imported file needs a newer Taslim; 8 tamper alarm on import (see
desktop/cli_sync.py); 70 an unexpected error (details in the log).
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from desktop import APP_NAME, __version__, cli_certificates, cli_reports, cli_sync
from desktop.domain.errors import Cancelled, TaslimError
from desktop.i18n import LANGUAGES, _, set_language
from desktop.logsetup import configure_logging
from desktop.paths import UserDirs, user_dirs

EXIT_UNEXPECTED = 70
log = logging.getLogger(__name__)


def _database_option(default: object) -> argparse.ArgumentParser:
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument(
        "--db",
        type=Path,
        metavar="PATH",
        default=default,
        help="database file (default: the one in your data folder)",
    )
    return parent


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="taslim",
        description="Taslim: checkpoint handover records. Without a command, opens the window.",
        parents=[_database_option(None)],
    )
    # `taslim --db X self-test` and `taslim self-test --db X` both work: the verb's own --db
    # is suppressed when absent, so it never overwrites the one given before the verb.
    database = _database_option(argparse.SUPPRESS)
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    parser.add_argument("--lang", choices=sorted(LANGUAGES), help="language for this run")
    # The option form is what a packaged build is checked with (`taslim --self-test`); it does
    # the same as the `self-test` command.
    parser.add_argument("--self-test", action="store_true",
                        help="the same as the self-test command")
    verbs = parser.add_subparsers(dest="verb", metavar="COMMAND")

    demo = verbs.add_parser(
        "demo",
        parents=[database],
        help="create a deterministic Al-Anbar demo database",
        description="Create a demo database: districts, the four border crossings, about 40 "
        "invented checkpoints, demo units, people in every role, inspections and handovers in "
        "every state. Demo passwords are listed in the README.",
    )
    demo.add_argument(
        "--scale",
        type=int,
        default=1,
        metavar="N",
        help="grow the number of inspections N-fold (for benchmarks)",
    )
    demo.add_argument(
        "--inspections",
        type=int,
        metavar="COUNT",
        help="exact number of inspections (overrides --scale)",
    )
    demo.add_argument("--seed", type=int, default=2025, help="seed of the demo (default 2025)")

    verbs.add_parser(
        "self-test",
        parents=[database],
        help="open the database, build the main window offscreen, check resources, print OK",
        description="Check that this installation works: opens the database, loads every "
        "resource, builds the main window offscreen. Prints OK and exits 0.",
    )
    cli_certificates.add_verbs(verbs, database)
    cli_sync.add_verbs(verbs, database)
    cli_reports.add_verbs(verbs, database)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    arguments = parser.parse_args(argv)
    dirs = user_dirs().ensure()
    configure_logging(dirs.logs)
    set_language(arguments.lang or _cli_language())
    if arguments.self_test:
        if arguments.verb not in (None, "self-test"):
            parser.error(_("--self-test takes no command; give one or the other."))
        arguments.verb = "self-test"
    try:
        if arguments.verb == "demo":
            return _demo(arguments, dirs)
        if arguments.verb == "self-test":
            return _self_test(arguments, dirs)
        if arguments.verb in cli_certificates.VERBS:
            return cli_certificates.run(arguments, dirs, _database_path(arguments, dirs)[0])
        if arguments.verb in cli_sync.VERBS:
            return cli_sync.run(arguments, dirs, _database_path(arguments, dirs)[0])
        if arguments.verb in cli_reports.VERBS:
            return cli_reports.run(arguments, dirs, _database_path(arguments, dirs)[0])
        return _gui(arguments, dirs)
    except Cancelled:
        return 1
    except TaslimError as error:
        print(_("Error: {message}").format(message=error), file=sys.stderr)
        return error.exit_code
    except Exception:  # the last line of defence: log it, say it once, exit non-zero
        log.exception("unexpected error in the taslim command")
        print(
            _("Unexpected error; details are in the log folder: {path}").format(path=dirs.logs),
            file=sys.stderr,
        )
        return EXIT_UNEXPECTED


def _cli_language() -> str:
    # Terminals rarely shape Arabic well, so the CLI speaks English unless the environment
    # (LANG=ar_...) or --lang asks for Arabic; the window follows the saved setting instead.
    return "ar" if os.environ.get("LANG", "").startswith("ar") else "en"


def _database_path(arguments: argparse.Namespace, dirs: UserDirs) -> tuple[Path, bool]:
    if arguments.db is not None:
        return Path(arguments.db).expanduser(), False
    return dirs.default_database, True


def _demo(arguments: argparse.Namespace, dirs: UserDirs) -> int:
    from desktop.demo import build_demo

    if arguments.db is None:
        print(_("Name the database to create with --db PATH."), file=sys.stderr)
        return 2
    report = build_demo(
        Path(arguments.db).expanduser(),
        dirs,
        scale=arguments.scale,
        inspections=arguments.inspections,
        seed=arguments.seed,
    )
    print(report.summary())
    print("OK")
    return 0


def _self_test(arguments: argparse.Namespace, dirs: UserDirs) -> int:
    from desktop.app import open_context
    from desktop.selftest import check_resources

    for line in check_resources():
        print(line)
    path, create = _database_path(arguments, dirs)
    context = open_context(dirs, path, create=create)
    try:
        from desktop.ui.selftest import build_windows_offscreen

        for line in build_windows_offscreen(context):
            print(line)
    finally:
        context.close()
    print("OK")
    return 0


def _gui(arguments: argparse.Namespace, dirs: UserDirs) -> int:
    from desktop.ui.application import run_gui

    path, create = _database_path(arguments, dirs)
    return run_gui(dirs, path, create=create, language=arguments.lang)
