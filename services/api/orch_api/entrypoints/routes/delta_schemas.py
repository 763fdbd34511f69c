"""Request and response bodies of deltas and deployment sets (Humanitec's ``DeltaRequest``,
``DeltaResponse``, ``SetResponse``, ``PlainDeltaResponse``, ``ResourceInputsResponse``)."""

from __future__ import annotations

from typing import Annotated, Any, Literal, Self

from pydantic import Field, RootModel, StrictBool, StringConstraints, model_validator

from orch_api.entrypoints.requests import Body, Id
from orch_api.entrypoints.responses import Response, Timestamp
from shared.contracts import deltas as cd

JsonPointer = Annotated[str, StringConstraints(pattern=r"^(/([^~/]|~[01])*)*$")]
DeltaName = Annotated[str, StringConstraints(max_length=500)]
ModuleId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")]
"""A workload id: a DNS label, as it names Kubernetes objects and resource ids (``modules.<id>``)."""
DEFAULT_PROFILE = "humanitec/default-module"


class PatchOpBody(Body):
    op: Literal["add", "remove", "replace"] = Field(description="Only these three JSON-patch operations.")
    path: JsonPointer
    value: Any = Field(default=None, description="Required for `add` and `replace`.")
    from_: str | None = Field(default=None, alias="from", description="Accepted and ignored.")

    @model_validator(mode="after")
    def _value_given(self) -> Self:
        if self.op != "remove" and "value" not in self.model_fields_set:
            raise ValueError(f"'{self.op}' needs a 'value'")
        return self

    def to_op(self) -> cd.PatchOp:
        return cd.PatchOp(op=self.op, path=self.path, value=self.value)


class ExternalBody(Body):
    type: Annotated[str, StringConstraints(min_length=1, max_length=100)]
    class_: Annotated[str, StringConstraints(min_length=1, max_length=100)] | None = Field(default=None, alias="class")
    params: dict[str, Any] | None = None


class DeployConditionBody(Body):
    when: Literal["before", "deploy", "after"] | None = None
    success: Literal["deploy", "available", "complete"] | None = None
    timeout: int | None = Field(default=None, ge=0)


class ModuleBody(Body):
    profile: str = Field(default=DEFAULT_PROFILE, min_length=1)
    spec: dict[str, Any] = Field(default_factory=dict)
    externals: dict[str, ExternalBody] = Field(default_factory=dict)
    deploy: DeployConditionBody | None = None

    def to_module(self) -> dict[str, Any]:
        module = self.model_dump(mode="json", by_alias=True, exclude={"externals", "deploy"})
        module["externals"] = {
            name: e.model_dump(mode="json", by_alias=True, exclude_none=True) for name, e in self.externals.items()
        }
        if self.deploy is not None:
            module["deploy"] = self.deploy.model_dump(mode="json", exclude_none=True)
        return module


class ModulesBody(Body):
    add: dict[ModuleId, ModuleBody] = Field(default_factory=dict)
    remove: list[ModuleId] = Field(default_factory=list)
    update: dict[ModuleId, list[PatchOpBody]] = Field(default_factory=dict)


class ModulesPatchBody(Body):
    add: dict[ModuleId, ModuleBody | None] = Field(
        default_factory=dict, description="`null` takes the module out of `remove`."
    )
    remove: list[ModuleId] = Field(default_factory=list)
    update: dict[ModuleId, list[PatchOpBody]] = Field(default_factory=dict)


class DeltaMetadataBody(Body):
    """Only ``env_id`` and ``name`` are taken; the rest is accepted so that a delta read can be
    sent back, and ignored."""

    env_id: Id | None = None
    name: DeltaName | None = None
    archived: bool | None = None
    contributers: list[str] | None = None
    created_at: str | None = None
    created_by: str | None = None
    last_modified_at: str | None = None
    shared: bool | None = None
    url: str | None = None


class _DeltaBase(Body):
    id: str | None = Field(default=None, description="Ignored: the server makes the id.")
    metadata: DeltaMetadataBody = Field(default_factory=DeltaMetadataBody)
    shared: list[PatchOpBody] = Field(default_factory=list, description="Patches of the set's `shared` map.")


class DeltaBody(_DeltaBase):
    modules: ModulesBody = Field(default_factory=ModulesBody)

    def content(self) -> cd.DeltaContent:
        return cd.DeltaContent(
            modules=cd.ModuleDeltas(
                add={name: module.to_module() for name, module in self.modules.add.items()},
                remove=tuple(dict.fromkeys(self.modules.remove)),
                update={name: tuple(op.to_op() for op in ops) for name, ops in self.modules.update.items()},
            ),
            shared=tuple(op.to_op() for op in self.shared),
        )


class DeltaPatchBody(_DeltaBase):
    """One delta of a ``PATCH``; its ``id`` and ``metadata`` are ignored."""

    modules: ModulesPatchBody = Field(default_factory=ModulesPatchBody)

    def patch(self) -> cd.DeltaPatch:
        modules = self.modules
        return cd.DeltaPatch(
            modules=cd.ModulePatch(
                add={name: m.to_module() if m is not None else None for name, m in modules.add.items()},
                remove=tuple(dict.fromkeys(modules.remove)),
                update={name: tuple(op.to_op() for op in ops) for name, ops in modules.update.items()},
            ),
            shared=tuple(op.to_op() for op in self.shared),
        )


class DeltaPatches(RootModel[list[DeltaPatchBody]]):
    """``PATCH`` takes an array of deltas, merged in order."""


class ArchivedBody(RootModel[StrictBool]):
    pass


class EnvIdBody(RootModel[Id]):
    pass


class NameBody(RootModel[DeltaName]):
    pass


class UpdateAction(Response):
    op: Literal["add", "remove", "replace"]
    path: str
    value: Any = Field(default=None, description="Absent for `remove`.")


class ExternalResource(Response):
    type: str
    class_: str | None = Field(default=None, alias="class")
    params: dict[str, Any] | None = None


class SharedResource(ExternalResource):
    id: str | None = Field(default=None, description="The resource id, when not `shared.<name>`.")


class DeployCondition(Response):
    when: str | None = None
    success: str | None = None
    timeout: int | None = None


class Module(Response):
    profile: str | None = None
    spec: dict[str, Any] | None = None
    externals: dict[str, ExternalResource] | None = None
    deploy: DeployCondition | None = None


class ModuleDeltas(Response):
    add: dict[str, Module]
    remove: list[str]
    update: dict[str, list[UpdateAction]]


class PlainDelta(Response):
    modules: ModuleDeltas
    shared: list[UpdateAction]


class DeltaMetadata(Response):
    env_id: str | None = None
    name: str | None = None
    created_by: str
    created_at: Timestamp
    last_modified_at: Timestamp
    archived: bool
    contributers: list[str] = Field(description="Who changed the delta besides its creator (sic).")


class Delta(PlainDelta):
    id: str = Field(pattern=r"^[0-9a-f]{40}$")
    metadata: DeltaMetadata


class DeploymentSet(Response):
    id: str
    version: int
    modules: dict[str, Module]
    shared: dict[str, SharedResource]


class SetOrDiff(RootModel[DeploymentSet | PlainDelta]):
    """The set, or with ``?diff={otherSetId}`` the plain delta that turns that set into this one."""


class ResourceInputs(Response):
    id: str
    type: str
    class_: str = Field(alias="class")
    resource: dict[str, Any]


class SetIdAnswer(RootModel[str]):
    """The id of the set the delta gave."""
