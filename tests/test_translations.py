"""Every message in desktop/ has an Arabic translation that keeps its {placeholders}.

Messages are extracted from the source the way `make catalogues` does (Babel; keywords `_`,
`N_` and `ngettext`), so a new string without a translation fails here. Run `make catalogues`,
then translate the new entries in resources/locale/ar/LC_MESSAGES/*.po.
"""

from __future__ import annotations

import string
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from desktop.i18n import LANGUAGES, catalogue_dir, catalogue_files, load_translations

ROOT = Path(__file__).resolve().parent.parent
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}
ARABIC = "ar"
# Arabic plural forms: 0 zero, 1 one, 2 two, 3 few (3-10), 4 many (11-99), 5 other (100+).
# The forms for zero, one and two may say the number in words instead of a placeholder.
NUMERIC_FORMS = (3, 4, 5)
SAMPLE_COUNTS = (0, 1, 2, 3, 10, 11, 99, 100, 101, 102, 111, 1000)


@dataclass(frozen=True)
class Message:
    ids: tuple[str, ...]  # (msgid,) or (singular, plural)
    where: str

    @property
    def key(self) -> str:
        return self.ids[0]


def extract_messages() -> list[Message]:
    found: dict[tuple[str, ...], Message] = {}
    for filename, lineno, message, _comments, _context in extract_from_dir(
        str(ROOT / "desktop"), method_map=[("**.py", "python")], keywords=KEYWORDS
    ):
        ids = message if isinstance(message, tuple) else (message,)
        if not all(isinstance(part, str) and part for part in ids):
            continue  # a call with a variable, not a literal: nothing to translate here
        found.setdefault(ids, Message(ids, f"desktop/{filename}:{lineno}"))
    return list(found.values())


def merged_catalogue(language: str) -> dict[str, tuple[str, ...]]:
    """msgid -> translated forms, from every .po file of the language; fuzzy ones are absent."""
    merged: dict[str, tuple[str, ...]] = {}
    for path in catalogue_files(language):
        for entry in read_catalogue(path, language):
            if not entry.id or entry.fuzzy:
                continue
            msgid = entry.id[0] if isinstance(entry.id, tuple | list) else entry.id
            raw = entry.string if isinstance(entry.string, tuple | list) else (entry.string,)
            forms = tuple(str(form or "") for form in raw)
            if all(forms):
                merged.setdefault(msgid, forms)
    return merged


def read_catalogue(path: Path, language: str) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale=language, abort_invalid=True)


def fields(text: str) -> set[tuple[str, str, str]]:
    """The replacement fields of a str.format template: (name, format spec, conversion)."""
    return {
        (name, spec or "", conversion or "")
        for _literal, name, spec, conversion in string.Formatter().parse(text)
        if name is not None
    }


def placeholder_problems(message: Message, forms: Iterable[str]) -> list[str]:
    problems = []
    expected: set[tuple[str, str, str]] = set().union(*(fields(i) for i in message.ids))
    for index, form in enumerate(forms):
        try:
            got = fields(form)
        except ValueError as error:
            problems.append(f"form {index} is not a valid format string ({error}): {form!r}")
            continue
        unknown = got - expected
        if unknown:
            problems.append(f"form {index} has placeholders the code does not fill: {unknown}")
        must_have = len(message.ids) == 1 or index in NUMERIC_FORMS
        missing = expected - got
        if must_have and missing:
            problems.append(f"form {index} drops placeholders {missing}: {form!r}")
    return problems


@pytest.fixture(scope="module")
def messages() -> list[Message]:
    return extract_messages()


@pytest.fixture(scope="module")
def arabic() -> dict[str, tuple[str, ...]]:
    return merged_catalogue(ARABIC)


def test_extraction_finds_the_messages(messages: list[Message]) -> None:
    keys = {m.key for m in messages}
    assert len(messages) > 50
    assert "Wrong user name or password." in keys  # _()
    assert "Supervisor" in keys  # N_()
    assert any(len(m.ids) == 2 for m in messages)  # ngettext()


def test_every_message_has_an_arabic_translation(
    messages: list[Message], arabic: dict[str, tuple[str, ...]]
) -> None:
    missing = [f"{m.where}: {m.key!r}" for m in messages if m.key not in arabic]
    assert not missing, (
        f"{len(missing)} message(s) have no Arabic translation (or only a fuzzy one). Run "
        "`make catalogues` and translate them in resources/locale/ar/LC_MESSAGES/:\n"
        + "\n".join(missing)
    )


def test_plural_messages_have_all_six_arabic_forms(
    messages: list[Message], arabic: dict[str, tuple[str, ...]]
) -> None:
    wrong = [
        f"{m.where}: {m.key!r} has {len(arabic[m.key])} form(s)"
        for m in messages
        if len(m.ids) == 2 and m.key in arabic and len(arabic[m.key]) != 6
    ]
    assert not wrong, "\n".join(wrong)


def test_arabic_translations_keep_the_placeholders(
    messages: list[Message], arabic: dict[str, tuple[str, ...]]
) -> None:
    problems = [
        f"{m.where}: {m.key!r}: {problem}"
        for m in messages
        if m.key in arabic
        for problem in placeholder_problems(m, arabic[m.key])
    ]
    assert not problems, "\n".join(problems)


def test_the_running_app_sees_the_translations(
    messages: list[Message], arabic: dict[str, tuple[str, ...]]
) -> None:
    """desktop.i18n compiles the .po files in memory; what it returns is what people read."""
    translations = load_translations(ARABIC)
    wrong = []
    for message in messages:
        forms = arabic.get(message.key)
        if forms is None:
            continue
        if len(message.ids) == 1:
            if translations.gettext(message.key) != forms[0]:
                wrong.append(message.key)
        else:
            singular, plural = message.ids
            shown = {translations.ngettext(singular, plural, n) for n in SAMPLE_COUNTS}
            if not shown <= set(forms) or message.ids[1] in shown:
                wrong.append(message.key)
    assert not wrong, f"not translated at run time: {wrong}"


def test_the_check_catches_a_dropped_placeholder() -> None:
    message = Message(("The file {path} is missing.",), "example")
    assert placeholder_problems(message, ["الملف مفقود."])
    assert placeholder_problems(message, ["الملف {name} مفقود."])
    assert not placeholder_problems(message, ["الملف {path} مفقود."])
    plural = Message(("{count} minute", "{count} minutes"), "example")
    assert not placeholder_problems(plural, ["", "دقيقة واحدة", "دقيقتان", "{count} دقائق",
                                             "{count} دقيقة", "{count} دقيقة"])
    assert placeholder_problems(plural, ["", "", "", "دقائق", "{count} دقيقة", "{count} دقيقة"])


@pytest.mark.parametrize("language", sorted(LANGUAGES))
def test_catalogues_parse_and_declare_their_language(language: str) -> None:
    files = catalogue_files(language)
    assert files, f"no catalogues under {catalogue_dir() / language}"
    for path in files:
        headers = dict(read_catalogue(path, language).mime_headers)
        assert headers.get("Language") == language, path
        assert "charset=utf-8" in headers.get("Content-Type", "").lower(), path
        if language == ARABIC:
            assert headers.get("Plural-Forms", "").replace(" ", "").startswith("nplurals=6;"), path
    load_translations(language)
