"""The deployer's saga store (PostgreSQL)."""

from __future__ import annotations

from orch_deployer.domain.saga import DeploymentRun
from shared.postgres import Connection


def run_key(org_id: str, app_id: str, env_id: str, deploy_id: str) -> str:
    return f"{org_id}/{app_id}/{env_id}/{deploy_id}"


async def load_run(conn: Connection, key: str) -> DeploymentRun | None:
    state = await conn.fetchval("SELECT state FROM deployment_runs WHERE deploy_key = $1 FOR UPDATE", key)
    return DeploymentRun.model_validate_json(state) if state is not None else None


async def save_run(conn: Connection, run: DeploymentRun) -> None:
    await conn.execute(
        "INSERT INTO deployment_runs (deploy_key, status, state) VALUES ($1, $2, $3::jsonb)"
        " ON CONFLICT (deploy_key) DO UPDATE SET status = EXCLUDED.status, state = EXCLUDED.state, updated_at = now()",
        run_key(run.org_id, run.app_id, run.env_id, run.deploy_id),
        run.status,
        run.model_dump_json(by_alias=True),
    )
