"""Checking inspection answers against their template: impossible values and suspicious ones."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from desktop.domain.templates import InspectionField, InspectionTemplate
from desktop.i18n import _, current_language


@dataclass(frozen=True, slots=True)
class Finding:
    field: str
    severity: str  # "impossible" (refused) or "suspicious" (asked about) or "missing"
    message: str


def _label(field: InspectionField) -> str:
    return field.label_ar if current_language() == "ar" else field.label_en


def _check_value(field: InspectionField, value: Any) -> str | None:
    if field.type in ("count", "number", "scale"):
        if isinstance(value, bool) or not isinstance(value, int):
            return _("“{label}” must be a whole number.").format(label=_label(field))
        if field.minimum is not None and value < field.minimum:
            return _("“{label}” cannot be less than {minimum}.").format(
                label=_label(field), minimum=field.minimum
            )
        if field.maximum is not None and value > field.maximum:
            return _("“{label}” cannot be more than {maximum}.").format(
                label=_label(field), maximum=field.maximum
            )
    elif field.type == "yes_no":
        if not isinstance(value, bool):
            return _("Answer “{label}” with yes or no.").format(label=_label(field))
    elif field.type == "choice":
        if value not in {choice.key for choice in field.choices}:
            return _("Choose one of the offered answers for “{label}”.").format(label=_label(field))
    elif field.type == "text":
        if not isinstance(value, str):
            return _("“{label}” must be text.").format(label=_label(field))
        if field.max_length is not None and len(value) > field.max_length:
            return _("“{label}” is longer than {limit} characters.").format(
                label=_label(field), limit=field.max_length
            )
    return None


def check_answers(
    template: InspectionTemplate, answers: dict[str, Any], *, complete: bool
) -> list[Finding]:
    """Findings for a set of answers. ``complete`` also reports required fields left empty."""
    findings: list[Finding] = []
    known = {field.key for field in template.fields}
    for key in sorted(set(answers) - known):
        findings.append(
            Finding(key, "impossible", _("“{key}” is not a question of this form.").format(key=key))
        )
    for field in template.fields:
        value = answers.get(field.key)
        if value is None or value == "":
            if complete and field.required:
                findings.append(
                    Finding(
                        field.key,
                        "missing",
                        _("“{label}” is not answered.").format(label=_label(field)),
                    )
                )
            continue
        problem = _check_value(field, value)
        if problem:
            findings.append(Finding(field.key, "impossible", problem))
    for check in template.checks:
        left, right = answers.get(check.field), answers.get(check.than)
        if isinstance(left, int) and isinstance(right, int) and left > right:
            message = check.message_ar if current_language() == "ar" else check.message_en
            findings.append(Finding(check.field, check.severity, message))
    return findings


def blocking(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity in ("impossible", "missing")]
