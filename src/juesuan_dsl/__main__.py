"""`python -m juesuan_dsl` runs the `jsc` command line."""

from .cli import run

run()
