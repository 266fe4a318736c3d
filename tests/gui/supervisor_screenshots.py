"""Screenshots of the supervisor's whole window on every page, in Arabic and in English, on the
province of tests/gui/province.py (the demo headquarters after three laptops' bundles with two
planted conflicts). To look at them; not a test.

    .venv/bin/python tests/gui/supervisor_screenshots.py [OUTPUT_DIR]

OUTPUT_DIR defaults to screenshots/supervisor.

Runs offscreen unless QT_QPA_PLATFORM says otherwise (xvfb-run gives the real platform theme).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


def main(output: Path) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    work = Path(tempfile.mkdtemp(prefix="taslim-province-"))
    os.environ["TASLIM_HOME"] = str(work / "home")

    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QWidget

    from desktop.app import open_context
    from desktop.demo import DEMO_PASSWORDS
    from desktop.ui.application import create_application
    from desktop.ui.changes import ChangeNotifier
    from desktop.ui.language import LanguageSwitch, apply_language
    from desktop.ui.look import apply_look
    from desktop.ui.main_window import MainWindow
    from desktop.ui.page_registry import FormOpener, PageContext, build_page
    from tests.gui.province import LAPTOPS, build_province
    from tests.support import make_dirs

    output.mkdir(parents=True, exist_ok=True)
    app = create_application()
    apply_look(app)
    print("building the province (demo headquarters and three laptops) ...", flush=True)
    build_province(work)
    dirs = make_dirs(work / "home")
    context = open_context(dirs, work / "master.db", create=False)
    supervisor = context.auth.login("supervisor", DEMO_PASSWORDS["supervisor"])
    context.imports.apply(supervisor, [work / f"{name}.taslim" for name in LAPTOPS])
    switch = LanguageSwitch(context.settings, dirs.config)

    def settle(milliseconds: int = 300) -> None:
        loop = QEventLoop()
        QTimer.singleShot(milliseconds, loop.quit)
        loop.exec()

    def shot(widget: QWidget, name: str) -> None:
        widget.show()
        widget.raise_()
        settle()
        widget.grab().save(str(output / f"{name}.png"))
        print(output / f"{name}.png")

    def supervisor_window() -> MainWindow:
        page_context = PageContext(context, supervisor, ChangeNotifier(),
                                   FormOpener(lambda: page_context))
        return MainWindow(session=supervisor, overview=context.overview,
                          device_code=context.device.short_code,
                          database_path=work / "master.db", language=switch,
                          page_factory=lambda entry: build_page(entry, page_context))

    for code in ("ar", "en"):
        apply_language(code)
        window = supervisor_window()
        window.resize(1366, 800)
        for key in window.navigation_keys():
            window.show_page(key)
            shot(window, f"{key}-{code}")
            page = window.pages.currentWidget()
            if key == "conflicts" and hasattr(page, "select_row"):
                page.select_row(0)
                shot(window, f"{key}-selected-{code}")
            if key == "devices" and hasattr(page, "select_row"):
                page.select_row(1)
                shot(window, f"{key}-selected-{code}")
        window.close()
        window.deleteLater()
    context.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "screenshots" / "supervisor")
