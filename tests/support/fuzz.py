"""A seeded world for the API fuzz test, and the schemathesis hooks that steer generated ids at it.

Random ids only ever reach "not found". These hooks mix the ids of real objects into generated
path parameters and id fields of bodies, so the fuzz also reaches the states behind them (a
found app, a finished deployment), while still sending random ids. The operations are generated
before the stack runs, so the hooks read the ids when a request is generated, not when they are
registered.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import asyncpg
import schemathesis
from hypothesis import strategies as st

from tests.e2e.scenario import Scenario, unique, workload_delta
from tests.support.stack import Api

BODY_ID_FIELDS = {"delta_id": "delta_id", "set_id": "set_id", "from_deploy_id": "deploy_id"}
"""Body fields that hold the id of an object, and the path parameter naming the same kind."""
VALUE_KEY = "FUZZ_VALUE"


@dataclass(frozen=True)
class World:
    ids: dict[str, str]
    """Path parameter name -> the id of a real object."""
    on_paths: dict[str, dict[str, str]] = field(default_factory=dict)
    """Path template regex -> ids that replace ``ids`` on the paths it matches: ``version_id``
    names a value set version on one path and a definition version on another."""

    def for_path(self, path: str) -> dict[str, str]:
        ids = dict(self.ids)
        for pattern, overrides in self.on_paths.items():
            if re.search(pattern, path):
                ids.update(overrides)
        return ids


@dataclass
class KnownIds:
    """One world for the operations that delete, another for the rest, so deleting never takes
    the objects the others need. Filled once the stack runs."""

    kept: World = field(default_factory=lambda: World({}))
    deletable: World = field(default_factory=lambda: World({}))

    def for_operation(self, method: str, path: str) -> dict[str, str]:
        return (self.deletable if method.upper() == "DELETE" else self.kept).for_path(path)


async def seed_world(api: Api, dsn: str) -> World:
    """An org with a definition and an environment type; an app whose environment has a finished
    deployment, a second environment and shared values; a spare app (for the delete of an app,
    which would otherwise take the rest along); a delta; a decided command."""
    scenario = await Scenario.create(api)
    app, org = scenario.app_path, f"/orgs/{scenario.org}"
    await api.ok("POST", f"{app}/values", {"key": VALUE_KEY, "value": "app"})
    await api.ok("POST", f"{app}/envs/{scenario.env}/values", {"key": VALUE_KEY, "value": "env"})
    deployment = await scenario.finished((await scenario.deploy("web"))["id"])
    delta = await api.ok("POST", f"{app}/deltas", workload_delta("api"))
    env_type, spare_app = unique("type"), unique("spare")
    await api.ok("POST", f"{org}/env-types", {"id": env_type})
    await api.ok("POST", f"{app}/envs", {"id": "staging", "name": "Staging", "type": env_type})
    await api.ok("POST", f"{org}/apps", {"id": spare_app, "name": spare_app})
    ids = {
        "org_id": scenario.org,
        "app_id": scenario.app,
        "env_id": scenario.env,
        "def_id": "echo-workload",
        "env_type_id": env_type,
        "delta_id": delta["id"],
        "set_id": deployment["set_id"],
        "source_set_id": deployment["set_id"],
        "deploy_id": deployment["id"],
        "key": VALUE_KEY,
        "command_id": await _a_command_id(dsn),
    }
    # Ids other areas make: taken from their lists when the shapes are as expected, else left random.
    active = await _first(api, f"{app}/envs/{scenario.env}/resources")
    ids |= {name: active[f] for name, f in (("type_id", "type"), ("res_id", "res_id")) if f in active}
    ids |= _pick("criteria_id", await api.ok("GET", f"{org}/resources/defs/echo-workload"), "criteria")
    ids |= _pick("driver_id", {"drivers": await api.ok("GET", f"{org}/resources/drivers")}, "drivers")
    value_set = await _first(api, f"{app}/value-set-versions")
    def_version = await _first(api, f"{org}/resources/defs/echo-workload/versions")
    return World(
        ids,
        {
            r"/value-set-versions/": _pick("version_id", {"v": [value_set]}, "v"),
            r"/defs/\{def_id\}/versions/": _pick("version_id", {"v": [def_version]}, "v"),
            r"/apps/\{app_id\}$": {"app_id": spare_app},
        },
    )


async def _a_command_id(dsn: str) -> str:
    """A write answers with the object, not its command: read one from the API's own schema."""
    conn = await asyncpg.connect(dsn)
    try:
        return str(await conn.fetchval("SELECT command_id FROM api.command_results WHERE accepted LIMIT 1"))
    finally:
        await conn.close()


async def _first(api: Api, path: str) -> dict[str, Any]:
    status, answer = await api.call("GET", path)
    return answer[0] if status == 200 and isinstance(answer, list) and answer and isinstance(answer[0], dict) else {}


def _pick(name: str, holder: Any, field_name: str) -> dict[str, str]:
    items = holder.get(field_name) if isinstance(holder, dict) else None
    first = items[0] if isinstance(items, list) and items and isinstance(items[0], dict) else {}
    return {name: str(first["id"])} if "id" in first else {}


def steer_ids(schema: schemathesis.BaseSchema, known: KnownIds) -> None:
    """Register hooks on ``schema`` that mix ``known`` ids into path parameters and bodies."""

    def before_generate_path_parameters(context: schemathesis.HookContext, strategy: Any) -> Any:
        method, path = _operation(context)
        return strategy.flatmap(lambda generated: _either(generated, known.for_operation(method, path)))

    def before_generate_body(context: schemathesis.HookContext, strategy: Any) -> Any:
        method, path = _operation(context)

        def mix(body: Any) -> st.SearchStrategy[Any]:
            ids = known.for_operation(method, path)
            return _either(body, {name: ids[kind] for name, kind in BODY_ID_FIELDS.items() if kind in ids})

        return strategy.flatmap(mix)

    schema.hook(before_generate_path_parameters)
    schema.hook(before_generate_body)


def _operation(context: schemathesis.HookContext) -> tuple[str, str]:
    assert context.operation is not None
    return str(context.operation.method), str(context.operation.path)


def _either(generated: Any, known: dict[str, str]) -> st.SearchStrategy[Any]:
    """Each value of a generated object that names a known kind of object: the real id (tried
    first), or the generated one. Anything but an object stays as generated."""
    if not isinstance(generated, dict):
        return st.just(generated)
    return st.fixed_dictionaries(
        {
            key: st.sampled_from([known[key], value]) if key in known else st.just(value)
            for key, value in generated.items()
        }
    )
