"""What the demo is made of: invented names, places around the real districts, answers.

Everything here is invented for the demo, and the demo's own records say so.
"""

from __future__ import annotations

import random
from typing import Any

from desktop.domain.enums import CheckpointKind
from desktop.domain.templates import InspectionTemplate

# Approximate district centres; demo checkpoints are scattered around them.
CENTRES = {
    "RMD": (33.42, 43.30),
    "FLJ": (33.35, 43.78),
    "HIT": (33.64, 42.83),
    "HDT": (34.14, 42.38),
    "ANH": (34.37, 41.99),
    "RWA": (34.47, 41.91),
    "QAM": (34.37, 41.09),
    "RTB": (33.04, 40.28),
}
INVENTED_KINDS = (
    (CheckpointKind.CITY_ENTRANCE, "CE", "City entrance", "مدخل المدينة"),
    (CheckpointKind.HIGHWAY, "HW", "Highway", "الطريق الخارجي"),
    (CheckpointKind.BRIDGE, "BR", "Bridge", "الجسر"),
    (CheckpointKind.INTERNAL, "IN", "Internal", "داخلية"),
    (CheckpointKind.BORDER_POST, "BP", "Border post", "مخفر حدودي"),
)
FIRST_NAMES = (
    ("أحمد", "Ahmed"),
    ("محمد", "Mohammed"),
    ("علي", "Ali"),
    ("عمر", "Omar"),
    ("خالد", "Khalid"),
    ("حسين", "Hussein"),
    ("مصطفى", "Mustafa"),
    ("ياسر", "Yasir"),
    ("سعد", "Saad"),
    ("ماجد", "Majid"),
    ("فراس", "Firas"),
    ("زياد", "Ziyad"),
)
FAMILY_NAMES = (
    ("الدليمي", "Al-Dulaimi"),
    ("العاني", "Al-Ani"),
    ("الراوي", "Al-Rawi"),
    ("الحديثي", "Al-Hadithi"),
    ("الكبيسي", "Al-Kubaisi"),
    ("الفهداوي", "Al-Fahdawi"),
    ("الجميلي", "Al-Jumaili"),
    ("العيساوي", "Al-Issawi"),
)
RANKS = (
    ("ملازم", "Lieutenant"),
    ("نقيب", "Captain"),
    ("رائد", "Major"),
    ("مقدم", "Lt. Colonel"),
    ("مفوض", "Commissioner"),
    ("عريف", "Corporal"),
)
EQUIPMENT = (
    ("Concrete barriers", 40),
    ("Radio sets", 6),
    ("Search mirrors", 4),
    ("Generator 100 kVA", 1),
    ("Pick-up vehicles", 3),
    ("Searchlights", 8),
    ("Metal detectors", 2),
)


def inspection_answers(rng: random.Random, template: InspectionTemplate) -> dict[str, Any]:
    """Plausible answers: mostly ready checkpoints, a few with missing equipment."""
    required = rng.randrange(8, 40)
    radios, vehicles = rng.randrange(2, 10), rng.randrange(1, 6)
    values: dict[str, Any] = {
        "personnel_present": max(0, required - rng.randrange(0, 6)),
        "personnel_required": required,
        "officer_present": rng.random() < 0.9,
        "barriers": rng.choices(["good", "needs_repair", "missing"], (8, 3, 1))[0],
        "night_lighting": rng.random() < 0.85,
        "generator_working": rng.random() < 0.8,
        "fuel_days": rng.randrange(0, 30),
        "radios_working": rng.randrange(0, radios + 1),
        "radios_issued": radios,
        "vehicles_serviceable": rng.randrange(0, vehicles + 1),
        "vehicles_assigned": vehicles,
        "weapons_match": rng.random() < 0.95,
        "search_devices_working": rng.random() < 0.8,
        "logbook_up_to_date": rng.random() < 0.9,
        "smuggling_attempts": rng.choices([0, 1, 2, 5], (20, 5, 2, 1))[0],
        "infiltration_attempts": rng.choices([0, 1, 3], (25, 3, 1))[0],
        "readiness": rng.choices([1, 2, 3, 4, 5], (1, 2, 5, 8, 4))[0],
        "observations": "" if rng.random() < 0.7 else "Demo observation: all quiet.",
    }
    return {key: values[key] for key in (f.key for f in template.fields)}
