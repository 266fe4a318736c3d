"""`python -m desktop` runs the `taslim` command."""

import multiprocessing
import sys

from desktop.cli import main

if __name__ == "__main__":
    # The importer checks bundles in a worker process; a frozen bundle must let it start.
    multiprocessing.freeze_support()
    sys.exit(main())
