"""What changed between two versions of a record, field by field (answers key by key)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from desktop.domain.entities import Entity


@dataclass(frozen=True, slots=True)
class FieldChange:
    field: str  # "notes", or "answers.readiness" for a key inside an object field
    before: Any
    after: Any


def field_changes(old: Entity, new: Entity, ignore: tuple[str, ...] = ()) -> list[FieldChange]:
    if type(old) is not type(new):
        raise TypeError("versions of different kinds of record")
    before, after = old.to_payload(), new.to_payload()
    changes: list[FieldChange] = []
    for name in before:
        if name in ignore or before[name] == after[name]:
            continue
        if isinstance(before[name], dict) and isinstance(after[name], dict):
            for key in sorted(set(before[name]) | set(after[name])):
                if before[name].get(key) != after[name].get(key):
                    changes.append(
                        FieldChange(f"{name}.{key}", before[name].get(key), after[name].get(key))
                    )
        else:
            changes.append(FieldChange(name, before[name], after[name]))
    return changes
