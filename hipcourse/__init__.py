"""hipcourse: a Jupyter course on hip stretches, and the models behind it.

Importing the package is cheap: the heavy parts (matplotlib, MuJoCo, nbconvert) load only
when the module that needs them is imported (``hipcourse.plots``,
``hipcourse.musculoskeletal``, ``hipcourse.handouts``).

Data flows one way: ``data/*.toml`` -> :mod:`hipcourse.catalog` -> models
(:mod:`~hipcourse.musculoskeletal`, :mod:`~hipcourse.spine`, :mod:`~hipcourse.routine`,
:mod:`~hipcourse.assessment`, :mod:`~hipcourse.journal`) -> views (:mod:`~hipcourse.plots`,
:mod:`~hipcourse.widgets`, :mod:`~hipcourse.lesson`, :mod:`~hipcourse.handouts`,
:mod:`~hipcourse.cli`).
"""
from hipcourse._checks import InputError
from hipcourse.catalog import CatalogError, load_catalog

__version__ = "0.1.0"
__all__ = ["InputError", "CatalogError", "load_catalog", "__version__"]
