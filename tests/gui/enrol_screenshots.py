"""Screenshots of the enrolment screens in Arabic and English, to look at them (not a test).

    QT_QPA_PLATFORM=offscreen .venv/bin/python tests/gui/enrol_screenshots.py [OUTPUT_DIR]

Headquarters' dialog (request loaded, a refusal, already answered, no Command CA yet), the
laptop's enrolment box (not enrolled, request written, enrolled), the Devices page with a
laptop's enrolments and the People page with a clerk's certificate in its history.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


def main(output: Path) -> None:
    home = Path(tempfile.mkdtemp(prefix="taslim-enrol-shots-"))
    os.environ["TASLIM_HOME"] = str(home)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    output.mkdir(parents=True, exist_ok=True)

    from PySide6.QtWidgets import QApplication, QWidget

    from desktop.ui.application import create_application
    from desktop.ui.certificates.signing import EnrolmentDialog
    from desktop.ui.changes import ChangeNotifier
    from desktop.ui.devices.enrol import EnrolDialog
    from desktop.ui.devices.page import DevicesPage
    from desktop.ui.language import apply_language
    from desktop.ui.look import apply_look
    from desktop.ui.page_registry import PageContext
    from desktop.ui.people.page import PeoplePage
    from desktop.ui.sync.exchange import ExchangePage
    from tests.gui.test_checkpoints import RecordingForms
    from tests.gui.test_enrol_screens import FieldLaptop
    from tests.support import World, make_context
    from tests.sync.support_sync import CA_PASSPHRASE, Headquarters

    app = create_application()
    apply_look(app)

    def shot(widget: QWidget, name: str, width: int = 1150, height: int = 860) -> None:
        widget.resize(width, height)
        widget.show()
        for _ in range(5):
            app.processEvents()
        widget.grab().save(str(output / f"{name}.png"))
        print(output / f"{name}.png")

    def context_for(context, session) -> PageContext:
        return PageContext(context, session, ChangeNotifier(), RecordingForms())

    for code in ("ar", "en"):
        apply_language(code)
        root = home / code
        root.mkdir()
        hq = Headquarters(root)
        field = FieldLaptop(hq, "field")
        stick = root / "stick"
        stick.mkdir()

        exchange = ExchangePage(context_for(field.context, field.officer))
        shot(exchange, f"laptop-not-enrolled-{code}")
        request = stick / f"enrolment-request-{field.context.device.short_code}.json"
        exchange.enrolment.write_request(request)
        shot(exchange, f"laptop-request-written-{code}")

        devices = DevicesPage(context_for(hq.context, hq.supervisor))
        devices.resize(1150, 860)
        dialog = EnrolDialog(context_for(hq.context, hq.supervisor), devices)
        shot(dialog, f"hq-dialog-empty-{code}", 800, 680)
        dialog.load_request(request)
        dialog.passphrase.setText("not-the-passphrase")
        shot(dialog, f"hq-dialog-request-loaded-{code}", 800, 680)
        dialog.sign_and_save(stick / "answer.json")
        shot(dialog, f"hq-dialog-wrong-passphrase-{code}", 800, 680)
        garbage = stick / "photo.json"
        garbage.write_bytes(b"\x89PNG not a request")
        dialog.load_request(garbage)
        shot(dialog, f"hq-dialog-not-a-request-{code}", 800, 680)
        dialog.load_request(request)
        dialog.passphrase.setText(CA_PASSPHRASE)
        answer = stick / f"answer-{field.context.device.short_code}.json"
        dialog.sign_and_save(answer)
        shot(dialog, f"hq-dialog-signed-{code}", 800, 680)
        dialog.load_request(request)
        shot(dialog, f"hq-dialog-already-answered-{code}", 800, 680)
        dialog.close()

        exchange.enrolment.load_answer(answer)
        shot(exchange, f"laptop-enrolled-{code}")
        other = stick / "answer-other.json"
        other.write_bytes(b'{"format": "something else"}')
        exchange.enrolment.load_answer(other)
        shot(exchange, f"laptop-wrong-answer-{code}")

        bundle = root / "field.taslim"
        field.context.exports.export(bundle, full=True)
        hq.context.imports.apply(hq.supervisor, [bundle])
        devices.refresh()
        row = devices.model.row_of(field.context.device.device_id)
        devices.select_row(row if row is not None else 0)
        shot(devices, f"devices-enrolment-history-{code}")

        offer = EnrolmentDialog(context_for(field.context, field.clerk), "", "correct-horse")
        clerk_request = stick / "clerk-request.json"
        offer.write_request(clerk_request)
        dialog = EnrolDialog(context_for(hq.context, hq.supervisor), devices)
        dialog.load_request(clerk_request)
        shot(dialog, f"hq-dialog-clerk-request-{code}", 800, 680)
        dialog.passphrase.setText(CA_PASSPHRASE)
        dialog.sign_and_save(stick / "answer-clerk.json")
        dialog.close()
        people = PeoplePage(context_for(hq.context, hq.supervisor))
        people.select_account("clerk")
        shot(people, f"people-clerk-history-{code}")

        bare = make_context(root, "bare-hq.db")
        world = World(bare)
        missing = EnrolDialog(context_for(bare, world.supervisor))
        missing.new_passphrase.setText("short")
        missing.repeat_passphrase.setText("short")
        shot(missing, f"hq-dialog-no-ca-{code}", 800, 680)
        missing.create_ca()
        shot(missing, f"hq-dialog-no-ca-refused-{code}", 800, 680)
        missing.new_passphrase.setText("a-long-enough-passphrase")
        missing.repeat_passphrase.setText("a-long-enough-passphrase")
        missing.create_ca()
        shot(missing, f"hq-dialog-ca-created-{code}", 800, 680)
        for widget in (missing, people, devices, exchange, offer):
            widget.close()
        for context in (bare, hq.context, field.context):
            context.close()
    QApplication.processEvents()


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "screenshots" / "enrol")
