"""Property-based fuzzing of every operation against the API's own OpenAPI document.

schemathesis reads the document and, for each operation, sends its examples, its coverage cases
(boundary values, each constraint broken in turn) and random requests, valid and invalid, to the
running stack. Every answer must be: never a 5xx; a documented status code; a documented
content type; a body that validates against the documented schema.

The operations are parametrized when pytest collects the tests, before the stack runs, so the
document is built in-process from the same endpoints; a test checks the stack serves the same.
Random ids only reach "not found", so the ids of a seeded world are mixed into generated ones.
"""

from __future__ import annotations

import json
import os
from typing import Any

import aiohttp
import pytest
import requests
import schemathesis
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from orch_api.entrypoints.routes import all_endpoints
from orch_api.entrypoints.routes.meta import api_reference
from tests.support.fuzz import KnownIds, seed_world, steer_ids
from tests.support.stack import Api, Stack

pytestmark = pytest.mark.e2e

SEED = 20250101
DEEP = os.environ.get("ORCH_FUZZ_DEEP") == "1"
"""The default run stays around a minute on two cores: a few random requests per operation. A deep
run (``ORCH_FUZZ_DEEP=1``, a few minutes) adds the coverage phase and more random requests."""
MAX_EXAMPLES = 25 if DEEP else 5
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
CONFIG = {
    "seed": SEED,
    "request-timeout": 15,  # longer than the API's own wait for a command (then 202): a hang fails
    "generation": {"max-examples": MAX_EXAMPLES, "deterministic": True, "database": "none", "no-shrink": True},
    "phases": {
        "examples": {"enabled": False},  # the document has no examples
        # Methods a path does not have (405) are not in the document: not sent.
        "coverage": {"enabled": DEEP, "unexpected-methods": []},
        "stateful": {"enabled": False},
    },
}

DOCUMENT: dict[str, Any] = json.loads(api_reference(all_endpoints()).document)
KNOWN = KnownIds()
schema = schemathesis.openapi.from_dict(DOCUMENT, config=schemathesis.Config.from_dict(CONFIG))
steer_ids(schema, KNOWN)


@pytest.fixture(scope="module")
async def seeded(stack: Stack) -> KnownIds:
    async with aiohttp.ClientSession() as session:
        api = Api(stack.api_url, session)
        KNOWN.kept = await seed_world(api, stack.run.dsn)
        KNOWN.deletable = await seed_world(api, stack.run.dsn)
    return KNOWN


async def test_the_stack_serves_the_document_the_fuzz_reads(api: Api) -> None:
    status, served = await api.call("GET", "/openapi.json")
    assert (200, DOCUMENT) == (status, served)


@schema.parametrize()
def test_every_operation_answers_as_documented(case: schemathesis.Case[Any], stack: Stack, seeded: KnownIds) -> None:
    assert_responsive(stack)
    case.call_and_validate(base_url=stack.api_url, checks=CHECKS)


def assert_responsive(stack: Stack) -> None:
    """Fail at once, rather than time out on every request, once a request has wedged the API."""
    try:
        requests.get(f"{stack.api_url}/healthz", timeout=5).raise_for_status()
    except requests.RequestException as exc:
        pytest.fail(f"the API does not answer /healthz any more (an earlier request wedged it?): {exc}")
