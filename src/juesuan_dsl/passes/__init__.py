"""Semantic passes: resolve (AST → model), derive (figures and tables), checks, assertions."""
