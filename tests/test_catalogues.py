"""The translation catalogues: complete, faithful to their placeholders, compiled.

`make messages` regenerates the .po files from the code and compiles them; these tests then
list every entry that still needs a translator, so the list is the work left to do.
"""

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils import translation
from django.utils.translation import to_locale

LOCALE_DIR = Path(settings.BASE_DIR) / "locale"
TRANSLATED = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
# %(name)s, %(count)d, %s, %d and {name}: what Python fills in, so what must survive.
PLACEHOLDER = re.compile(r"%\((\w+)\)[sdif]|%[sdif]|\{\w*\}")


def _catalogue(code: str) -> polib.POFile:
    return polib.pofile(str(LOCALE_DIR / to_locale(code) / "LC_MESSAGES" / "django.po"))


def _placeholders(text: str) -> list[str]:
    return sorted(match.group(0) for match in PLACEHOLDER.finditer(text))


def _label(entry: polib.POEntry) -> str:
    context = f"[{entry.msgctxt}] " if entry.msgctxt else ""
    return f"{context}{entry.msgid!r} ({entry.occurrences[0][0] if entry.occurrences else '?'})"


def _problems(entry: polib.POEntry) -> list[str]:
    if entry.obsolete:
        return []
    if entry.fuzzy:
        return ["fuzzy"]
    if entry.msgid_plural:
        forms = list(entry.msgstr_plural.values())
        if not forms or any(not form.strip() for form in forms):
            return ["untranslated"]
        both = set(_placeholders(entry.msgid)) & set(_placeholders(entry.msgid_plural))
        allowed = set(_placeholders(entry.msgid)) | set(_placeholders(entry.msgid_plural))
        return [
            f"placeholders {_placeholders(form)} in form {index}"
            for index, form in enumerate(forms)
            if not both <= set(_placeholders(form)) or not set(_placeholders(form)) <= allowed
        ]
    if not entry.msgstr.strip():
        return ["untranslated"]
    if _placeholders(entry.msgstr) != _placeholders(entry.msgid):
        return [f"placeholders {_placeholders(entry.msgstr)} != {_placeholders(entry.msgid)}"]
    return []


@pytest.mark.parametrize("code", TRANSLATED)
def test_catalogue_translates_every_entry_with_its_placeholders(code):
    catalogue = _catalogue(code)

    problems = [
        f"{_label(entry)}: {problem}" for entry in catalogue for problem in _problems(entry)
    ]

    assert problems == [], "\n".join(problems)
    assert len(catalogue) > 500


@pytest.mark.parametrize("code", TRANSLATED)
def test_compiled_catalogue_matches_its_source(code):
    """The .mo files are committed so that a fresh machine needs no gettext tools: each must
    say exactly what its .po says (run `make messages` after editing a .po)."""
    source = _catalogue(code)
    compiled = polib.mofile(str(LOCALE_DIR / to_locale(code) / "LC_MESSAGES" / "django.mo"))

    def messages(catalogue) -> dict:
        return {
            (entry.msgctxt, entry.msgid): (
                tuple(sorted(entry.msgstr_plural.items())) if entry.msgid_plural else entry.msgstr
            )
            for entry in catalogue
            if entry.msgid and not entry.obsolete and "fuzzy" not in entry.flags
        }

    assert messages(compiled) == messages(source)


def test_placeholder_check_catches_a_dropped_name():
    entry = polib.POEntry(msgid="Published as %(number)s.", msgstr="Publié.")

    assert _problems(entry) == ["placeholders [] != ['%(number)s']"]


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("ar", "الدولة العضو"),
        ("zh-hans", "成员国"),
        ("fr", "État Membre"),
        ("ru", "Государство-Член"),
        ("es", "Estado Miembro"),
    ],
)
def test_member_state_uses_the_itu_term(code, expected):
    with translation.override(code):
        assert translation.gettext("Member State") == expected


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("ar", ["مساهمة", "وثيقة معلومات", "بيان اتصال"]),
        ("zh-hans", ["文稿", "信息文件", "联络声明"]),
        ("fr", ["Contribution", "Document d'information", "Déclaration de liaison"]),
        ("ru", ["Вклад", "Информационный документ", "Заявление о взаимодействии"]),
        ("es", ["Contribución", "Documento de información", "Declaración de coordinación"]),
    ],
)
def test_document_kinds_use_the_itu_terms(code, expected):
    with translation.override(code):
        labels = [
            translation.gettext(text)
            for text in ["Contribution", "Information document", "Liaison statement"]
        ]

    assert labels == expected
