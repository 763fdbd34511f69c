"""Hypothesis strategies for well-formed deployment sets, small enough that two generated sets
often share module names, keys and values (so their diffs have every kind of operation)."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

# Keys with the characters JSON pointers escape ('~', '/') and the empty key.
KEYS = st.text(alphabet="ab~/", max_size=2)
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-2, max_value=2)
    | st.sampled_from([0.5, 1.0, -2.25])
    | st.text(alphabet="xy", max_size=2)
)
JSON_VALUES = st.recursive(
    SCALARS,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(KEYS, children, max_size=3),
    max_leaves=8,
)
JSON_OBJECTS = st.dictionaries(KEYS, JSON_VALUES, max_size=3)
NAMES = st.sampled_from(["api", "web", "worker", "db"])


def resources(*, with_id: bool) -> st.SearchStrategy[dict[str, Any]]:
    optional: dict[str, st.SearchStrategy[Any]] = {
        "class": st.sampled_from(["default", "admin"]),
        "params": JSON_OBJECTS,
    }
    if with_id:
        optional["id"] = st.sampled_from(["shared.main", "shared.other"])
    return st.fixed_dictionaries({"type": st.sampled_from(["postgres", "dns"])}, optional=optional)


MODULES = st.fixed_dictionaries(
    {},
    optional={
        "profile": st.sampled_from(["humanitec/default-module", "humanitec/default-job"]),
        "spec": JSON_OBJECTS,
        "externals": st.dictionaries(NAMES, resources(with_id=False), max_size=2),
        "deploy": st.fixed_dictionaries({"when": st.sampled_from(["before", "after"])}),
    },
)
SETS = st.fixed_dictionaries(
    {
        "modules": st.dictionaries(NAMES, MODULES, max_size=3),
        "shared": st.dictionaries(NAMES, resources(with_id=True), max_size=2),
    }
)


def reversed_keys(value: Any) -> Any:
    """The same JSON value with every object's keys in reverse order."""
    if isinstance(value, dict):
        return {key: reversed_keys(value[key]) for key in reversed(list(value))}
    if isinstance(value, list):
        return [reversed_keys(item) for item in value]
    return value
