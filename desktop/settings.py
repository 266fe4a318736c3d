"""Per-user settings in a small JSON file (not QSettings: the core reads them without Qt)."""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

from desktop.i18n import DEFAULT_LANGUAGE, LANGUAGES

SETTINGS_FILE = "settings.json"


@dataclass(slots=True)
class Settings:
    language: str = DEFAULT_LANGUAGE
    stale_inspection_days: int = 14
    # The folder the last list was exported to (desktop.ui.list_export); "" = Documents.
    export_folder: str = ""

    @classmethod
    def load(cls, config_dir: Path) -> Settings:
        path = config_dir / SETTINGS_FILE
        try:
            data: Any = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls()
        if not isinstance(data, dict):
            return cls()
        known = {f.name for f in fields(cls)}
        settings = cls(**{k: v for k, v in data.items() if k in known})
        if settings.language not in LANGUAGES:
            settings.language = DEFAULT_LANGUAGE
        return settings

    def save(self, config_dir: Path) -> None:
        """Write atomically: a power cut leaves the old file or the new one, never half."""
        config_dir.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(dir=config_dir, prefix=".settings-")
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            json.dump(asdict(self), handle, ensure_ascii=False, indent=2)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, config_dir / SETTINGS_FILE)
