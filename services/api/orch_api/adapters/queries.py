"""Read queries over the projections, answering in Humanitec's JSON shapes."""

from __future__ import annotations

import json
from typing import Any

from shared.errors import NotFound
from shared.postgres import Pool, translated_errors


def _ts(value: Any) -> str:  # noqa: ANN401 - a datetime from asyncpg
    return str(value.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z")


class Queries:
    def __init__(self, pool: Pool) -> None:
        self._pool = pool

    async def _fetch(self, sql: str, *args: Any) -> list[Any]:  # noqa: ANN401
        with translated_errors():
            return list(await self._pool.fetch(sql, *args))

    async def _one(self, what: str, sql: str, *args: Any) -> Any:  # noqa: ANN401
        rows = await self._fetch(sql, *args)
        if not rows:
            raise NotFound(f"{what} not found.", details={"id": args[-1]})
        return rows[0]

    async def orgs(self) -> list[dict[str, Any]]:
        return [_org(r) for r in await self._fetch("SELECT * FROM orgs ORDER BY id")]

    async def org(self, org_id: str) -> dict[str, Any]:
        return _org(await self._one(f"Organization '{org_id}'", "SELECT * FROM orgs WHERE id = $1", org_id))

    async def apps(self, org_id: str) -> list[dict[str, Any]]:
        await self.org(org_id)
        apps = await self._fetch("SELECT * FROM apps WHERE org_id = $1 ORDER BY id", org_id)
        envs = await self._fetch("SELECT * FROM envs WHERE org_id = $1 ORDER BY created_at, id", org_id)
        return [_app(a, [e for e in envs if e["app_id"] == a["id"]]) for a in apps]

    async def app(self, org_id: str, app_id: str) -> dict[str, Any]:
        row = await self._one(
            f"Application '{app_id}'", "SELECT * FROM apps WHERE org_id = $1 AND id = $2", org_id, app_id
        )
        envs = await self._fetch(
            "SELECT * FROM envs WHERE org_id = $1 AND app_id = $2 ORDER BY created_at, id", org_id, app_id
        )
        return _app(row, envs)

    async def envs(self, org_id: str, app_id: str) -> list[dict[str, Any]]:
        await self.app(org_id, app_id)
        rows = await self._fetch(
            "SELECT * FROM envs WHERE org_id = $1 AND app_id = $2 ORDER BY created_at, id", org_id, app_id
        )
        return [await self._env(r) for r in rows]

    async def env(self, org_id: str, app_id: str, env_id: str) -> dict[str, Any]:
        row = await self._one(
            f"Environment '{env_id}'",
            "SELECT * FROM envs WHERE org_id = $1 AND app_id = $2 AND id = $3",
            org_id,
            app_id,
            env_id,
        )
        return await self._env(row)

    async def _env(self, row: Any) -> dict[str, Any]:  # noqa: ANN401
        last = None
        if row["last_deploy_id"]:
            last = await self.deployment(row["org_id"], row["app_id"], row["id"], row["last_deploy_id"])
        return {
            "id": row["id"],
            "name": row["name"],
            "type": row["type"],
            "created_at": _ts(row["created_at"]),
            "created_by": row["created_by"],
            "last_deploy": last,
            "from_deploy": last,
            "status": "active",
        }

    async def definitions(self, org_id: str) -> list[dict[str, Any]]:
        rows = await self._fetch("SELECT * FROM resource_definitions WHERE org_id = $1 ORDER BY type, id", org_id)
        return [_definition(r) for r in rows]

    async def definition(self, org_id: str, def_id: str) -> dict[str, Any]:
        row = await self._one(
            f"Resource definition '{def_id}'",
            "SELECT * FROM resource_definitions WHERE org_id = $1 AND id = $2",
            org_id,
            def_id,
        )
        return _definition(row)

    async def delta(self, org_id: str, app_id: str, delta_id: str) -> dict[str, Any]:
        row = await self._one(
            f"Delta '{delta_id}'",
            "SELECT * FROM deltas WHERE org_id = $1 AND app_id = $2 AND id = $3",
            org_id,
            app_id,
            delta_id,
        )
        body = json.loads(row["body"])
        return {
            "id": row["id"],
            "metadata": {
                "env_id": row["env_id"],
                "name": row["name"],
                "created_by": row["created_by"],
                "created_at": _ts(row["created_at"]),
                "last_modified_at": _ts(row["created_at"]),
                "archived": False,
                "contributers": [],
            },
            "modules": body["modules"],
            "shared": body["shared"],
        }

    async def deployment_set(self, org_id: str, app_id: str, set_id: str) -> dict[str, Any]:
        row = await self._one(
            f"Deployment set '{set_id}'",
            "SELECT * FROM deployment_sets WHERE org_id = $1 AND app_id = $2 AND id = $3",
            org_id,
            app_id,
            set_id,
        )
        return {"id": row["id"], "version": 0, **json.loads(row["content"])}

    async def deployments(self, org_id: str, app_id: str, env_id: str) -> list[dict[str, Any]]:
        await self.env(org_id, app_id, env_id)
        rows = await self._fetch(
            "SELECT * FROM deployments WHERE org_id = $1 AND app_id = $2 AND env_id = $3"
            " ORDER BY created_at DESC, id DESC",
            org_id,
            app_id,
            env_id,
        )
        return [_deployment(r) for r in rows]

    async def deployment(self, org_id: str, app_id: str, env_id: str, deploy_id: str) -> dict[str, Any]:
        row = await self._one(
            f"Deployment '{deploy_id}'",
            "SELECT * FROM deployments WHERE org_id = $1 AND app_id = $2 AND env_id = $3 AND id = $4",
            org_id,
            app_id,
            env_id,
            deploy_id,
        )
        return _deployment(row)

    async def deployment_errors(self, org_id: str, app_id: str, env_id: str, deploy_id: str) -> list[Any]:
        row = await self._one(
            f"Deployment '{deploy_id}'",
            "SELECT errors FROM deployments WHERE org_id = $1 AND app_id = $2 AND env_id = $3 AND id = $4",
            org_id,
            app_id,
            env_id,
            deploy_id,
        )
        return list(json.loads(row["errors"]))


def _org(r: Any) -> dict[str, Any]:  # noqa: ANN401
    return {"id": r["id"], "name": r["name"], "created_at": _ts(r["created_at"]), "created_by": r["created_by"]}


def _app(r: Any, envs: list[Any]) -> dict[str, Any]:  # noqa: ANN401
    return {
        "id": r["id"],
        "name": r["name"],
        "org_id": r["org_id"],
        "created_at": _ts(r["created_at"]),
        "created_by": r["created_by"],
        "envs": [{"id": e["id"], "name": e["name"], "type": e["type"]} for e in envs],
        "status": "active",
    }


def _definition(r: Any) -> dict[str, Any]:  # noqa: ANN401
    body = json.loads(r["body"])
    return {
        **body,
        "org_id": r["org_id"],
        "created_at": _ts(r["created_at"]),
        "created_by": r["created_by"],
        "is_default": False,
        "is_deleted": False,
    }


def _deployment(r: Any) -> dict[str, Any]:  # noqa: ANN401
    return {
        "id": r["id"],
        "env_id": r["env_id"],
        "set_id": r["set_id"],
        "delta_id": r["delta_id"],
        "from_id": r["from_id"] or "",
        "comment": r["comment"],
        "status": r["status"],
        "status_changed_at": _ts(r["status_changed_at"]),
        "created_at": _ts(r["created_at"]),
        "created_by": r["created_by"],
        "export_status": "",
        "export_file": "",
        "graph": json.loads(r["graph"]) if r["graph"] else None,
    }
