import random
import uuid

import pytest

from desktop.domain.canonical import canonical_bytes, sha256_hex
from desktop.domain.clock import (
    HybridClock,
    as_local,
    hlc_pack,
    hlc_wall_ms,
    parse_utc_text,
    to_utc_text,
)
from desktop.domain.errors import ValidationError
from desktop.domain.ids import is_uuid7, uuid7, uuid7_time_ms


def test_uuid7_is_version_7_rfc_variant_and_carries_its_time():
    text = uuid7(1_735_689_600_000)
    value = uuid.UUID(text)
    assert value.version == 7
    assert value.variant == uuid.RFC_4122
    assert is_uuid7(text)
    assert uuid7_time_ms(text) == 1_735_689_600_000


def test_uuid7_sorts_by_time_and_is_deterministic_with_a_seeded_rng():
    earlier, later = uuid7(1000), uuid7(2000)
    assert earlier < later
    assert uuid7(5, random.Random(1)) == uuid7(5, random.Random(1))
    assert uuid7(5, random.Random(1)) != uuid7(5, random.Random(2))


def test_hybrid_clock_never_goes_back_when_the_wall_clock_does():
    wall = [1_000]
    clock = HybridClock(0, lambda: wall[0])
    first = clock.tick()
    wall[0] = 500  # the laptop's clock was set back
    second = clock.tick()
    third = clock.tick()
    assert first < second < third
    assert hlc_wall_ms(third) == 1_000


def test_hybrid_clock_moves_past_a_clock_seen_in_imported_data():
    clock = HybridClock(0, lambda: 1_000)
    remote = hlc_pack(9_000, 7)
    assert clock.observe(remote) > remote


def test_hybrid_clock_counter_overflow_carries_into_the_milliseconds():
    clock = HybridClock(hlc_pack(10, 0xFFFF), lambda: 5)
    assert clock.tick() == hlc_pack(11, 0)


def test_canonical_json_ignores_key_order_and_hashes_the_same_everywhere():
    a = canonical_bytes({"b": 1, "a": "سيطرة", "c": [1.5, None, True]})
    b = canonical_bytes({"c": [1.5, None, True], "a": "سيطرة", "b": 1})
    assert a == b == '{"a":"سيطرة","b":1,"c":[1.5,null,true]}'.encode()
    assert sha256_hex(a) == sha256_hex(b)


def test_utc_text_round_trip_and_local_display():
    moment = parse_utc_text("2026-01-31T08:30:00Z")
    assert to_utc_text(moment) == "2026-01-31T08:30:00Z"
    local = as_local("2026-01-31T08:30:00Z", 180)
    assert (local.hour, local.utcoffset().total_seconds()) == (11, 10800)


@pytest.mark.parametrize("bad", ["2026-01-31 08:30", "yesterday", "2026-13-01T00:00:00Z"])
def test_a_malformed_time_is_refused_with_a_sentence(bad):
    with pytest.raises(ValidationError, match="is not a time"):
        parse_utc_text(bad, "handover_at")


def test_revision_id_is_the_hash_of_the_whole_canonical_header():
    from desktop.domain.canonical import canonical_text
    from desktop.domain.enums import EntityKind, Op
    from desktop.domain.revision import Revision

    payload = {"name_ar": 'سيطرة "الجسر"', "z": [1, 2.5, None], "a": {"b": True}}
    header = {
        "record_id": "r",
        "entity": "checkpoint",
        "parents": ["b", "a"],
        "hlc": 2**60 + 5,
        "device_id": 'dev,"prev_hash":x',
        "device_seq": 3,
        "author_id": None,
        "op": "put",
        "schema_version": 1,
        "prev_hash": "p",
    }
    expected = sha256_hex(
        canonical_bytes(
            header | {"payload": payload, "parents": ["a", "b"], "hlc": f"{2**60 + 5:016x}"}
        )
    )
    assert (
        Revision.compute_id(
            record_id="r",
            entity=EntityKind.CHECKPOINT,
            parents=("b", "a"),
            hlc=2**60 + 5,
            device_id='dev,"prev_hash":x',
            device_seq=3,
            author_id=None,
            op=Op.PUT,
            payload_text=canonical_text(payload),
            schema_version=1,
            prev_hash="p",
        )
        == expected
    )
