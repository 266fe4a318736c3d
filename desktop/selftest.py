"""Checks that every bundled resource loads (the Qt part lives in desktop.ui.selftest)."""

from __future__ import annotations

import json
from collections.abc import Iterator

from desktop.app import load_templates
from desktop.domain.errors import TaslimError
from desktop.i18n import LANGUAGES, _, catalogue_files, load_translations
from desktop.paths import resource, resource_root


class ResourceMissing(TaslimError):
    exit_code = 1


def check_resources() -> Iterator[str]:
    if not resource_root().is_dir():
        raise ResourceMissing(
            _("The resources folder {path} is missing; reinstall Taslim.").format(
                path=resource_root()
            )
        )
    templates = load_templates()
    yield (
        f"templates: checklist {templates.checklist.id} v{templates.checklist.version} "
        f"({len(templates.checklist.items)} items), inspection "
        f"{templates.inspection.id} v{templates.inspection.version} "
        f"({len(templates.inspection.fields)} fields)"
    )
    reference = json.loads(resource("reference", "anbar.json").read_text(encoding="utf-8"))
    yield (
        f"reference: {len(reference['districts'])} districts, "
        f"{len(reference['border_crossings'])} border crossings"
    )
    for code in LANGUAGES:
        files = catalogue_files(code)
        if code != "en" and not files:
            raise ResourceMissing(
                _("The {language} translations are missing; reinstall Taslim.").format(
                    language=LANGUAGES[code]
                )
            )
        load_translations(code)
        yield f"translations {code}: {len(files)} catalogue(s)"
    icons = sorted(resource("icons").glob("*.svg"))
    if not icons:
        raise ResourceMissing(_("The icons are missing; reinstall Taslim."))
    yield f"icons: {len(icons)}"
