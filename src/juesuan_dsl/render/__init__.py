"""Rendering: escape, Jinja environment, Typst source and PDF."""
