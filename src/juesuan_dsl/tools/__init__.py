"""Features built on the pipeline: the formatter, roll-forward to a new year, the semantic diff, git revisions."""
