"""Request and response bodies of the resource endpoints, with Humanitec's field names, and the
small helpers the resource route modules share."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from aiohttp import web
from pydantic import ConfigDict, Field, RootModel, StringConstraints, model_validator

from orch_api.domain.resources import criterion_id
from orch_api.entrypoints.endpoints import submit_or_accepted
from orch_api.entrypoints.requests import Body, DefId, Id, Name
from orch_api.entrypoints.responses import Response, Timestamp
from shared import contracts as c
from shared.errors import InvalidInput
from shared.messages import Command

ClassId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*[a-z0-9]$", max_length=100)]
DriverType = Annotated[str, StringConstraints(min_length=1, max_length=200)]
ProvisionKey = Annotated[
    str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9/_-]*[a-z0-9](\.[a-z0-9][a-z0-9-]*[a-z0-9])?(#[^#\s]+)?$")
]
"""``<type>[.<class>][#<res_id>]``."""


class CriterionBody(Body):
    app_id: Id | None = None
    env_id: Id | None = None
    env_type: Id | None = None
    res_id: str | None = Field(default=None, min_length=1, max_length=300)
    class_: ClassId = Field(default="default", alias="class")


class CriteriaBody(RootModel[list[CriterionBody]]):
    """A whole list of criteria (``PUT .../criteria``)."""

    root: list[CriterionBody] = Field(max_length=100)


class DriverInputsBody(Body):
    values: dict[str, Any] = Field(default_factory=dict)
    secrets: dict[str, Any] = Field(default_factory=dict, description="Write-only; read back as `secret_refs`.")
    secret_refs: dict[str, Any] = Field(
        default_factory=dict, description="Leaves `{store, ref, version?}` or `{value}`."
    )

    @model_validator(mode="after")
    def _secrets_or_refs(self) -> DriverInputsBody:
        if self.secrets and self.secret_refs:
            msg = "'secrets' and 'secret_refs' cannot both be given"
            raise ValueError(msg)
        return self


class ProvisionBody(Body):
    is_dependent: bool = False
    match_dependents: bool = False
    params: dict[str, Any] = Field(default_factory=dict)


class DefinitionBody(Body):
    id: DefId
    name: Name
    type: Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9/_-]*[a-z0-9]$", max_length=100)]
    driver_type: DriverType
    driver_account: DefId | None = None
    driver_inputs: DriverInputsBody = Field(default_factory=DriverInputsBody)
    provision: dict[ProvisionKey, ProvisionBody] = Field(default_factory=dict)
    criteria: list[CriterionBody] = Field(default_factory=list, max_length=100)
    in_place_driver_change: bool = False


class DefinitionPatchBody(Body):
    """``PATCH``: what is given changes; driver inputs merge as a JSON merge patch."""

    name: Name | None = None
    driver_type: DriverType | None = None
    driver_account: DefId | None = None
    driver_inputs: DriverInputsBody | None = None
    provision: dict[ProvisionKey, ProvisionBody] | None = None
    in_place_driver_change: bool | None = None
    proposed: bool = False


class DefinitionPutBody(DefinitionPatchBody):
    """``PUT``: the definition as a whole; what is not given is reset (the type and criteria stay)."""

    name: Name


class ResourceTypeBody(Body):
    type: Annotated[str, StringConstraints(min_length=1, max_length=100)]
    name: str = Field(default="", max_length=200)
    category: str = Field(default="", max_length=100)
    use: Literal["direct", "indirect", "implicit"] = "direct"
    inputs_schema: dict[str, Any] = Field(default_factory=dict)
    outputs_schema: dict[str, Any] = Field(default_factory=dict)


class ResourceTypePutBody(Body):
    name: str = Field(default="", max_length=200)
    category: str = Field(default="", max_length=100)
    use: Literal["direct", "indirect", "implicit"] = "direct"
    inputs_schema: dict[str, Any] = Field(default_factory=dict)
    outputs_schema: dict[str, Any] = Field(default_factory=dict)


class ResourceTypePatchBody(Body):
    name: str | None = Field(default=None, max_length=200)
    category: str | None = Field(default=None, max_length=100)
    use: Literal["direct", "indirect", "implicit"] | None = None
    inputs_schema: dict[str, Any] | None = None
    outputs_schema: dict[str, Any] | None = None


