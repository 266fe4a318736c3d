"""What the inspection form holds, as plain data: kept in the autosaved draft, turned into an
``Inspection`` when saved, and described for people when an amendment lists what changed.

No widgets here: the form reads its widgets into a ``FormState`` and sets them from one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any

from desktop.domain.clock import as_local, to_utc_text
from desktop.domain.diff import FieldChange
from desktop.domain.entities import Inspection
from desktop.domain.enums import InspectionState
from desktop.domain.errors import ValidationError
from desktop.domain.templates import InspectionTemplate
from desktop.i18n import N_, _, current_language, ngettext
from desktop.ui.language import number

DRAFT_KIND = "inspection"
CONTENT_VERSION = 1
LOCAL_FORMAT = "%Y-%m-%dT%H:%M:%S"

# Modes of the form, also kept in the draft so a restored amendment stays an amendment.
NEW = "new"
DRAFT = "draft"
SUBMITTED = "submitted"
AMENDING = "amending"

# A rough box around Iraq: a position outside it is asked about, not refused.
IRAQ_LATITUDE = (29.0, 37.5)
IRAQ_LONGITUDE = (38.7, 48.7)

_DIGITS = str.maketrans(
    {**{chr(0x0660 + d): str(d) for d in range(10)},
     **{chr(0x06F0 + d): str(d) for d in range(10)},
     "٫": ".", ",": ".", "٬": "", "−": "-"}
)


def draft_key(inspection_id: str) -> str:
    return f"inspection:{inspection_id}"


@dataclass(slots=True)
class FormState:
    inspection_id: str
    inspector_id: str
    template_id: str
    template_version: int
    checkpoint_id: str | None = None
    local_time: str = ""  # wall-clock time at ``offset_minutes``, "YYYY-MM-DDTHH:MM:SS"
    offset_minutes: int = 0
    latitude: str = ""  # as typed, so a half-typed position survives in the draft
    longitude: str = ""
    answers: dict[str, Any] = field(default_factory=dict)
    photo_ids: list[str] = field(default_factory=list)

    def content(self, mode: str) -> dict[str, Any]:
        data = asdict(self)
        data["mode"] = mode
        data["content_version"] = CONTENT_VERSION
        return data

    @classmethod
    def from_content(cls, content: dict[str, Any]) -> tuple[FormState, str]:
        names = set(cls.__dataclass_fields__)
        values = {k: v for k, v in content.items() if k in names}
        try:
            state = cls(**values)
            state.answers = {k: v for k, v in dict(state.answers).items() if v is not None}
            state.photo_ids = [str(photo) for photo in state.photo_ids]
            datetime.strptime(state.local_time, LOCAL_FORMAT)
        except (TypeError, ValueError):  # written by another version, or damaged
            raise ValidationError(_("This autosaved draft cannot be read any more; open the "
                                    "inspection from the list instead.")) from None
        return state, str(content.get("mode", NEW))

    @classmethod
    def from_inspection(cls, inspection: Inspection) -> FormState:
        local = as_local(inspection.inspected_at, inspection.utc_offset_minutes)
        return cls(
            inspection_id=inspection.id,
            inspector_id=inspection.inspector_id,
            template_id=inspection.template_id,
            template_version=inspection.template_version,
            checkpoint_id=inspection.checkpoint_id,
            local_time=local.strftime(LOCAL_FORMAT),
            offset_minutes=inspection.utc_offset_minutes,
            latitude=coordinate_text(inspection.latitude),
            longitude=coordinate_text(inspection.longitude),
            answers=dict(inspection.answers),
            photo_ids=list(inspection.photo_ids),
        )

    def moment(self) -> datetime:
        try:
            wall = datetime.strptime(self.local_time, LOCAL_FORMAT)
        except ValueError:
            raise ValidationError(_("Give the date and time of the inspection."),
                                  "inspected_at") from None
        return wall.replace(tzinfo=timezone(timedelta(minutes=self.offset_minutes)))

    def to_inspection(self, state: InspectionState, base: Inspection | None) -> Inspection:
        """The record this form would save; refuses (with the field) what cannot be stored."""
        if not self.checkpoint_id:
            raise ValidationError(_("Choose the checkpoint this inspection is for."),
                                  "checkpoint_id")
        latitude, longitude = parse_position(self.latitude, self.longitude)
        values = dict(
            checkpoint_id=self.checkpoint_id,
            template_id=self.template_id,
            template_version=self.template_version,
            inspector_id=self.inspector_id,
            inspected_at=to_utc_text(self.moment()),
            utc_offset_minutes=self.offset_minutes,
            latitude=latitude,
            longitude=longitude,
            answers={k: v for k, v in self.answers.items() if v is not None and v != ""},
            photo_ids=tuple(self.photo_ids),
            state=state,
        )
        if base is not None:
            return base.replace(**values)
        return Inspection(id=self.inspection_id, amend_reason=None, **values)


def coordinate_text(value: float | None) -> str:
    return "" if value is None else repr(float(value))  # repr: the shortest exact round trip


def parse_coordinate(text: str, field_name: str, low: float, high: float) -> float | None:
    cleaned = text.strip().translate(_DIGITS)
    if not cleaned:
        return None
    try:
        value = float(cleaned)
    except ValueError:
        raise ValidationError(
            _("“{value}” is not a number; write it like 33.42.").format(value=text.strip()),
            field_name,
        ) from None
    if not low <= value <= high:
        raise ValidationError(
            _("This must be between {low} and {high}.").format(low=low, high=high), field_name
        )
    return value


def parse_position(latitude: str, longitude: str) -> tuple[float | None, float | None]:
    lat = parse_coordinate(latitude, "latitude", -90.0, 90.0)
    lon = parse_coordinate(longitude, "longitude", -180.0, 180.0)
    if (lat is None) != (lon is None):
        missing = "longitude" if lon is None else "latitude"
        raise ValidationError(_("Give both latitude and longitude, or neither."), missing)
    return lat, lon


def outside_iraq(latitude: float | None, longitude: float | None) -> bool:
    if latitude is None or longitude is None:
        return False
    return not (IRAQ_LATITUDE[0] <= latitude <= IRAQ_LATITUDE[1]
                and IRAQ_LONGITUDE[0] <= longitude <= IRAQ_LONGITUDE[1])


def offset_text(minutes: int) -> str:
    sign = "+" if minutes >= 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours:02d}:{rest:02d}"


# -- describing values and changes for people ---------------------------------------------------


def answer_text(template: InspectionTemplate, key: str, value: Any) -> str:
    if value is None or value == "":
        return _("not answered")
    try:
        spec = template.field(key)
    except KeyError:
        return str(value)
    if spec.type == "yes_no" and isinstance(value, bool):
        return _("Yes") if value else _("No")
    if spec.type == "choice":
        for choice in spec.choices:
            if choice.key == value:
                return choice.label_ar if current_language() == "ar" else choice.label_en
    if isinstance(value, int) and not isinstance(value, bool):
        return number(value)
    return str(value)


TOP_LEVEL_LABELS = {
    "checkpoint_id": N_("Checkpoint"),
    "inspected_at": N_("Time of the inspection"),
    "utc_offset_minutes": N_("Time zone"),
    "latitude": N_("Latitude"),
    "longitude": N_("Longitude"),
    "photo_ids": N_("Photos"),
    "inspector_id": N_("Inspector"),
}


def describe_change(
    template: InspectionTemplate,
    change: FieldChange,
    *,
    checkpoint_name: Callable[[str], str],
    offset_minutes: tuple[int, int],
) -> tuple[str, str, str]:
    """(what, before, after) in words, for the amendment's list of changes."""
    if change.field.startswith("answers."):
        key = change.field.split(".", 1)[1]
        try:
            spec = template.field(key)
            label = spec.label_ar if current_language() == "ar" else spec.label_en
        except KeyError:
            label = key
        return (label, answer_text(template, key, change.before),
                answer_text(template, key, change.after))
    label = _(TOP_LEVEL_LABELS.get(change.field, change.field))
    if change.field == "checkpoint_id":
        return label, checkpoint_name(change.before), checkpoint_name(change.after)
    if change.field == "inspected_at":
        return (label, _time_text(change.before, offset_minutes[0]),
                _time_text(change.after, offset_minutes[1]))
    if change.field == "utc_offset_minutes":
        return label, offset_text(change.before), offset_text(change.after)
    if change.field == "photo_ids":
        return label, _photo_count(change.before), _photo_count(change.after)
    if change.field in ("latitude", "longitude"):
        return label, _coordinate(change.before), _coordinate(change.after)
    return label, str(change.before), str(change.after)


def _time_text(utc_text: Any, offset: int) -> str:
    if not isinstance(utc_text, str):
        return _("not answered")
    return as_local(utc_text, offset).strftime("%Y-%m-%d %H:%M") + " " + offset_text(offset)


def _photo_count(ids: Any) -> str:
    count = len(ids or ())
    return ngettext("{count} photo", "{count} photos", count).format(count=number(count))


def _coordinate(value: Any) -> str:
    return _("not given") if value is None else coordinate_text(value)
