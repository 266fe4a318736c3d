"""UUIDv7 record ids (RFC 9562): a 48-bit millisecond timestamp, then random bits.

Time-ordered ids keep B-tree inserts local and let ids sort roughly by creation.
"""

from __future__ import annotations

import os
import random
import re
import time
import uuid

_UUID_TEXT = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")


def uuid7(unix_ms: int | None = None, rng: random.Random | None = None) -> str:
    """A new UUIDv7 as text. ``unix_ms`` and ``rng`` make ids deterministic (demo data)."""
    ms = int(time.time() * 1000) if unix_ms is None else unix_ms
    rand = rng.getrandbits(74) if rng is not None else int.from_bytes(os.urandom(10), "big") >> 6
    rand_a = rand >> 62  # 12 bits
    rand_b = rand & ((1 << 62) - 1)  # 62 bits
    value = (ms & ((1 << 48) - 1)) << 80
    value |= 0x7 << 76
    value |= rand_a << 64
    value |= 0b10 << 62
    value |= rand_b
    return str(uuid.UUID(int=value))


def is_uuid7(text: str) -> bool:
    return bool(_UUID_TEXT.match(text))


def uuid7_time_ms(text: str) -> int:
    return uuid.UUID(text).int >> 80
