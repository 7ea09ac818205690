"""Imported once by the process that batch workers fork from: everything a build needs, made ready.

Each worker then starts with jsc, lark, Jinja and Typst imported, the parser
tables built and the templates compiled (the Typst templates and the wording
macros of every built-in layout), instead of spending a quarter to half
a second on that itself. Nothing here calls into Typst: a process that forks
must not have started the threads a native library may start.
"""

from __future__ import annotations

from .. import pipeline  # noqa: F401
from ..derive import derive  # noqa: F401  (imports the stages a build runs)
from ..layout.load import builtin_folders, builtin_layout
from ..render import typeset  # noqa: F401  (imports Typst and the context builders)
from ..render.environment import environment
from ..render.wording_env import say
from ..rules import registry  # noqa: F401
from ..syntax.parser import _lark
from .orphan import die_with_parent

die_with_parent()  # the forkserver ends with jsc

_lark()
for _layout in map(builtin_layout, builtin_folders()):
    # The Typst templates in the Typst environment; the wording file in its own (plain-text) one.
    _env = environment(_layout.folder, True)
    for _name in _env.list_templates(extensions=["j2"]):
        if _name != _layout.wording:
            _env.get_template(_name)
    say(_layout)
