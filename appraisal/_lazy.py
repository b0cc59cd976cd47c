"""Lazy names for a stage's ``__init__``: a submodule is imported on first use of one of its names.

The output and analysis stages pull in plotly, python-pptx, xlsxwriter and
scipy.stats; importing them eagerly would cost every command (``score
--json`` needs none of them) about a second of start-up.  A stage lists its
public names in ``__all__`` and, by submodule, where each lives;
:func:`lazy_names` gives the module ``__getattr__`` (PEP 562) that imports
the submodule when a name is first asked for.

>>> getter = lazy_names("json", {"decoder": ("JSONDecoder",)})
>>> getter("JSONDecoder").__name__
'JSONDecoder'
>>> getter("nope")
Traceback (most recent call last):
AttributeError: module 'json' has no attribute 'nope'
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

__all__ = ["lazy_names"]


def lazy_names(package: str, where: dict[str, tuple[str, ...]]) -> Callable[[str], Any]:
    """A module ``__getattr__`` for ``package``: each name in ``where[module]`` comes from ``package.<module>``."""
    module_of = {name: module for module, names in where.items() for name in names}

    def __getattr__(name: str) -> Any:
        module = module_of.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        return getattr(importlib.import_module(f"{package}.{module}"), name)

    return __getattr__
