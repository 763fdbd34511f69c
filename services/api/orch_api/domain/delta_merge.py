"""Merging deltas into a stored delta (Humanitec's ``PATCH .../deltas/{deltaId}``). Pure.

Each delta is merged in order, its ``remove`` first, then its ``add``, then its ``update``, the
order in which a delta applies to a set; so applying the merged delta has the effect of applying
the stored delta and then each merged one (the ``add`` of ``None``, which un-removes, aside):

- ``remove``: lists are unioned; a removed module leaves ``add`` and ``update``.
- ``add``: replaces an earlier add of the module, and drops its removal and its pending updates
  (the add replaces the whole module). An add of ``None`` only un-removes: it drops the module
  from ``remove`` if it is there, and does nothing else.
- ``update``: patches to a module in ``add`` are applied into that add at once (``PatchError``
  if they cannot apply); patches to a removed module are refused (they could never apply);
  others are appended to the module's patch list.
- ``shared``: patch lists are concatenated.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from typing import Any

from orch_api.domain.deployment_sets import check_module
from orch_api.domain.json_patch import apply_patch
from shared.contracts.deltas import DeltaContent, DeltaPatch, ModuleDeltas, PatchOp
from shared.errors import InvalidInput


def merge_deltas(stored: DeltaContent, patches: Sequence[DeltaPatch]) -> DeltaContent:
    add: dict[str, dict[str, Any]] = copy.deepcopy(stored.modules.add)
    remove = list(stored.modules.remove)
    update: dict[str, list[PatchOp]] = {name: list(ops) for name, ops in stored.modules.update.items()}
    shared = list(stored.shared)
    for index, patch in enumerate(patches):
        for name in patch.modules.remove:
            add.pop(name, None)
            update.pop(name, None)
            if name not in remove:
                remove.append(name)
        for name, module in patch.modules.add.items():
            if name in remove:
                remove.remove(name)
            if module is not None:
                add[name] = copy.deepcopy(module)
                update.pop(name, None)
        for name, ops in patch.modules.update.items():
            where = f"[{index}].modules.update.{name}"
            if name in add:
                add[name] = apply_patch(add[name], ops, where=where)
                check_module(name, add[name])
            elif name in remove:
                raise InvalidInput(
                    f"Module '{name}' is removed by the delta, so it cannot be updated.",
                    details={"at": where, "module": name},
                )
            else:
                update.setdefault(name, []).extend(ops)
        shared.extend(patch.shared)
    return DeltaContent(
        modules=ModuleDeltas(
            add=add, remove=tuple(remove), update={name: tuple(ops) for name, ops in update.items() if ops}
        ),
        shared=tuple(shared),
    )
