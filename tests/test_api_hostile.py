"""Issue 18: every public function of spine, musculoskeletal, routine and assessment
answers a hostile argument with a ValueError or TypeError whose message names the bad
value -- never AttributeError, KeyError, IndexError, OverflowError or anything else.

Each function is called with every parameter drawn from hostile values (None, text, NaN,
infinities, huge ints, booleans, lists, dicts, objects); a call may also succeed.
"""

from __future__ import annotations

import inspect
import warnings

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hipcourse.models import assessment, musculoskeletal, routine, spine

MODULES = (spine, musculoskeletal, routine, assessment)

HOSTILE = st.one_of(
    st.none(),
    st.booleans(),
    st.text(max_size=30),
    st.just("1_5"),
    st.just("x" * 5000),
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(-(10**60), 10**60),
    st.just(10**400),
    st.lists(st.one_of(st.integers(), st.text(max_size=5)), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
    st.builds(object),
)


def _public_functions():
    seen = []
    for mod in MODULES:
        names = getattr(mod, "__all__", None) or [
            n
            for n in dir(mod)
            if not n.startswith("_")
            and getattr(getattr(mod, n), "__module__", "").startswith(mod.__name__)
        ]
        for name in names:
            obj = getattr(mod, name)
            if inspect.isclass(obj) and issubclass(obj, BaseException):
                continue
            if not callable(obj):
                continue
            try:
                sig = inspect.signature(obj)
            except (TypeError, ValueError):
                continue
            params = [
                p
                for p in sig.parameters.values()
                if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
            ]
            if params:
                seen.append(
                    pytest.param(obj, params, id=f"{mod.__name__.rsplit('.', 1)[-1]}.{name}")
                )
    return seen


FUNCTIONS = _public_functions()


def test_every_module_has_public_functions_under_test():
    names = {p.id.split(".")[0] for p in FUNCTIONS}
    assert names == {"spine", "musculoskeletal", "routine", "assessment"}
    assert len(FUNCTIONS) >= 40


@pytest.mark.parametrize("func, params", FUNCTIONS)
@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=st.data())
def test_hostile_arguments_give_value_or_type_errors(func, params, data):
    kwargs = {}
    for p in params:
        # required parameters always get a hostile value; optional ones half of the time
        if p.default is inspect.Parameter.empty or data.draw(st.booleans(), label=p.name):
            kwargs[p.name] = data.draw(HOSTILE, label=p.name)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            func(**kwargs)
        except (ValueError, TypeError) as exc:
            msg = str(exc)
            assert msg and len(msg) < 2000, f"{func.__name__}: unhelpful message {msg[:200]!r}"
        except Exception as exc:  # noqa: BLE001 -- the point of the test
            pytest.fail(
                f"{func.__name__}({', '.join(kwargs)}) raised {type(exc).__name__}: "
                f"{str(exc)[:200]}"
            )