class ResourceClassBody(Body):
    id: ClassId
    description: str = Field(max_length=2000)


class ResourceClassPatchBody(Body):
    description: str = Field(max_length=2000)


class DriverPutBody(Body):
    type: Annotated[str, StringConstraints(min_length=1, max_length=100)]
    target: Annotated[str, StringConstraints(min_length=1, max_length=2000)]
    inputs_schema: dict[str, Any]
    account_types: list[Annotated[str, StringConstraints(min_length=1, max_length=100)]]
    template: Any = None
    is_public: bool = False


class DriverBody(DriverPutBody):
    id: DefId


async def decided(request: web.Request, command: Command, what: str) -> web.Response | None:
    """Submit an org-level command; ``None`` once it is decided and projected, else the 202 answer."""
    org_id = request.match_info["org_id"]
    return await submit_or_accepted(request, command, key=c.org_key(org_id), aggregate_id=f"{org_id}/{what}")


def criterion_of(def_id: str, body: CriterionBody) -> c.Criterion:
    rule = c.Criterion(id="", **body.model_dump(by_alias=True))
    return rule.model_copy(update={"id": criterion_id(def_id, rule)})


def query_flag(request: web.Request, name: str) -> bool:
    """A boolean query parameter (``?force=true``); anything but true/false is a 400."""
    raw = request.query.get(name, "false").lower()
    if raw not in ("true", "false", "1", "0", ""):
        raise InvalidInput(f"Query parameter '{name}' must be true or false.", details={name: raw})
    return raw in ("true", "1")


# Responses


class MatchingCriteria(Response):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    id: str
    app_id: str | None = None
    env_id: str | None = None
    env_type: str | None = None
    res_id: str | None = None
    class_: str = Field(alias="class")


class DriverInputsResponse(Response):
    values: dict[str, Any]
    secret_refs: dict[str, Any] = Field(description="`{store, ref, version?}` for every secret; never a value.")


class Provision(Response):
    is_dependent: bool
    match_dependents: bool
    params: dict[str, Any]


class ResourceDefinition(Response):
    """Humanitec's ``ResourceDefinitionResponse``."""

    id: str
    name: str
    type: str
    driver_type: str
    driver_account: str | None = None
    driver_inputs: DriverInputsResponse
    provision: dict[str, Provision]
    criteria: list[MatchingCriteria]
    org_id: str
    created_at: Timestamp
    created_by: str
    updated_at: Timestamp
    updated_by: str
    is_default: bool
    is_deleted: bool
    active_version_id: str
    in_place_driver_change: bool


class ResourceDefinitionVersion(Response):
    id: str
    def_id: str
    org_id: str
    name: str
    type: str
    driver_type: str
    driver_account: str
    driver_inputs: DriverInputsResponse
    provision: dict[str, Provision]
    in_place_driver_change: bool
    action: Literal["created", "updated", "deleted"]
    archived: bool
    active: bool
    proposed: bool
    created_at: Timestamp
    created_by: str


class ActiveResource(Response):
    """Humanitec's ``ActiveResourceResponse``."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    org_id: str
    app_id: str
    env_id: str
    env_type: str
    type: str
    class_: str = Field(alias="class")
    res_id: str
    gu_res_id: str
    def_id: str
    def_version_id: str
    criteria_id: str | None = None
    driver_type: str
    deploy_id: str
    resource: dict[str, Any] = Field(description="The driver's non-secret output values.")
    secret_refs: dict[str, str] = Field(description="Secret outputs by name: where each is kept, never its value.")
    status: Literal["pending", "active", "deleting"]
    scheduled_deletion: bool
    updated_at: Timestamp


class ResourceType(Response):
    type: str
    name: str
    category: str
    use: str
    inputs_schema: dict[str, Any]
    outputs_schema: dict[str, Any]


class ResourceClass(Response):
    id: str
    resource_type: str
    description: str
    created_by: str
    created_at: Timestamp


class DriverDefinition(Response):
    id: str
    org_id: str
    type: str
    target: str | None = Field(default=None, description="Left out for built-in drivers.")
    inputs_schema: dict[str, Any]
    account_types: list[str]
    template: Any = None
    is_public: bool
