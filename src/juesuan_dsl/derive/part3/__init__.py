"""Derive the figures of part three (情况说明), section by section."""
