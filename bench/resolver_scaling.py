"""Resolver scaling: time to build the resource graph for 100 .. 10,000 resources against 1,000
definitions, on one core, pure domain code (no IO).

    .venv/bin/python bench/resolver_scaling.py [--plot docs/img/resolver-scaling.png]

Each size is a deployment set of workloads with two externals each (a postgres whose definition
references a postgres-instance, and a dns), plus shared resources; definitions are spread over
the types with criteria of every specificity, so matching has to rank real candidates.
Prints one line per size with the best of 3 runs and the time per resource; the time per
resource staying flat means the growth is no worse than n log n.
"""

from __future__ import annotations

import argparse
import time
from typing import Any

from shared.contracts import Criterion, DriverInputs, ResourceDefinitionSpec
from shared.resolution.graph import DeploymentContext, resolve

CTX = DeploymentContext("acme", "shop", "dev", "development")
TYPES = ("workload", "postgres", "postgres-instance", "dns")


def definitions(count: int) -> list[ResourceDefinitionSpec]:
    defs = []
    for i in range(count):
        type_ = TYPES[i % len(TYPES)]
        values: dict[str, Any] = {"n": i}
        if type_ == "postgres":
            values["host"] = "${resources.postgres-instance.outputs.host}"
        criterion = [
            Criterion(id=f"c{i}", app_id=f"app-{i}"),
            Criterion(id=f"c{i}", env_type="production", app_id=f"app-{i}"),
            Criterion(id=f"c{i}", res_id=f"modules.w{i}"),
            Criterion(id=f"c{i}", env_id=f"env-{i}"),
        ][i % 4]
        defs.append(
            ResourceDefinitionSpec(
                id=f"def-{i:05d}",
                name=f"d{i}",
                type=type_,
                driver_type="humanitec/echo",
                driver_inputs=DriverInputs(values=values),
                criteria=(criterion,),
            )
        )
    # The definitions that match everything else, least specific.
    for type_ in TYPES:
        values = {"host": "${resources.postgres-instance.outputs.host}"} if type_ == "postgres" else {}
        defs.append(
            ResourceDefinitionSpec(
                id=f"catch-all-{type_}",
                name=type_,
                type=type_,
                driver_type="humanitec/echo",
                driver_inputs=DriverInputs(values=values),
                criteria=(Criterion(id=f"all-{type_}"),),
            )
        )
    return defs


def deployment_set(resources: int) -> dict[str, Any]:
    """About ``resources`` nodes: each workload brings itself, a postgres, its instance and a dns."""
    workloads = max(1, resources // 4)
    modules = {
        f"w{i}": {"spec": {}, "externals": {"db": {"type": "postgres"}, "dns": {"type": "dns"}}}
        for i in range(workloads)
    }
    return {"modules": modules, "shared": {}}


def measure(resources: int, defs: list[ResourceDefinitionSpec]) -> tuple[int, float]:
    best, nodes = float("inf"), 0
    the_set = deployment_set(resources)
    for _ in range(3):
        start = time.perf_counter()
        nodes = len(resolve(CTX, the_set, defs))
        best = min(best, time.perf_counter() - start)
    return nodes, best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plot", help="write a PNG of the curve here (needs matplotlib)")
    parser.add_argument("--definitions", type=int, default=1000)
    args = parser.parse_args()
    defs = definitions(args.definitions)
    rows = []
    print(f"{'nodes':>7} {'seconds':>9} {'us/node':>8}   ({len(defs)} definitions)")
    for size in (100, 300, 1000, 3000, 10000):
        nodes, seconds = measure(size, defs)
        rows.append((nodes, seconds))
        print(f"{nodes:>7} {seconds:>9.4f} {seconds / nodes * 1e6:>8.1f}")
    if args.plot:
        plot(rows, args.plot)


def plot(rows: list[tuple[int, float]], path: str) -> None:
    import matplotlib as mpl

    mpl.use("Agg")
    import matplotlib.pyplot as plt

    nodes = [n for n, _ in rows]
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4))
    left.plot(nodes, [s for _, s in rows], marker="o")
    left.set(xlabel="resources in the graph", ylabel="seconds (best of 3)", title="Graph resolution time")
    right.plot(nodes, [s / n * 1e6 for n, s in rows], marker="o")
    right.set(xscale="log", xlabel="resources (log)", ylabel="microseconds per resource", title="Cost per resource")
    right.set_ylim(bottom=0)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    print(f"plot written to {path}")


if __name__ == "__main__":
    main()
