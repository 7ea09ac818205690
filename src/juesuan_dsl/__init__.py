"""jsc: compile a department's .jsl source into its published 部门决算公开 document."""

__version__ = "0.1.0"
