"""Save screenshots of every screen in both languages, to look at them (not a test).

    xvfb-run -a .venv/bin/python tests/gui/screenshots.py [OUTPUT_DIR]

Uses a throw-away TASLIM_HOME and database; loads the demo when desktop.demo exists so that the
home page shows real figures.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


def main(output: Path) -> None:
    home = Path(tempfile.mkdtemp(prefix="taslim-shots-"))
    os.environ["TASLIM_HOME"] = str(home)

    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication, QWidget

    from desktop.app import open_context
    from desktop.domain.entities import Person
    from desktop.domain.enums import Role
    from desktop.domain.errors import Cancelled
    from desktop.domain.ids import uuid7
    from desktop.paths import user_dirs
    from desktop.ui.application import create_application
    from desktop.ui.errors import UnexpectedErrorDialog, details
    from desktop.ui.first_run import FirstRunDialog
    from desktop.ui.language import LanguageSwitch, apply_language
    from desktop.ui.login import LoginDialog
    from desktop.ui.look import apply_look
    from desktop.ui.main_window import MainWindow
    from desktop.ui.shell import demo_loader

    output.mkdir(parents=True, exist_ok=True)
    app = create_application()
    apply_look(app)
    dirs = user_dirs().ensure()
    context = open_context(dirs, home / "shots.db", create=True)
    switch = LanguageSwitch(context.settings, dirs.config)

    def shot(widget: QWidget, name: str) -> None:
        widget.show()
        widget.raise_()
        for _ in range(5):
            app.processEvents()
        widget.grab().save(str(output / f"{name}.png"))
        print(output / f"{name}.png")

    for code in ("ar", "en"):
        apply_language(code)
        first = FirstRunDialog(context.accounts, load_demo=demo_loader(context), language=switch)
        shot(first, f"first-run-{code}")
        first.pages.setCurrentIndex(first.SETUP)
        shot(first, f"first-run-setup-{code}")
        first.close()

    # The progress dialog of a long demo load (a stand-in loader that waits to be released).
    import threading

    released = threading.Event()

    def slow_loader(progress: object) -> None:
        progress(120, 480)  # type: ignore[operator]
        released.wait(30)
        raise Cancelled()

    apply_language("ar")
    first = FirstRunDialog(context.accounts, load_demo=slow_loader, language=switch)
    first.show()
    first.start_demo()
    task = first.task
    assert task is not None
    # Wait in an event loop, not a processEvents() spin: PySide6 6.12.0 on Python 3.11 drops a
    # reference to None on every such call, and a spin of thousands aborts the interpreter.
    wait = QEventLoop()
    QTimer.singleShot(1500, wait.quit)
    wait.exec()
    if task.dialog is not None:
        shot(task.dialog, "first-run-demo-progress-ar")
    finished = QEventLoop()
    task.done.connect(finished.quit)
    released.set()
    if first.task is not None:
        finished.exec()
    first.close()

    loader = demo_loader(context)
    if loader is not None:
        loader(lambda done, total: None)
        apply_language("ar")
        first = FirstRunDialog(context.accounts, load_demo=loader, language=switch)
        first._demo_loaded(None)
        shot(first, "first-run-demo-done-ar")
        first.close()
        sessions = {role: context.auth.login(role.value, f"demo-{role.value}") for role in Role}
    else:
        supervisor = context.accounts.create_first_supervisor(
            name_ar="العقيد سالم الدليمي", name_en="Col. Salim Al-Dulaimi", rank="عقيد",
            badge="1001", username="supervisor", password="demo-supervisor").value
        sessions = {Role.SUPERVISOR: supervisor}
        for role, name_ar, name_en in ((Role.OFFICER, "النقيب أحمد الفهداوي",
                                        "Capt. Ahmed Al-Fahdawi"),
                                       (Role.CLERK, "المفوض علي الكبيسي", "Ali Al-Kubaisi")):
            person = Person(id=uuid7(), name_ar=name_ar, name_en=name_en, rank="", badge="",
                            unit_id=None)
            context.places.save_person(supervisor, person)
            context.accounts.create_account(supervisor, person_id=person.id,
                                            username=role.value, role=role,
                                            password=f"demo-{role.value}")
            sessions[role] = context.auth.login(role.value, f"demo-{role.value}")

    for code in ("ar", "en"):
        apply_language(code)
        login = LoginDialog(context.auth, switch, database_name="taslim.db")
        shot(login, f"login-{code}")
        login.username.setText("officer")
        login.password.setText("wrong password")
        login.submit()
        shot(login, f"login-error-{code}")
        login.close()
        for role, session in sessions.items():
            window = MainWindow(session=session, overview=context.overview,
                                device_code=context.device.short_code,
                                database_path=home / "shots.db", language=switch)
            shot(window, f"main-{role.value}-{code}")
            if role is Role.OFFICER:
                window.show_page("inspections")
                shot(window, f"main-{role.value}-placeholder-{code}")
            if role is Role.SUPERVISOR:
                window.show_about()
                assert window.about_dialog is not None
                shot(window.about_dialog, f"about-{code}")
                window.about_dialog.close()
            window.close()
        try:
            raise RuntimeError("screenshot of the unexpected-error dialog")
        except RuntimeError as error:
            dialog = UnexpectedErrorDialog(details(error))
        dialog.show_button.setChecked(True)
        shot(dialog, f"unexpected-error-{code}")
        dialog.close()
    context.close()
    QApplication.processEvents()


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "screenshots")
