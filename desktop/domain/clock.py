"""Time: UTC instants as ISO text, local offsets kept for display, and a hybrid logical clock.

The hybrid logical clock (HLC) packs 48 bits of wall-clock milliseconds and a 16-bit counter into
one integer. It never goes backwards on a device even if the wall clock does, and it moves past
any clock seen in imported data, so "later" means later across devices as far as causality goes.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone

from desktop.domain.errors import ValidationError
from desktop.i18n import _

COUNTER_BITS = 16
COUNTER_MASK = (1 << COUNTER_BITS) - 1


def now_ms() -> int:
    return int(time.time() * 1000)


def hlc_pack(wall_ms: int, counter: int) -> int:
    return (wall_ms << COUNTER_BITS) | (counter & COUNTER_MASK)


def hlc_wall_ms(hlc: int) -> int:
    return hlc >> COUNTER_BITS


class HybridClock:
    """A per-device HLC. The caller persists ``last`` after each tick (in the same transaction)."""

    def __init__(self, last: int = 0, wall: Callable[[], int] = now_ms) -> None:
        self.last = last
        self._wall = wall

    def tick(self) -> int:
        wall = self._wall()
        last_wall = hlc_wall_ms(self.last)
        if wall > last_wall:
            self.last = hlc_pack(wall, 0)
        else:
            self.last = self._successor(self.last)
        return self.last

    def observe(self, remote: int) -> int:
        """Move past a clock seen elsewhere (on import), then tick."""
        if remote > self.last:
            self.last = remote
        return self.tick()

    @staticmethod
    def _successor(value: int) -> int:
        if value & COUNTER_MASK == COUNTER_MASK:
            return hlc_pack(hlc_wall_ms(value) + 1, 0)
        return value + 1


# --- instants ---------------------------------------------------------------------------------

_ISO_FORMAT = "%Y-%m-%dT%H:%M:%SZ"


def utc_now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def to_utc_text(moment: datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("a naive datetime has no known offset; attach one before storing")
    return moment.astimezone(UTC).strftime(_ISO_FORMAT)


def parse_utc_text(text: str, field: str | None = None) -> datetime:
    try:
        return datetime.strptime(text, _ISO_FORMAT).replace(tzinfo=UTC)
    except (TypeError, ValueError):
        raise ValidationError(
            _("“{value}” is not a time in the form 2026-01-31T08:30:00Z.").format(value=text),
            field,
        ) from None


def local_offset_minutes(moment: datetime) -> int:
    offset = moment.utcoffset()
    if offset is None:
        raise ValueError("a naive datetime has no known offset")
    return int(offset.total_seconds() // 60)


def as_local(utc_text: str, offset_minutes: int) -> datetime:
    """The stored UTC instant shown in the offset in force where it was recorded."""
    return parse_utc_text(utc_text).astimezone(timezone(timedelta(minutes=offset_minutes)))


BAGHDAD_OFFSET_MINUTES = 180  # Iraq keeps UTC+3 all year
