"""`python -m juesuan_dsl` runs the `jsc` command line."""

import sys

from .cli import main

sys.exit(main())
