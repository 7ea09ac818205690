"""Shared by every stage: source files and spans, diagnostics and their code registry, money, the domain vocabulary, paths and resources."""
