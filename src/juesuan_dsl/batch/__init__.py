"""Many sources at once: the plan of files and outputs, a pool of worker processes, the summary table."""
