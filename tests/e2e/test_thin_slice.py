"""The thin slice through every running service: API -> Kafka -> command processor -> projector,
and a deployment through resolver, deployer, driver gateway and the echo driver, as one trace."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.e2e.scenario import Scenario, unique
from tests.support.infra import ROOT
from tests.support.polling import eventually
from tests.support.stack import Api, Stack

pytestmark = pytest.mark.e2e


class TestReadYourWrites:
    async def test_a_created_app_is_readable_as_soon_as_the_post_answers(self, api: Api) -> None:
        org, app = unique("org"), unique("app")
        await api.ok("POST", "/orgs", {"id": org, "name": "An org"})

        status, created = await api.call("POST", f"/orgs/{org}/apps", {"id": app, "name": "My app"})
        status_get, read = await api.call("GET", f"/orgs/{org}/apps/{app}")

        assert (201, 200) == (status, status_get)
        assert created == read
        assert {"id": app, "name": "My app", "org_id": org} == {k: read[k] for k in ("id", "name", "org_id")}
        assert [{"id": "development", "name": "Development", "type": "development"}] == read["envs"]

    async def test_an_app_can_start_with_its_own_first_environment(self, api: Api) -> None:
        org, app = unique("org"), unique("app")
        await api.ok("POST", "/orgs", {"id": org, "name": org})
        await api.ok("POST", f"/orgs/{org}/env-types", {"id": "staging", "description": "Pre-production"})
        body = {"id": app, "env": {"id": "staging", "name": "Staging", "type": "staging"}}
        created = await api.ok("POST", f"/orgs/{org}/apps", body)
        assert [{"id": "staging", "name": "Staging", "type": "staging"}] == created["envs"]


class TestDeploymentThroughEveryService:
    async def test_a_deployment_of_one_workload_succeeds_through_the_echo_driver(self, api: Api) -> None:
        scenario = await Scenario.create(api)
        created = await scenario.deploy("web")
        assert created["status"] in ("pending", "in progress", "succeeded")

        done = await scenario.finished(created["id"])

        assert "succeeded" == done["status"]
        namespace, node = done["graph"]["nodes"]  # dependencies first
        assert ("k8s-namespace", "default-k8s-namespace") == (namespace["type"], namespace["def_id"])
        assert [namespace["guresid"]] == node["depends_on"]
        assert ("modules.web", "workload", "echo-workload", "humanitec/echo") == (
            node["res_id"],
            node["type"],
            node["def_id"],
            node["driver_type"],
        )
        assert 40 == len(node["guresid"])
        assert 64 == len(done["dependency_graph_id"])
        assert done["graph"]["id"] == done["dependency_graph_id"]
        assert [] == await api.ok("GET", f"{scenario.deploys_path}/{created['id']}/errors")
        env = await api.ok("GET", f"{scenario.app_path}/envs/development")
        assert created["id"] == env["last_deploy"]["id"]
        deployment_set = await api.ok("GET", f"{scenario.app_path}/sets/{done['set_id']}")
        assert ["web"] == list(deployment_set["modules"])

    async def test_the_next_deployment_builds_on_the_last_set(self, api: Api) -> None:
        scenario = await Scenario.create(api)
        first = await scenario.finished((await scenario.deploy("web"))["id"])
        second = await scenario.finished((await scenario.deploy("worker"))["id"])

        assert ("succeeded", "succeeded") == (first["status"], second["status"])
        assert first["id"] == second["from_id"]
        deployment_set = await api.ok("GET", f"{scenario.app_path}/sets/{second['set_id']}")
        assert ["web", "worker"] == sorted(deployment_set["modules"])
        listed = await api.ok("GET", scenario.deploys_path)
        assert [second["id"], first["id"]] == [d["id"] for d in listed]

    async def test_a_resource_no_definition_matches_fails_the_deployment_with_a_precise_error(self, api: Api) -> None:
        scenario = await Scenario.create(api, definitions=[])
        done = await scenario.finished((await scenario.deploy("web"))["id"])

        assert "failed" == done["status"]
        (error,) = await api.ok("GET", f"{scenario.deploys_path}/{done['id']}/errors")
        assert ("RES-001", "modules.web") == (error["code"], error["object_id"])
        assert "type 'workload' and class 'default'" in error["message"]
        assert scenario.app in error["message"]

    async def test_a_driver_that_cannot_be_reached_fails_the_deployment_after_retries(self, api: Api) -> None:
        unreachable = {
            "id": "broken-workload",
            "name": "Broken",
            "type": "workload",
            "driver_type": "test/unreachable",
            "criteria": [{}],
        }
        scenario = await Scenario.create(api, definitions=[unreachable])
        done = await scenario.finished((await scenario.deploy("web"))["id"], timeout_s=60)

        assert "failed" == done["status"]
        (error,) = await api.ok("GET", f"{scenario.deploys_path}/{done['id']}/errors")
        assert "RES-500" == error["code"]
        assert "after 2 attempts" in error["message"]
        assert "broken-workload" in error["message"]


class TestOneTrace:
    async def test_a_deployment_is_one_trace_with_a_span_in_every_service(self, api: Api, stack: Stack) -> None:
        scenario = await Scenario.create(api)
        delta = await api.ok("POST", f"{scenario.app_path}/deltas", {"modules": {"add": {"web": {}}}})
        async with api.session.post(api.base + scenario.deploys_path, json={"delta_id": delta["id"]}) as resp:
            assert 201 == resp.status
            trace_id = resp.headers["X-Trace-Id"]
            deploy_id = (await resp.json())["id"]
        await scenario.finished(deploy_id)
        wanted = {"orch-api", "orch-resolver", "orch-deployer", "orch-driver-gateway", "orch-driver-echo"}

        async def services_in_trace() -> set[str] | None:
            spans = [s for s in stack.spans() if s["context"]["trace_id"] == "0x" + trace_id]
            found = {s["resource"]["attributes"]["service.name"] for s in spans}
            return found if wanted <= found else None

        found = await eventually(services_in_trace, what="spans of every service in the deployment's trace")
        assert wanted <= found
        names = {s["name"] for s in stack.spans() if s["context"]["trace_id"] == "0x" + trace_id}
        assert "deployer process DriverCallSucceeded" in names
        assert "api-projector process DeploymentSucceeded" in names


class TestBadInput:
    async def test_errors_have_humanitecs_shape_and_a_4xx_status(self, api: Api) -> None:
        scenario = await Scenario.create(api)
        cases = [
            ("POST", "/orgs", None, b"{not json", 422),
            ("POST", "/orgs", {"id": "Not_Valid!", "name": "x"}, None, 400),
            ("POST", "/orgs", {"id": scenario.org, "name": "again"}, None, 409),
            ("POST", f"/orgs/{scenario.org}/apps", {"id": scenario.app}, None, 409),
            ("GET", f"/orgs/{scenario.org}/apps/{unique('nope')}", None, None, 404),
            ("POST", f"/orgs/{unique('nope')}/apps", {"id": "app"}, None, 404),
            ("POST", scenario.deploys_path, {"delta_id": "0" * 40}, None, 400),
            ("POST", scenario.deploys_path, {}, None, 400),
            ("POST", f"/orgs/{scenario.org}/resources/defs", {"id": "x"}, None, 400),
        ]
        for method, path, body, raw, expected in cases:
            status, answer = await api.call(method, path, body, raw=raw)
            assert expected == status, (method, path, answer)
            assert {"error", "message", "details"} <= set(answer), answer
            assert answer["error"].startswith("API-")

    async def test_a_rejected_write_leaves_nothing_behind(self, api: Api) -> None:
        scenario = await Scenario.create(api)
        status, _ = await api.call("POST", scenario.deploys_path, {"delta_id": "f" * 40})
        assert 400 == status
        assert [] == await api.ok("GET", scenario.deploys_path)


class TestReplay:
    async def test_replaying_the_log_rebuilds_the_same_read_models(self, api: Api, stack: Stack) -> None:
        scenario = await Scenario.create(api)
        await scenario.finished((await scenario.deploy("web"))["id"])
        env = {**stack.env("api"), "ORCH_TELEMETRY__TRACES_FILE": ""}
        env.pop("ORCH_TELEMETRY__TRACES_FILE")
        result = subprocess.run(
            [sys.executable, "-m", "orch_api.entrypoints.replay", "--schema", "api_replay_test"],
            cwd=ROOT,
            env={**env, "ORCH_TELEMETRY__LOG_LEVEL": "warning", "PATH": os.environ.get("PATH", "")},
            capture_output=True,
            timeout=120,
            check=False,
        )
        assert 0 == result.returncode, result.stdout.decode() + result.stderr.decode()[-2000:]
        report = json.loads(result.stdout)
        assert report["identical"] is True
        tables = report["tables"]
        assert tables["deployments"]["rows"] >= 1
        assert tables["apps"]["rows"] >= 1
        assert all(0 == t["only_live"] == t["only_rebuilt"] for t in tables.values())
