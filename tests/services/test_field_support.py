"""Checkpoint list queries, autosaved drafts, photos and text folding."""

import pytest

from desktop.domain.enums import CheckpointStatus
from desktop.domain.errors import NotFound, ValidationError
from desktop.domain.text import fold, like_pattern
from desktop.storage.checkpoint_list import CheckpointFilter, SortKey
from tests.domain.test_templates import good_answers
from tests.services.test_records import inspection
from tests.support import World, make_context

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64


@pytest.fixture
def world(tmp_path):
    context = make_context(tmp_path)
    yield World(context)
    context.close()


def test_folding_finds_arabic_written_either_way():
    assert fold("الأنبار") == fold("الانبار")
    assert fold("مُحَمَّد") == fold("محمد")
    assert fold("قاعدة") == fold("قاعده")
    assert fold("مصطفى") == fold("مصطفي")
    assert fold("٢٠٢٦") == "2026"
    assert fold("RMD-CE") == "rmd-ce"
    assert like_pattern("50%_x") == "%50\\%\\_x%"


def test_checkpoint_list_filters_and_sorts_in_sql(world):
    queries = world.context.checkpoints
    second = world.checkpoint.replace(id="01935000-0000-7000-8000-000000000001",
                                      code="RMD-BR-02", name_ar="سيطرة الجسر",
                                      name_en="Bridge checkpoint",
                                      status=CheckpointStatus.HANDED_OVER)
    world.context.places.save_checkpoint(world.supervisor, second)
    world.context.inspections.submit(world.officer, inspection(world, good_answers()))
    assert queries.ids(CheckpointFilter()) == [second.id, world.checkpoint.id]  # by code
    assert queries.ids(CheckpointFilter(text="الجسر")) == [second.id]
    assert queries.ids(CheckpointFilter(text="bridge")) == [second.id]
    assert queries.ids(CheckpointFilter(text="الرمادي")) == [second.id, world.checkpoint.id]
    assert queries.ids(CheckpointFilter(text="Demo Army")) == [second.id, world.checkpoint.id]
    assert queries.ids(CheckpointFilter(status="handed_over")) == [second.id]
    assert queries.ids(CheckpointFilter(text="%")) == []
    newest_first = queries.ids(CheckpointFilter(), SortKey.LAST_INSPECTION, descending=True)
    assert newest_first == [world.checkpoint.id, second.id]
    rows = queries.rows([world.checkpoint.id])
    row = rows[world.checkpoint.id]
    assert (row.district_en, row.holder_en) == ("Ramadi", "Demo Army Brigade 1")
    assert row.last_inspected_at == "2026-03-01T08:00:00Z"
    history = queries.history(world.checkpoint.id)
    assert history.inspection_count == 1 and history.inspections[0].readiness == 4


def test_drafts_survive_reopening_and_belong_to_their_author(world, tmp_path):
    drafts = world.context.drafts
    drafts.save(world.officer, "inspection:new:1", "inspection", "Inspection", {"fuel": 3})
    drafts.save(world.officer, "inspection:new:1", "inspection", "Inspection", {"fuel": 4})
    world.context.close()
    from desktop.app import open_context

    reopened = open_context(world.context.dirs, tmp_path / "t.db", create=False)
    draft = reopened.drafts.load(world.officer, "inspection:new:1")
    assert draft is not None and draft.content == {"fuel": 4}
    assert reopened.drafts.load(world.clerk, "inspection:new:1") is None
    assert [d.key for d in reopened.drafts.list(world.officer, "inspection")] == [
        "inspection:new:1"]
    reopened.drafts.discard(world.officer, "inspection:new:1")
    assert reopened.drafts.load(world.officer, "inspection:new:1") is None
    reopened.close()


def test_photos_are_stored_once_by_content(world):
    attachments = world.context.attachments
    first = attachments.add(world.officer, world.checkpoint.id, "gate.png", PNG).value
    second = attachments.add(world.officer, world.checkpoint.id, "gate-again.png", PNG).value
    assert first.sha256 == second.sha256 and first.id != second.id
    assert first.media_type == "image/png"
    assert attachments.add(world.officer, "x", "a.jpg", JPEG).value.media_type == "image/jpeg"
    assert attachments.data(first.sha256) == PNG
    with world.context.database.read() as connection:
        from sqlalchemy import text

        assert connection.execute(text("SELECT count(*) FROM blob")).scalar_one() == 2


@pytest.mark.parametrize(
    ("data", "message"),
    [(b"", "empty"), (b"%PDF-1.7 not a photo", "not a PNG or JPEG"),
     (PNG + b"\x00" * 15_000_000, "larger than 15 MB")],
)
def test_bad_files_are_refused_with_their_name(world, data, message):
    with pytest.raises(ValidationError, match=message) as caught:
        world.context.attachments.add(world.officer, "owner", "upload.bin", data)
    assert "upload.bin" in str(caught.value)


def test_a_missing_photo_says_where_to_get_it(world):
    with pytest.raises(NotFound, match="import it"):
        world.context.attachments.data("0" * 64)
