"""Imported once by the process that batch workers fork from: everything a build needs, made ready.

Each worker then starts with jsc, lark, Jinja and Typst imported, the parser
tables built and the templates compiled, instead of spending a quarter to half
a second on that itself. Nothing here calls into Typst: a process that forks
must not have started the threads a native library may start.
"""

from __future__ import annotations

from .. import check  # noqa: F401  (imports the passes)
from ..render import build  # noqa: F401  (imports Typst and the context builders)
from ..render.environment import environment
from ..syntax.parser import _lark

_lark()
for _name in environment().list_templates(extensions=["j2"]):
    environment().get_template(_name)
