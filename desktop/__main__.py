"""`python -m desktop` runs the `taslim` command."""

import multiprocessing
import sys

if __name__ == "__main__":
    # The importer checks bundles in worker processes. In a frozen bundle a worker is this same
    # executable: freeze_support() turns it into the worker and never returns, so it comes before
    # the command line (and Qt) is imported, which would cost every worker a second for nothing.
    multiprocessing.freeze_support()
    from desktop.cli import main

    sys.exit(main())
