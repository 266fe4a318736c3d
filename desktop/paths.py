"""Where things live: bundled resources, and the per-user data, config and log folders.

Resources come from the source tree or, in a PyInstaller bundle, from ``sys._MEIPASS``.
Per-user folders follow the platform (platformdirs). ``TASLIM_HOME`` puts all of them under one
folder: tests use it so that nobody's own settings are read or written, and portable mode
(a ``portable`` marker file beside the executable) uses the folder beside the executable.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from desktop import APP_ID, APP_NAME

DATABASE_FILE = "taslim.db"


def resource_root() -> Path:
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource(*parts: str) -> Path:
    return resource_root().joinpath(*parts)


@dataclass(frozen=True)
class UserDirs:
    data: Path
    config: Path
    logs: Path

    @property
    def default_database(self) -> Path:
        return self.data / DATABASE_FILE

    @property
    def secrets(self) -> Path:
        """Key-encryption secrets, kept apart from the database they protect."""
        return self.config / "secrets"

    def ensure(self) -> UserDirs:
        for folder in (self.data, self.config, self.logs):
            folder.mkdir(parents=True, exist_ok=True)
        self.secrets.mkdir(parents=True, exist_ok=True, mode=0o700)
        return self


def _portable_root() -> Path | None:
    if getattr(sys, "frozen", False):
        beside = Path(sys.executable).resolve().parent
        if (beside / "portable").exists():
            return beside / "data"
    return None


def user_dirs() -> UserDirs:
    home = os.environ.get("TASLIM_HOME")
    root = Path(home) if home else _portable_root()
    if root is not None:
        return UserDirs(data=root / "data", config=root / "config", logs=root / "logs")
    return UserDirs(
        data=Path(platformdirs.user_data_dir(APP_ID, APP_NAME)),
        config=Path(platformdirs.user_config_dir(APP_ID, APP_NAME)),
        logs=Path(platformdirs.user_log_dir(APP_ID, APP_NAME)),
    )
