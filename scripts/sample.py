"""Create the demo org, its resource definitions and the sample app, deploy it, and say where
everything is. Safe to run again: what exists is left as it is, and a new deployment is made."""

from __future__ import annotations

import json
import os
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

API = os.environ.get("ORCH_API_URL", f"http://127.0.0.1:{os.environ.get('ORCH_API_PORT', '8080')}")
ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "examples" / "sample-app"
ORG, APP, ENV = "demo", "sample", "development"


def call(method: str, path: str, body: Any = None) -> tuple[int, Any]:  # noqa: ANN401
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(API + path, data=data, method=method, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            return resp.status, json.loads(resp.read() or b"null")
    except urllib.error.HTTPError as err:
        return err.code, json.loads(err.read() or b"null")


def ensure(path: str, body: dict[str, Any], what: str) -> None:
    status, answer = call("POST", path, body)
    if status in (200, 201):
        print(f"created {what}")
    elif status == 409:
        print(f"{what} exists already")
    else:
        sys.exit(f"could not create {what}: {status} {answer}")


def main() -> None:
    ensure("/orgs", {"id": ORG, "name": "Demo"}, f"org '{ORG}'")
    for definition in json.loads((SAMPLE / "definitions.json").read_text()):
        ensure(f"/orgs/{ORG}/resources/defs", definition, f"resource definition '{definition['id']}'")
    ensure(f"/orgs/{ORG}/apps", {"id": APP, "name": "Sample app"}, f"app '{APP}'")
    status, delta = call("POST", f"/orgs/{ORG}/apps/{APP}/deltas", json.loads((SAMPLE / "delta.json").read_text()))
    if status != 200:
        sys.exit(f"could not create the delta: {status} {delta}")
    path = f"/orgs/{ORG}/apps/{APP}/envs/{ENV}/deploys"
    status, deployment = call("POST", path, {"delta_id": delta["id"], "comment": "make up: sample app"})
    if status != 201:
        sys.exit(f"could not deploy: {status} {deployment}")
    deploy_id = deployment["id"]
    deadline = time.monotonic() + 60
    while deployment["status"] not in ("succeeded", "failed") and time.monotonic() < deadline:
        time.sleep(0.2)
        _, deployment = call("GET", f"{path}/{deploy_id}")
    print(f"deployment {deploy_id} of {ORG}/{APP} to {ENV}: {deployment['status']}")
    if deployment["status"] != "succeeded":
        _, errors = call("GET", f"{path}/{deploy_id}/errors")
        sys.exit(f"the sample deployment did not succeed: {errors}")
    home = os.environ.get("ORCH_HOME", str(ROOT / ".orch"))
    print(
        f"\nThe orchestrator is up.\n"
        f"  API:     {API}   (try: curl {API}{path})\n"
        f"  Docs:    {API}/docs   (the API reference; {API}/openapi.json for tools)\n"
        f"  Logs:    {home}/logs/<service>.log   (JSON lines with trace_id)\n"
        f"  Traces:  {home}/traces/<service>.jsonl   (one span per line; grep a trace_id)\n"
        f"  Stop:    make down"
    )


if __name__ == "__main__":
    main()
