"""The .jsl syntax: grammar loading, parsing with recovery, and the AST."""
