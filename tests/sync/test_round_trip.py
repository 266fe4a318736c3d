"""A laptop's work reaches headquarters through a bundle; receipts come back."""

from __future__ import annotations

from desktop.storage.queries import record_heads
from tests.support import file_digest
from tests.sync.support_sync import Headquarters, Laptop


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
