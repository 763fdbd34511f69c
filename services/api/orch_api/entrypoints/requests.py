"""Request-body building blocks shared by the route modules: ids with Humanitec's patterns."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, StringConstraints

Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9](?:-?[a-z0-9]+)+$", max_length=50)]
DefId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]+[a-z0-9]$", max_length=100)]
TypeId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9/_-]*[a-z0-9]$", max_length=100)]
Name = Annotated[str, StringConstraints(min_length=1, max_length=200)]


class Body(BaseModel):
    """Base of request bodies. An unknown field is an error that names it: a typo in a field
    name must not silently drop a setting."""

    model_config = ConfigDict(extra="forbid")
