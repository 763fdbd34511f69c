"""A seeded world for the API fuzz test, and the schemathesis hooks that steer generated ids at it.

Random ids only ever reach "not found". These hooks mix the ids of real objects into generated
path parameters and id fields of bodies, so the fuzz also reaches the states behind them (a
found app, a finished deployment), while still sending random ids. The operations are generated
before the stack runs, so the hooks read the ids when a request is generated, not when they are
registered.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import asyncpg
import schemathesis
from hypothesis import strategies as st

from tests.e2e.scenario import Scenario, unique, workload_delta
from tests.support.stack import Api

BODY_ID_FIELDS = {"delta_id": "delta_id", "set_id": "set_id", "from_deploy_id": "deploy_id"}
"""Body fields that hold the id of an object, and the path parameter naming the same kind."""


@dataclass
class KnownIds:
    """Path parameter name -> the id of a real object: one world for the operations that delete,
    another for the rest, so deleting never takes the objects the others need."""

    kept: dict[str, str] = field(default_factory=dict)
    deletable: dict[str, str] = field(default_factory=dict)

    def for_method(self, method: str) -> dict[str, str]:
        return self.deletable if method.upper() == "DELETE" else self.kept


async def seed_world(api: Api, dsn: str) -> dict[str, str]:
    """An org with a definition and an environment type; an app whose environment has a finished
    deployment and a second environment; a delta; a decided command. Their ids by parameter name."""
    scenario = await Scenario.create(api)
    deployment = await scenario.finished((await scenario.deploy("web"))["id"])
    delta = await api.ok("POST", f"{scenario.app_path}/deltas", workload_delta("api"))
    env_type = unique("type")
    await api.ok("POST", f"/orgs/{scenario.org}/env-types", {"id": env_type})
    await api.ok("POST", f"{scenario.app_path}/envs", {"id": "staging", "name": "Staging", "type": env_type})
    conn = await asyncpg.connect(dsn)
    try:
        # A write answers with the object, not its command: read one from the API's own schema.
        command_id = await conn.fetchval("SELECT command_id FROM api.command_results WHERE accepted LIMIT 1")
    finally:
        await conn.close()
    return {
        "org_id": scenario.org,
        "app_id": scenario.app,
        "env_id": scenario.env,
        "def_id": "echo-workload",
        "env_type_id": env_type,
        "delta_id": delta["id"],
        "set_id": deployment["set_id"],
        "deploy_id": deployment["id"],
        "command_id": str(command_id),
    }


def steer_ids(schema: schemathesis.BaseSchema, known: KnownIds) -> None:
    """Register hooks on ``schema`` that mix ``known`` ids into path parameters and bodies."""

    def before_generate_path_parameters(context: schemathesis.HookContext, strategy: Any) -> Any:
        method = _method(context)
        return strategy.flatmap(lambda generated: _either(generated, known.for_method(method)))

    def before_generate_body(context: schemathesis.HookContext, strategy: Any) -> Any:
        method = _method(context)

        def mix(body: Any) -> st.SearchStrategy[Any]:
            ids = known.for_method(method)
            return _either(body, {name: ids[kind] for name, kind in BODY_ID_FIELDS.items() if kind in ids})

        return strategy.flatmap(mix)

    schema.hook(before_generate_path_parameters)
    schema.hook(before_generate_body)


def _method(context: schemathesis.HookContext) -> str:
    assert context.operation is not None
    return str(context.operation.method)


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
