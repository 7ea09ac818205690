"""Resolve: the AST of a source into the Report (codes named from the catalogs, units known, texts typed)."""
