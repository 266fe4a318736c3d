"""A laptop's work reaches headquarters through a bundle; receipts come back."""

from __future__ import annotations

import pytest

from desktop.storage.queries import record_heads
from tests.support import file_digest
from tests.sync.crafting import read_entries, write_entries
from tests.sync.support_sync import Headquarters, Laptop, add_work


def test_bundle_round_trip_with_conflict_and_receipt(tmp_path):
    hq = Headquarters(tmp_path)
    one, two = Laptop(hq, "one"), Laptop(hq, "two")
    checkpoint = hq.world.checkpoint
    one.rename_checkpoint(checkpoint, "Renamed on one")
    two.rename_checkpoint(checkpoint, "Renamed on two")
    first, second = one.export(), two.export()

    dry = hq.context.imports.examine([first, second])
    assert [r.outcome for r in dry] == ["would_import", "would_import"], dry
    before = file_digest(hq.path)
    assert file_digest(hq.path) == before

    reports = hq.context.imports.apply(hq.supervisor, [first, second])
    assert [r.outcome for r in reports] == ["imported", "imported"], reports
    assert reports[1].conflicts == 1
    with hq.context.database.read() as connection:
        assert len(record_heads(connection, checkpoint.id)) == 2

    again = hq.context.imports.apply(hq.supervisor, [first, second])
    assert [r.outcome for r in again] == ["nothing_new", "nothing_new"]

    receipt = hq.context.receipts.make(one.context.device.device_id)
    holdings = one.context.exports.accept_receipt(receipt)
    assert holdings.pending == 0 and holdings.held == holdings.written


def test_bundles_checked_in_a_worker_process_give_the_same_reports(tmp_path, monkeypatch):
    """With more than a few MB of bundles the next one is checked in a worker process while
    the current one is merged; the outcome must not depend on it (refusals cross over too)."""
    from desktop.services.sync_files import BundleReader

    hq = Headquarters(tmp_path)
    laptops = [Laptop(hq, name) for name in ("one", "two", "three")]
    checkpoint = hq.world.checkpoint
    for laptop in laptops:
        laptop.rename_checkpoint(checkpoint, f"Renamed on {laptop.name}")
    bundles = [laptop.export() for laptop in laptops]
    broken = tmp_path / "broken.taslim"
    broken.write_bytes(bundles[1].read_bytes()[:-100])
    offered = [bundles[0], broken, bundles[1], bundles[2]]
    expected = [r.to_json() for r in hq.context.imports.examine(offered)]

    monkeypatch.setattr(BundleReader, "WORTH_A_WORKER", 0)
    started: list[bool] = []
    original = BundleReader.prefetch

    def watched(self, path):
        original(self, path)
        started.append(self._pool is not None)

    monkeypatch.setattr(BundleReader, "prefetch", watched)
    assert [r.to_json() for r in hq.context.imports.examine(offered)] == expected
    assert any(started)  # the worker really ran
    reports = hq.context.imports.apply(hq.supervisor, offered)
    assert [r.outcome for r in reports] == ["imported", "refused", "imported", "imported"]
    assert reports[-1].conflicts == 1


def test_a_clock_far_in_the_future_is_flagged_and_never_wins_on_it(tmp_path):
    from dataclasses import replace

    from desktop.domain.clock import now_ms
    from desktop.domain.entities import Checkpoint
    from desktop.domain.enums import EntityKind
    from desktop.services.base import Store
    from desktop.storage.queries import load_entity

    hq = Headquarters(tmp_path)
    ahead, honest = Laptop(hq, "ahead"), Laptop(hq, "honest")
    checkpoint = hq.world.checkpoint
    ten_days = 10 * 24 * 3600 * 1000
    skewed = Store(ahead.context.database, ahead.context.device.signer,
                   lambda: now_ms() + ten_days)
    supervisor = ahead.context.auth.login("supervisor", "correct-horse")
    with skewed.change(supervisor, None) as changes:
        changes.put(replace(checkpoint, name_en="From the future"))
    honest.rename_checkpoint(checkpoint, "From today")

    reports = hq.context.imports.apply(hq.supervisor, [ahead.export(), honest.export()])
    assert [r.outcome for r in reports] == ["imported", "imported"]
    assert reports[0].flagged >= 1
    assert "more than a day ahead" in " ".join(reports[0].warnings)
    assert reports[1].flagged == 0 and reports[1].conflicts == 1
    with hq.context.database.read() as connection:
        current = load_entity(connection, EntityKind.CHECKPOINT, checkpoint.id)
    assert isinstance(current, Checkpoint)
    # The future edit has the greater clock, yet the edit made today wins the conflict.
    assert current.name_en == "From today"


@pytest.mark.parametrize("chunk", [7, 4099])
def test_a_bundle_read_in_small_pieces_gives_the_same_revisions(tmp_path, monkeypatch, chunk):
    """Revisions are read a megabyte at a time; a line cut anywhere between two reads must come
    out whole, and a file cut inside a line must still be refused."""
    from desktop.domain.errors import FileRefused
    from desktop.sync import bundle

    hq = Headquarters(tmp_path)
    laptop = Laptop(hq, "one")
    for number in range(6):
        add_work(laptop, f"visit {number}")
    path = laptop.export(full=True)
    whole = bundle.read_bundle(path).segment.revisions
    assert len(whole) > 10 and path.stat().st_size > 3 * 4099

    monkeypatch.setattr(bundle, "READ_CHUNK", chunk)
    assert bundle.read_bundle(path).segment.revisions == whole

    entries = read_entries(path)
    lines = entries["revisions.jsonl"]
    entries["revisions.jsonl"] = lines[: len(lines) - 40]  # the last line loses its end
    with pytest.raises(FileRefused) as refused:
        bundle.read_bundle(write_entries(tmp_path / "cut.taslim", entries))
    assert refused.value.reason == "damaged"
