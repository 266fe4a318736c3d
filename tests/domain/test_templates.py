import json

import pytest

from desktop.app import load_templates
from desktop.domain.errors import ValidationError
from desktop.domain.inspection_rules import blocking, check_answers
from desktop.domain.templates import load_checklist_template, load_inspection_template


def test_default_checklist_has_the_eighteen_items_in_both_languages():
    checklist = load_templates().checklist
    assert (checklist.id, checklist.version) == ("handover-checklist", 1)
    assert [item.number for item in checklist.items] == list(range(1, 19))
    assert all(item.text_ar and item.text_en for item in checklist.items)
    assert checklist.item("item-17").rule == "continuity_gap"
    assert checklist.item("item-01").text_ar.startswith("تم فحص المحيط")


def test_inspection_template_has_every_field_type():
    inspection = load_templates().inspection
    assert {f.type for f in inspection.fields} == {
        "count",
        "yes_no",
        "choice",
        "number",
        "scale",
        "text",
    }
    assert inspection.field("readiness").maximum == 5


def good_answers():
    return {
        "personnel_present": 10,
        "personnel_required": 12,
        "officer_present": True,
        "barriers": "good",
        "night_lighting": True,
        "generator_working": True,
        "fuel_days": 4,
        "radios_working": 3,
        "radios_issued": 4,
        "vehicles_serviceable": 1,
        "vehicles_assigned": 2,
        "weapons_match": True,
        "search_devices_working": True,
        "logbook_up_to_date": True,
        "smuggling_attempts": 0,
        "infiltration_attempts": 0,
        "readiness": 4,
        "observations": "",
    }


def test_complete_good_answers_have_no_findings():
    assert check_answers(load_templates().inspection, good_answers(), complete=True) == []


def test_impossible_suspicious_and_missing_values():
    template = load_templates().inspection
    answers = good_answers() | {"readiness": 9, "radios_working": 7, "personnel_present": 20}
    del answers["barriers"]
    findings = {(f.field, f.severity) for f in check_answers(template, answers, complete=True)}
    assert ("readiness", "impossible") in findings
    assert ("radios_working", "impossible") in findings
    assert ("personnel_present", "suspicious") in findings
    assert ("barriers", "missing") in findings
    blocked = {f.field for f in blocking(check_answers(template, answers, complete=True))}
    assert "personnel_present" not in blocked


def test_a_broken_template_file_is_refused_with_its_path(tmp_path):
    path = tmp_path / "checklist.json"
    path.write_text(json.dumps({"id": "x", "version": 1}), encoding="utf-8")
    with pytest.raises(ValidationError, match=r"checklist\.json"):
        load_checklist_template(path)
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(ValidationError, match="cannot be read"):
        load_inspection_template(path)
