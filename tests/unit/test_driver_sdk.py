"""The driver SDK's HTTP surface, served in-process, with the echo driver and small test drivers."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from orch_drivers.echo import EchoDriver
from orch_drivers.sdk import COOKIE_IN, COOKIE_OUT, Driver, DriverError, DriverRequest, DriverResult, create_app

GURESID = "0a1b2c3d4e5f60718293a4b5c6d7e8f901234567"
PUT_BODY: dict[str, Any] = {
    "type": "workload",
    "resource": {"name": "api"},
    "driver": {"values": {"host": "api.local", "port": 8080}, "secrets": {"token": "t0ken"}},
}


@asynccontextmanager
async def serving(driver: Driver) -> AsyncIterator[TestClient[web.Request, web.Application]]:
    async with TestClient(TestServer(create_app(driver))) as client:
        yield client


class RecordingDriver(Driver):
    """Remembers what it was asked; answers with a fixed result or a fixed DriverError."""

    def __init__(self, result: DriverResult | None = None, error: DriverError | None = None) -> None:
        self.provisioned: list[DriverRequest] = []
        self.deprovisioned: list[tuple[str, str | None]] = []
        self._result = result or DriverResult()
        self._error = error

    async def provision(self, request: DriverRequest) -> DriverResult:
        self.provisioned.append(request)
        if self._error is not None:
            raise self._error
        return self._result

    async def deprovision(self, guresid: str, cookie: str | None) -> None:
        self.deprovisioned.append((guresid, cookie))


class TestPut:
    async def test_the_echo_driver_answers_its_inputs_as_outputs(self) -> None:
        async with serving(EchoDriver()) as client:
            resp = await client.put(f"/{GURESID}", json=PUT_BODY)

            assert resp.status == 200
            assert await resp.json() == {
                "id": GURESID,
                "type": "workload",
                "resource": {"values": {"host": "api.local", "port": 8080}, "secrets": {"token": "t0ken"}},
                "manifests": [],
            }

    async def test_the_driver_receives_the_parsed_request_and_cookie(self) -> None:
        driver = RecordingDriver()
        async with serving(driver) as client:
            resp = await client.put(f"/{GURESID}", json=PUT_BODY, headers={COOKIE_IN: "state-1"})

            assert resp.status == 200
        assert driver.provisioned == [
            DriverRequest(
                guresid=GURESID,
                type="workload",
                resource={"name": "api"},
                values={"host": "api.local", "port": 8080},
                secrets={"token": "t0ken"},
                cookie="state-1",
            )
        ]

    async def test_the_drivers_cookie_and_manifests_are_returned(self) -> None:
        result = DriverResult(values={"a": 1}, manifests=[{"kind": "Deployment"}], cookie="state-2")
        async with serving(RecordingDriver(result)) as client:
            resp = await client.put(f"/{GURESID}", json={"type": "workload"})

            assert resp.headers.get(COOKIE_OUT) == "state-2"
            assert (await resp.json())["manifests"] == [{"kind": "Deployment"}]

    async def test_no_cookie_header_without_a_cookie(self) -> None:
        async with serving(EchoDriver()) as client:
            resp = await client.put(f"/{GURESID}", json={"type": "workload"})

            assert COOKIE_OUT not in resp.headers

    @pytest.mark.parametrize("guresid", ["Upper0case", "under_score", "-leading", "trailing-", "a.b"])
    async def test_an_invalid_guresid_is_a_400_with_error_and_message(self, guresid: str) -> None:
        async with serving(EchoDriver()) as client:
            resp = await client.put(f"/{guresid}", json=PUT_BODY)

            assert resp.status == 400
            assert await resp.json() == {"error": "RES-100", "message": f"invalid GUResID '{guresid}'"}

    async def test_a_guresid_with_a_trailing_newline_is_a_400(self) -> None:
        async with serving(EchoDriver()) as client:
            resp = await client.put("/abc%0A", json=PUT_BODY)

            assert resp.status == 400

    @pytest.mark.parametrize("raw", [b"", b"{not json", b'{"type": "workload"'])
    async def test_a_body_that_is_not_json_is_a_400(self, raw: bytes) -> None:
        async with serving(EchoDriver()) as client:
            resp = await client.put(f"/{GURESID}", data=raw, headers={"Content-Type": "application/json"})

            assert resp.status == 400
            assert await resp.json() == {"error": "RES-100", "message": "the body is not valid JSON"}

    @pytest.mark.parametrize(
        "body",
        [[], "workload", {"resource": {}}, {"type": 7}, {"type": "workload", "driver": ["values"]}],
        ids=["array", "string", "no-type", "type-not-string", "driver-not-object"],
    )
    async def test_a_body_of_the_wrong_shape_is_a_400(self, body: Any) -> None:
        async with serving(EchoDriver()) as client:
            resp = await client.put(f"/{GURESID}", data=json.dumps(body))

            assert resp.status == 400
            assert (await resp.json())["error"] == "RES-100"

    @pytest.mark.parametrize(
        "body",
        [
            {"type": "workload", "resource": ["name"]},
            {"type": "workload", "driver": {"values": "host"}},
            {"type": "workload", "driver": {"secrets": [1]}},
        ],
        ids=["resource-array", "values-string", "secrets-array"],
    )
    async def test_a_nested_section_that_is_not_an_object_is_a_400(self, body: Any) -> None:
        async with serving(EchoDriver()) as client:
            resp = await client.put(f"/{GURESID}", data=json.dumps(body))

            assert resp.status == 400

    async def test_a_driver_error_is_a_400_with_its_code_and_message(self) -> None:
        driver = RecordingDriver(error=DriverError("RES-104", "the image is missing"))
        async with serving(driver) as client:
            resp = await client.put(f"/{GURESID}", json=PUT_BODY)

            assert resp.status == 400
            assert await resp.json() == {"error": "RES-104", "message": "the image is missing"}


class TestDelete:
    async def test_delete_answers_204_and_again_204(self) -> None:
        driver = RecordingDriver()
        async with serving(driver) as client:
            first = await client.delete(f"/{GURESID}", headers={COOKIE_IN: "state-1"})
            second = await client.delete(f"/{GURESID}")

            assert (first.status, second.status) == (204, 204)
        assert driver.deprovisioned == [(GURESID, "state-1"), (GURESID, None)]

    async def test_the_echo_driver_deletes_idempotently(self) -> None:
        async with serving(EchoDriver()) as client:
            statuses = [(await client.delete(f"/{GURESID}")).status for _ in range(2)]

            assert statuses == [204, 204]

    async def test_delete_of_an_invalid_guresid_is_a_400(self) -> None:
        driver = RecordingDriver()
        async with serving(driver) as client:
            resp = await client.delete("/Not_Valid")

            assert resp.status == 400
            assert (await resp.json())["error"] == "RES-100"
        assert driver.deprovisioned == []


class TestGet:
    async def test_get_is_not_allowed(self) -> None:
        async with serving(EchoDriver()) as client:
            resp = await client.get(f"/{GURESID}")

            assert resp.status == 405
