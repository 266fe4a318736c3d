"""Versioned checklist and inspection templates, read from data files under resources/.

A handover or inspection records the template id and version it was made with, so a later
template never changes the meaning of old records.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop.domain.errors import ValidationError
from desktop.i18n import _

FIELD_TYPES = frozenset({"count", "yes_no", "choice", "number", "scale", "text"})


@dataclass(frozen=True, slots=True)
class ChecklistItem:
    key: str
    number: int
    section: str
    text_en: str
    text_ar: str
    required: bool
    evidence: bool
    rule: str | None


@dataclass(frozen=True, slots=True)
class ChecklistSection:
    key: str
    title_en: str
    title_ar: str


@dataclass(frozen=True, slots=True)
class ChecklistTemplate:
    id: str
    version: int
    title_en: str
    title_ar: str
    sections: tuple[ChecklistSection, ...]
    items: tuple[ChecklistItem, ...]

    def item(self, key: str) -> ChecklistItem:
        for item in self.items:
            if item.key == key:
                return item
        raise KeyError(key)


@dataclass(frozen=True, slots=True)
class Choice:
    key: str
    label_en: str
    label_ar: str


@dataclass(frozen=True, slots=True)
class InspectionField:
    key: str
    type: str
    label_en: str
    label_ar: str
    required: bool
    minimum: int | None
    maximum: int | None
    max_length: int | None
    choices: tuple[Choice, ...]


@dataclass(frozen=True, slots=True)
class CrossCheck:
    """A rule between two fields: ``impossible`` values are refused, ``suspicious`` ones asked."""

    kind: str
    field: str
    than: str
    severity: str
    message_en: str
    message_ar: str


@dataclass(frozen=True, slots=True)
class InspectionTemplate:
    id: str
    version: int
    title_en: str
    title_ar: str
    fields: tuple[InspectionField, ...]
    checks: tuple[CrossCheck, ...]

    def field(self, key: str) -> InspectionField:
        for field in self.fields:
            if field.key == key:
                return field
        raise KeyError(key)


def _read(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ValidationError(
            _("The template file {path} cannot be read: {reason}.").format(path=path, reason=error)
        ) from None
    if not isinstance(data, dict):
        raise ValidationError(_("The template file {path} is not a JSON object.").format(path=path))
    return data


def load_checklist_template(path: Path) -> ChecklistTemplate:
    data = _read(path)
    try:
        sections = tuple(
            ChecklistSection(s["key"], s["title_en"], s["title_ar"]) for s in data["sections"]
        )
        section_keys = {s.key for s in sections}
        items = tuple(
            ChecklistItem(
                key=i["key"],
                number=int(i["number"]),
                section=i["section"],
                text_en=i["text_en"],
                text_ar=i["text_ar"],
                required=bool(i.get("required", True)),
                evidence=bool(i.get("evidence", False)),
                rule=i.get("rule"),
            )
            for i in data["items"]
        )
        template = ChecklistTemplate(
            data["id"], int(data["version"]), data["title_en"], data["title_ar"], sections, items
        )
    except (KeyError, TypeError, ValueError) as error:
        raise ValidationError(
            _("The template file {path} is missing {what}.").format(path=path, what=error)
        ) from None
    keys = [item.key for item in items]
    if len(set(keys)) != len(keys) or any(item.section not in section_keys for item in items):
        raise ValidationError(
            _("The template file {path} repeats an item or names an unknown section.").format(
                path=path
            )
        )
    return template


def load_inspection_template(path: Path) -> InspectionTemplate:
    data = _read(path)
    try:
        fields = tuple(
            InspectionField(
                key=f["key"],
                type=f["type"],
                label_en=f["label_en"],
                label_ar=f["label_ar"],
                required=bool(f.get("required", True)),
                minimum=f.get("min"),
                maximum=f.get("max"),
                max_length=f.get("max_length"),
                choices=tuple(Choice(*choice) for choice in f.get("choices", ())),
            )
            for f in data["fields"]
        )
        checks = tuple(
            CrossCheck(
                c["kind"], c["field"], c["than"], c["severity"], c["message_en"], c["message_ar"]
            )
            for c in data.get("checks", ())
        )
        template = InspectionTemplate(
            data["id"], int(data["version"]), data["title_en"], data["title_ar"], fields, checks
        )
    except (KeyError, TypeError, ValueError) as error:
        raise ValidationError(
            _("The template file {path} is missing {what}.").format(path=path, what=error)
        ) from None
    keys = {f.key for f in fields}
    if any(f.type not in FIELD_TYPES for f in fields) or any(
        c.field not in keys or c.than not in keys for c in checks
    ):
        raise ValidationError(
            _("The template file {path} has an unknown field type or check.").format(path=path)
        )
    return template
