"""One module per output format of a compilation: diagnostics as text or JSON, the model as JSON, diffs."""
