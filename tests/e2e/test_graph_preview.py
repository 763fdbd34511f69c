"""The resource graph through the running services: references between definitions rendered at
provisioning time, and a preview that explains every matching decision before deploying."""

from __future__ import annotations

from typing import Any

import pytest

from shared.kafka import EVENTS
from shared.messages import Envelope
from tests.e2e.scenario import ECHO_WORKLOAD, Scenario
from tests.support.kafka_io import read_all
from tests.support.stack import Api, Stack

pytestmark = pytest.mark.e2e

POSTGRES = {
    "id": "pg-db",
    "name": "Postgres database",
    "type": "postgres",
    "driver_type": "humanitec/echo",
    "driver_inputs": {
        "values": {
            "host": "${resources.postgres-instance.outputs.host}",
            "name": "${context.app.id}-${context.env.id}",
            "port": "${resources.postgres-instance.outputs.port}",
        }
    },
    "criteria": [{}],
}
INSTANCE = {
    "id": "pg-instance",
    "name": "Shared instance",
    "type": "postgres-instance",
    "driver_type": "humanitec/echo",
    "driver_inputs": {"values": {"host": "db.internal", "port": 5432}},
    "criteria": [{}],
}
PROD_INSTANCE = {**INSTANCE, "id": "pg-instance-prod", "criteria": [{"env_type": "production"}]}


def module_with_db() -> dict[str, Any]:
    return {
        "profile": "humanitec/default-module",
        "spec": {"containers": {"main": {"image": "busybox", "variables": {"DB": "${externals.db.host}"}}}},
        "externals": {"db": {"type": "postgres"}},
    }


async def _outputs(stack: Stack, deploy_id: str) -> dict[str, dict[str, Any]]:
    """Driver outputs of a deployment's resources, by GUResID, as the event log recorded them."""
    out = {}
    for value, _ in await read_all(stack.run.bootstrap, stack.run.topic_prefix + EVENTS):
        envelope = Envelope.from_bytes(value)
        if envelope.type == "DriverCallSucceeded" and envelope.payload["deploy_id"] == deploy_id:
            out[envelope.payload["guresid"]] = envelope.payload["outputs"]
    return out


class TestReferencesAreRenderedAtProvisioning:
    async def test_a_definition_reads_the_outputs_of_the_resource_it_references(self, api: Api, stack: Stack) -> None:
        scenario = await Scenario.create(api, definitions=[ECHO_WORKLOAD, POSTGRES, INSTANCE])
        delta = {"modules": {"add": {"web": module_with_db()}}}
        delta_id = (await api.ok("POST", f"{scenario.app_path}/deltas", delta))["id"]
        created = await api.ok("POST", scenario.deploys_path, {"delta_id": delta_id})
        done = await scenario.finished(created["id"])

        assert "succeeded" == done["status"], await api.ok("GET", f"{scenario.deploys_path}/{created['id']}/errors")
        nodes = {(n["type"], n["res_id"]): n for n in done["graph"]["nodes"]}
        assert {"k8s-namespace", "postgres-instance", "postgres", "workload"} == {t for t, _ in nodes}
        pg = nodes[("postgres", "modules.web.externals.db")]
        outputs = await _outputs(stack, created["id"])
        expected = {"host": "db.internal", "port": 5432, "name": f"{scenario.app}-development"}
        assert expected == outputs[pg["guresid"]]
        namespace = nodes[("k8s-namespace", "k8s-namespace")]
        assert {"namespace": f"{scenario.app}-development"} == outputs[namespace["guresid"]]


class TestPreview:
    async def test_a_preview_explains_which_definition_each_resource_gets(self, api: Api) -> None:
        scenario = await Scenario.create(api, definitions=[ECHO_WORKLOAD, POSTGRES, INSTANCE, PROD_INSTANCE])
        body = [{"id": "modules.web.externals.db", "type": "postgres"}]
        preview = await api.ok("POST", f"{scenario.app_path}/envs/development/resources/graphs", body)

        nodes = {n["type"]: n for n in preview["nodes"]}
        assert ["postgres-instance", "postgres"] == [n["type"] for n in preview["nodes"]]
        assert ("pg-instance", False) == (
            nodes["postgres-instance"]["def_id"],
            nodes["postgres-instance"]["explanation"]["chosen"]["builtin"],
        )
        # The production-only instance does not match development, so it is not a candidate.
        assert ["pg-instance"] == [c["def_id"] for c in nodes["postgres-instance"]["explanation"]["candidates"]]
        assert "matches on no fields" in nodes["postgres"]["explanation"]["reason"]
        assert nodes["postgres-instance"]["guresid"] in nodes["postgres"]["depends_on"]
        assert 64 == len(preview["id"])

    async def test_the_same_request_gives_the_same_graph_id(self, api: Api) -> None:
        scenario = await Scenario.create(api, definitions=[ECHO_WORKLOAD, POSTGRES, INSTANCE])
        path = f"{scenario.app_path}/envs/development/resources/graphs"
        body = [{"id": "modules.web.externals.db", "type": "postgres"}]

        assert (await api.ok("POST", path, body))["id"] == (await api.ok("POST", path, body))["id"]

    async def test_a_resource_nothing_matches_is_a_400_naming_it(self, api: Api) -> None:
        scenario = await Scenario.create(api, definitions=[POSTGRES])
        path = f"{scenario.app_path}/envs/development/resources/graphs"
        status, error = await api.call("POST", path, [{"id": "modules.web.externals.db", "type": "postgres"}])

        assert 400 == status
        (problem,) = error["details"]["errors"]
        assert ("RES-001", "modules.web.externals.db") == (problem["code"], problem["object_id"])
        assert "'postgres-instance'" in problem["message"]

    async def test_bad_bodies_and_unknown_environments_are_4xx(self, api: Api) -> None:
        scenario = await Scenario.create(api, definitions=[])
        path = f"{scenario.app_path}/envs/development/resources/graphs"
        assert 400 == (await api.call("POST", path, [{"id": "x"}]))[0]
        assert 400 == (await api.call("POST", path, "not a list"))[0]
        assert 404 == (await api.call("POST", path, {"set_id": "a" * 43}))[0]
        assert 404 == (await api.call("POST", f"{scenario.app_path}/envs/nope/resources/graphs", []))[0]
