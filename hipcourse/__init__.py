"""hipcourse: a Jupyter course on hip stretches, and the models behind it.

The package is layered, and each layer imports only from the layers below it
(``tests/test_layers.py`` enforces this):

``kit``
    file safety (atomic writes), input checks, paths to the package's resources.
``content``
    the TOML catalog (muscles, stretches, restrictions) and its strict schema.
``models``
    pure, deterministic computation: ``musculoskeletal`` (MuJoCo + MyoLeg), ``spine``,
    ``routine`` (the only place that computes dose), ``assessment``, ``journal`` (SQLite),
    ``invivo`` (the model checked against published in-vivo findings).
``views``
    what a person sees: figures (``plots``), ``widgets``, HTML (``lesson``,
    ``routine_html``), the answer checks of the exercises.
``build``
    lessons -> handouts, slides, the student copy, the app.

``hipcourse.cli`` sits on top of all of them: it is the ``hipcourse`` command.

Importing the package is cheap: the heavy parts (matplotlib, MuJoCo, nbconvert) load only
when a module that needs them is used. For the lessons, the modules a notebook needs are
reachable by short names, loaded on first use::

    from hipcourse import lesson, exercises, plots   # hipcourse.views.lesson, ...
"""

from __future__ import annotations

import importlib

from hipcourse.kit.checks import InputError

__version__ = "0.2.0"

#: Short names the lessons use -> the module that holds the code.
MODULES = {
    "catalog": "hipcourse.content.catalog",
    "musculoskeletal": "hipcourse.models.musculoskeletal",
    "spine": "hipcourse.models.spine",
    "routine": "hipcourse.models.routine",
    "assessment": "hipcourse.models.assessment",
    "journal": "hipcourse.models.journal",
    "invivo": "hipcourse.models.invivo",
    "plots": "hipcourse.views.plots",
    "widgets": "hipcourse.views.widgets",
    "lesson": "hipcourse.views.lesson",
    "exercises": "hipcourse.views.exercises",
    "evidence": "hipcourse.views.evidence",
    "routine_html": "hipcourse.views.routine_html",
    "player": "hipcourse.views.player",
    "handouts": "hipcourse.build.handouts",
    "cli": "hipcourse.cli",
}

__all__ = ["InputError", "CatalogError", "load_catalog", "MODULES", "__version__", *MODULES]


#: Names of the front door that live in a module loaded on first use (the catalog's
#: loader parses and validates TOML, which ``import hipcourse`` need not pay for).
LAZY_NAMES = {
    "CatalogError": "hipcourse.content.catalog",
    "load_catalog": "hipcourse.content.catalog",
}


def __getattr__(name: str):
    """Load ``hipcourse.<short name>`` on first use (PEP 562), e.g. ``hipcourse.plots``."""
    if name in LAZY_NAMES:
        value = getattr(importlib.import_module(LAZY_NAMES[name]), name)
        globals()[name] = value
        return value
    try:
        target = MODULES[name]
    except KeyError:
        raise AttributeError(f"module 'hipcourse' has no attribute {name!r}") from None
    module = importlib.import_module(target)
    globals()[name] = module
    return module


def __dir__():
    return sorted(set(globals()) | set(MODULES))
