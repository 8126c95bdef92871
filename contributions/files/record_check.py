"""A file checked against its record: what its first page prints, and where that differs.

An ITU Council working group document prints its particulars at the top of its first page,
each label before its value:

    Document CWG-COP-21/INF/9
    30 September 2015
    Original: English
    English only
    SOURCE: Italy
    TITLE: Safer Internet Day

`read_header` reads those particulars from a file's extracted text; `differences` compares
them with the document's record and returns what differs, as stored on the file
(DocumentFile.record_differences); `sentence` says one difference in words for the
secretariat. The check warns, it never refuses anything: a header laid out otherwise is
simply not read, and a field the file does not print is not compared.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from ..models.sources import Language
from ..numbers import number_key

# The stored text has no page marks (PDF pages are joined by line breaks), so the first
# page is taken as the text's beginning: an ITU first page's header block is well within it.
FIRST_PAGE_CHARACTERS = 2500

MONTHS = {
    name: number
    for number, name in enumerate(
        (
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ),
        start=1,
    )
}
_MONTH = "(" + "|".join(MONTHS) + ")"
_DAY = r"(\d{1,2})(?:st|nd|rd|th)?"
_DATES = (
    (re.compile(rf"{_DAY}\s+{_MONTH},?\s+(\d{{4}})", re.IGNORECASE), ("day", "month", "year")),
    (re.compile(rf"{_MONTH}\s+{_DAY},?\s+(\d{{4}})", re.IGNORECASE), ("month", "day", "year")),
    (re.compile(r"(\d{4})-(\d{2})-(\d{2})"), ("year", "month", "day")),
)
_DATE_LABEL = re.compile(r"^(?:date\s*:\s*)?", re.IGNORECASE)

# "Document CWG-COP-21/INF/9", "Document WG-CP-2/2", "Document CWG-COP-18/INF/3 Rev.1",
# "Document C15/52-E" (the ITU's language letter at the end is not part of the number).
_NUMBER = re.compile(
    r"\bdocument\s+([A-Za-z][\w./()-]*\d[\w./()-]*(?:\s+(?:rev|add|corr)\.?\s*\d+)*)",
    re.IGNORECASE,
)
_LANGUAGE_LETTER = re.compile(r"-[ACEFRS]$")
_SOURCE = re.compile(r"^source\s*:\s*(.+)$", re.IGNORECASE)
_TITLE = re.compile(r"^title\s*:", re.IGNORECASE)
_ENGLISH_ONLY = re.compile(r"\benglish\s+only\b", re.IGNORECASE)
_ORIGINAL = re.compile(r"\boriginal\s*:\s*([^\W\d_]+)", re.IGNORECASE)

# The name of each official language as the six language versions print it after
# "Original:", lowercased.
LANGUAGE_NAMES = {
    "ar": ("arabic", "arabe", "árabe", "арабский", "عربي", "العربية"),
    "zh": ("chinese", "chinois", "chino", "китайский", "中文"),
    "en": ("english", "anglais", "inglés", "ingles", "английский", "英文"),
    "fr": ("french", "français", "francais", "francés", "frances", "французский", "法文"),
    "ru": ("russian", "russe", "ruso", "русский", "俄文"),
    "es": ("spanish", "espagnol", "español", "espanol", "испанский", "西班牙文"),
}
_LANGUAGE_BY_NAME = {name: code for code, names in LANGUAGE_NAMES.items() for name in names}

# What may stand between the names of several sources: "Italy, France and Spain".
_SOURCE_JOINS = re.compile(r"(?:\band\b|\bthe\b|[,;&/.()\s])+", re.IGNORECASE)


@dataclass(frozen=True)
class Header:
    """What a file's first page prints; empty where it prints nothing readable."""

    number: str = ""
    date: datetime.date | None = None
    source: str = ""
    english_only: bool = False
    original_language: str = ""  # a language code

    @property
    def found(self) -> bool:
        """Whether the text starts with an ITU document's header at all."""
        return bool(self.number or self.source)


@dataclass(frozen=True)
class Record:
    """The particulars of a document's record that its files print."""

    number: str
    date: datetime.date | None
    sources: tuple[tuple[str, str], ...]  # (name, short name) of each source
    english_only: bool
    original_language: str


def first_page(text: str) -> str:
    """The part of a file's text that its first page holds: up to the title, if labelled."""
    lines = []
    for line in text[:FIRST_PAGE_CHARACTERS].splitlines():
        lines.append(line)
        if _TITLE.match(line.strip()):
            break
    return "\n".join(lines)


def read_date(text: str) -> datetime.date | None:
    """The date written in `text` ("30th September 2015", "30 September 2015",
    "2015-09-30"), or None."""
    for pattern, parts in _DATES:
        match = pattern.search(text)
        if match is None:
            continue
        values = dict(zip(parts, match.groups(), strict=True))
        month = values["month"]
        try:
            return datetime.date(
                int(values["year"]),
                MONTHS[month.lower()] if month.isalpha() else int(month),
                int(values["day"]),
            )
        except ValueError:  # "31 February"
            return None
    return None


