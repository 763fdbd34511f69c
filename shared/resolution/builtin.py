"""Definitions every organization has without writing them, used only when none of its own matches."""

from __future__ import annotations

from shared.contracts import Criterion, DriverInputs, ResourceDefinitionSpec

BUILTIN_DEFINITIONS: tuple[ResourceDefinitionSpec, ...] = (
    ResourceDefinitionSpec(
        id="default-k8s-namespace",
        name="Namespace per app environment (built in)",
        type="k8s-namespace",
        driver_type="humanitec/echo",
        driver_inputs=DriverInputs(values={"namespace": "${context.app.id}-${context.env.id}"}),
        criteria=(Criterion(id="default-k8s-namespace-0"),),
    ),
)
