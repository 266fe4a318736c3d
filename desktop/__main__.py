"""`python -m desktop` runs the `taslim` command."""

import sys

from desktop.cli import main

sys.exit(main())
