"""Response-body building blocks shared by the route modules: the error shape, timestamps.

Response models describe exactly what a handler returns; they feed the OpenAPI document, and the
fuzz test checks every response against them. They forbid extra fields, so a field a query adds
without its model fails the fuzz instead of going undocumented.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

Timestamp = Annotated[
    str,
    StringConstraints(pattern=r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{3})?Z$"),
    Field(json_schema_extra={"format": "date-time"}),
]
"""Humanitec's ``YYYY-MM-DDTHH:MM:SS.sssZ``, always UTC."""


class Response(BaseModel):
    """Base of response bodies."""

    model_config = ConfigDict(extra="forbid")


class ErrorResponse(Response):
    """Every 4xx and 5xx body, in Humanitec's shape."""

    error: str = Field(description="A code such as `API-404`.", examples=["API-404"])
    message: str = Field(description="What went wrong, for a person to read.")
    details: dict[str, Any] = Field(
        description="Machine-readable context: the id not found, or `errors: [{path, message, type}]` "
        "for a body that does not validate."
    )


class CommandAccepted(Response):
    """What a write answers with `202` when its outcome was not seen in time: the command is
    durable; `location` tells the rest."""

    status: Literal["accepted"]
    command_id: str
    location: str = Field(description="`/orgs/{orgId}/commands/{commandId}`, also in the `Location` header.")