def _is_date_line(line: str) -> bool:
    rest = _DATE_LABEL.sub("", line, count=1)
    return any(pattern.fullmatch(rest.strip(" .")) for pattern, _parts in _DATES)


def read_header(text: str) -> Header:
    """The particulars printed at the top of the first page of a file's `text`."""
    number = source = original = ""
    date = None
    english_only = False
    for raw_line in first_page(text).splitlines():
        line = " ".join(raw_line.split())
        if not number and (match := _NUMBER.search(line)):
            number = _LANGUAGE_LETTER.sub("", match.group(1).rstrip(".,;:"))
            after = line[match.end() :].strip()
            if date is None and after and _is_date_line(after):
                date = read_date(after)
        elif date is None and _is_date_line(line):
            date = read_date(line)
        if not source and (match := _SOURCE.match(line)):
            source = match.group(1).strip().rstrip(".")
        if _ENGLISH_ONLY.search(line):
            english_only = True
        if not original and (match := _ORIGINAL.search(line)):
            original = _LANGUAGE_BY_NAME.get(match.group(1).casefold(), "")
    return Header(
        number=number,
        date=date,
        source=source,
        english_only=english_only,
        original_language=original,
    )


def sources_agree(printed: str, sources: Iterable[tuple[str, str]]) -> bool:
    """Whether `printed` ("Italy, France and Spain") names exactly these sources, each by
    its name or its short name, in any order and case."""
    remaining = printed.casefold()
    for name, short_name in sources:
        for candidate in sorted({n.casefold() for n in (name, short_name) if n}, key=len)[::-1]:
            pattern = re.compile(rf"(?<!\w){re.escape(candidate)}(?!\w)")
            if pattern.search(remaining):
                remaining = pattern.sub(" ", remaining, count=1)
                break
        else:
            return False
    return not _SOURCE_JOINS.sub("", remaining)


def differences(header: Header, record: Record, *, file_language: str) -> list[dict]:
    """What the first page prints otherwise than the record says: a list of
    {field, file_says, record_says}, empty when they agree.

    A field is compared only when the file prints it and the record has it. The sources
    and the label "English only" are compared on the English file, which prints them in
    English.
    """
    found: list[dict] = []

    def differ(field: str, file_says, record_says) -> None:
        found.append({"field": field, "file_says": file_says, "record_says": record_says})

    if header.number and record.number and number_key(header.number) != number_key(record.number):
        differ("number", header.number, record.number)
    if header.date and record.date and header.date != record.date:
        differ("date", header.date.isoformat(), record.date.isoformat())
    english = file_language == Language.ENGLISH
    if (
        english
        and header.source
        and record.sources
        and not sources_agree(header.source, record.sources)
    ):
        differ("source", header.source, ", ".join(name for name, _short in record.sources))
    if english and header.found and header.english_only != record.english_only:
        differ("english_only", header.english_only, record.english_only)
    if (
        header.original_language
        and record.original_language
        and header.original_language != record.original_language
    ):
        differ("original_language", header.original_language, record.original_language)
    return found


def check(text: str, record: Record, *, file_language: str) -> list[dict]:
    """The differences between a file's text and its record."""
    return differences(read_header(text), record, file_language=file_language)


def _date(iso: str) -> str:
    return date_format(datetime.date.fromisoformat(iso), "DATE_FORMAT")


def _language(code: str) -> str:
    return str(Language(code).label) if code in Language.values else code


def _say(template: str, values: dict[str, str], isolate: bool) -> str:
    """The sentence with its values; with `isolate`, as HTML with each value (a record's
    name or date, often English within an Arabic sentence) in a <bdi> of its own."""
    if not isolate:
        return template % values
    isolated = {name: format_html("<bdi>{}</bdi>", value) for name, value in values.items()}
    return mark_safe(conditional_escape(template) % isolated)  # noqa: S308 -- escaped above


def sentence(difference: dict, *, isolate: bool = False) -> str:
    """One stored difference in words, in the active language."""
    field = difference.get("field")
    file_says, record_says = difference.get("file_says"), difference.get("record_says")
    if field == "english_only":
        if file_says:
            return _(
                "The file is labelled “English only”; the record is not issued in English only."
            )
        return _("The record is issued in English only; the file is not labelled “English only”.")
    if field == "date":
        values = {"file": _date(file_says), "record": _date(record_says)}
        return _say(_("The file is dated %(file)s; the record says %(record)s."), values, isolate)
    if field == "source":
        values = {"file": file_says, "record": record_says}
        template = _("The file names %(file)s as its source; the record says %(record)s.")
        return _say(template, values, isolate)
    if field == "original_language":
        values = {"file": _language(file_says), "record": _language(record_says)}
        template = _("The file says its original is %(file)s; the record says %(record)s.")
        return _say(template, values, isolate)
    values = {"file": file_says, "record": record_says}
    return _say(_("The file says %(file)s; the record says %(record)s."), values, isolate)


def sentences(differences_: Iterable[dict], *, isolate: bool = False) -> list[str]:
    """Every stored difference of a file, in words (as HTML with `isolate`)."""
    return [sentence(difference, isolate=isolate) for difference in differences_ or ()]
