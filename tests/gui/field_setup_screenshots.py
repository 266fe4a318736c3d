"""Screenshots of a field laptop's set-up on the first-run dialog, in both languages (not a test).

    QT_QPA_PLATFORM=offscreen .venv/bin/python tests/gui/field_setup_screenshots.py [OUTPUT_DIR]

The choice page with its three choices, then the field set-up page in each state: nothing done,
request written, a wrong answer, enrolled, a refused data file, reopened the next day (step 3),
the import's progress dialog, and the sign-in dialog that follows.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


def main(output: Path) -> None:
    home = Path(tempfile.mkdtemp(prefix="taslim-field-shots-"))
    os.environ["TASLIM_HOME"] = str(home)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    output.mkdir(parents=True, exist_ok=True)

    from PySide6.QtWidgets import QApplication, QWidget

    from desktop.ui.application import create_application
    from desktop.ui.field_setup import field_setup_service
    from desktop.ui.first_run import FirstRunDialog
    from desktop.ui.language import LanguageSwitch, apply_language
    from desktop.ui.login import LoginDialog
    from desktop.ui.look import apply_look
    from desktop.ui.shell import demo_loader
    from tests.support import make_context
    from tests.sync.support_sync import CA_PASSPHRASE, Headquarters

    app = create_application()
    apply_look(app)

    def shot(widget: QWidget, name: str) -> None:
        widget.show()
        for _ in range(5):
            app.processEvents()
        widget.grab().save(str(output / f"{name}.png"))
        print(output / f"{name}.png")

    for code in ("ar", "en"):
        apply_language(code)
        root = home / code
        root.mkdir()
        hq = Headquarters(root / "hq")
        other = Headquarters(root / "other")
        laptop = make_context(root, "laptop.db")
        switch = LanguageSwitch(laptop.settings, laptop.dirs.config)
        stick = root / "stick"
        stick.mkdir()
        chosen: list[Path] = []

        def dialog(laptop=laptop, switch=switch, chosen=chosen) -> FirstRunDialog:
            return FirstRunDialog(laptop.accounts, load_demo=demo_loader(laptop),
                                  language=switch, field_setup=field_setup_service(laptop),
                                  choose_file=lambda *_args: chosen.pop(0))

        first = dialog()
        shot(first, f"choice-{code}")
        first.show_field_setup()
        page = first.field_page
        assert page is not None
        shot(first, f"field-1-nothing-done-{code}")
        request = stick / f"enrolment-request-{laptop.device.short_code}.json"
        chosen.append(request)
        page.request_step.button.click()
        shot(first, f"field-2-request-written-{code}")
        garbage = stick / "photo.json"
        garbage.write_bytes(b"\x89PNG not an answer")
        chosen.append(garbage)
        page.answer_step.button.click()
        shot(first, f"field-3-wrong-answer-{code}")
        answer = stick / f"answer-{laptop.device.short_code}.json"
        answer.write_bytes(hq.context.enrolment.sign_request(
            hq.supervisor, CA_PASSPHRASE, request.read_bytes()))
        chosen.append(answer)
        page.answer_step.button.click()
        shot(first, f"field-4-enrolled-{code}")
        foreign = other.bundle("other-hq.taslim")
        chosen.append(foreign)
        page.data_step.button.click()
        while page.busy:
            app.processEvents()
        shot(first, f"field-5-refused-data-{code}")
        first.close()

        # The next day: Taslim opens on step 3.
        again = dialog()
        shot(again, f"field-6-reopened-{code}")
        page = again.field_page
        assert page is not None
        page.load_data(hq.bundle("hq.taslim"))
        task = page.task
        assert task is not None
        task._show_progress()  # the progress dialog as it shows after half a second
        if task.dialog is not None:
            shot(task.dialog, f"field-7-progress-{code}")
        while page.busy:
            app.processEvents()
        login = LoginDialog(laptop.auth, switch, database_name="laptop.db")
        shot(login, f"field-8-sign-in-after-{code}")
        for widget in (again, login):
            widget.close()
        for context in (hq.context, other.context, laptop):
            context.close()
    QApplication.processEvents()


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "screenshots" / "field-setup")
