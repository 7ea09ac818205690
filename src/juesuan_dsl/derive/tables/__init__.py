"""Derive the published tables from the ledger, one builder per table shape."""
