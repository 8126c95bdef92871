"""The archive file: TOML, read with the standard library, each entry checked field by field.

TOML because the demo data is already TOML, because the secretariat can read and write it
in any text editor (no quoting rules for commas, no indentation to get right, unlike CSV
and YAML), and because dates are a type of their own (`date = 2012-03-14`), so a date is
never mistaken for text. tomllib gives no positions, so the line of each entry and field
is found by reading the text beside it: the `[[document]]` headers in order and the
`field =` lines under each.
"""

from __future__ import annotations

import datetime
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django_countries import countries

from meetings.models import Meeting

from ..models import Document, DocumentRelation, Language, Region, Source

TABLES = ("meeting", "source", "document")
# The one key above the tables: the slug of the working group whose meetings and documents
# the file holds (`group = "cwg-cop"`); without it, the first group's.
GROUP_KEY = "group"

RELATION_KEYS = {
    "cites": DocumentRelation.Kind.CITES,
    "answers": DocumentRelation.Kind.ANSWERS,
    "revises": DocumentRelation.Kind.REVISES,
    "supersedes": DocumentRelation.Kind.SUPERSEDES,
    "addendum_to": DocumentRelation.Kind.ADDENDUM,
    "corrigendum_to": DocumentRelation.Kind.CORRIGENDUM,
}


class ArchiveError(Exception):
    """The archive file cannot be read at all (not TOML, not found)."""


@dataclass
class Problem:
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"line {self.line}" if self.line else "file"
        return (
            f"{where}, {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        )


@dataclass
class Entry:
    """One `[[meeting]]`, `[[source]]` or `[[document]]` of the file, with its lines."""

    table: str
    index: int
    values: dict[str, Any]
    line: int
    field_lines: dict[str, int] = field(default_factory=dict)

    def line_of(self, name: str) -> int:
        return self.field_lines.get(name, self.line)

    @property
    def label(self) -> str:
        values = self.values
        if self.table == "meeting":
            return f"meeting {values.get('number')}"
        if self.table == "source":
            return f"source {values.get('slug')}"
        return f"document {values.get('number') or values.get('ref') or values.get('title')}"


@dataclass
class Archive:
    path: Path
    meetings: list[Entry]
    sources: list[Entry]
    documents: list[Entry]
    problems: list[Problem]
    # The slug of the working group whose meetings the file holds, and the line naming it
    # (0 when the file names none: the first group's).
    group: str = ""
    group_line: int = 0


_HEADER = re.compile(r"^\s*\[\[\s*([A-Za-z_]+)\s*\]\]")
_TABLE = re.compile(r"^\s*\[\s*[^\[]")
_KEY = re.compile(r"^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=")


def _locate(text: str) -> dict[str, list[tuple[int, dict[str, int]]]]:
    """For each table, the line of each entry's header and of each field under it; the
    keys above the first table under "" (the file's group)."""
    top: dict[str, int] = {}
    located: dict[str, list[tuple[int, dict[str, int]]]] = {"": [(0, top)]}
    current: dict[str, int] | None = top
    for number, line in enumerate(text.splitlines(), start=1):
        header = _HEADER.match(line)
        if header:
            current = {}
            located.setdefault(header.group(1), []).append((number, current))
            continue
        if _TABLE.match(line):
            current = None
            continue
        key = _KEY.match(line)
        if key and current is not None and key.group(1) not in current:
            current[key.group(1)] = number
    return located


def read_archive(path: str | Path) -> Archive:
    """Parse the archive file and check each entry; the problems are listed, not raised."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ArchiveError(f"{path}: cannot be read ({error}).") from error
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ArchiveError(f"{path}: not valid TOML: {error}.") from error
    located = _locate(text)
    problems: list[Problem] = []
    group_line = located[""][0][1].get(GROUP_KEY, 0)
    group = data.get(GROUP_KEY, settings.DEFAULT_WORKING_GROUP["slug"])
    if not isinstance(group, str) or not group.strip():
        problems.append(
            Problem(group_line, GROUP_KEY, "write the slug of a working group in quotes.")
        )
        group = ""
    for name in data:
        if name not in TABLES and name != GROUP_KEY:
            problems.append(
                Problem(0, name, "unknown table; use [[meeting]], [[source]] and [[document]].")
            )
    entries: dict[str, list[Entry]] = {}
    for table in TABLES:
        rows = data.get(table, [])
        if not isinstance(rows, list):
            problems.append(Problem(0, table, f"write each entry as [[{table}]]."))
            rows = []
        positions = located.get(table, [])
        entries[table] = [
            Entry(
                table,
                index,
                row,
                positions[index][0] if index < len(positions) else 0,
                positions[index][1] if index < len(positions) else {},
            )
            for index, row in enumerate(rows)
        ]
    archive = Archive(
        path=path,
        meetings=entries["meeting"],
        sources=entries["source"],
        documents=entries["document"],
        problems=problems,
        group=group.strip(),
        group_line=group_line,
    )
    _check(archive)
    return archive


# ---- Checking each entry's fields


@dataclass(frozen=True)
class Field:
    kind: type | tuple[type, ...]
    required: bool = False
    choices: tuple[str, ...] = ()


def _choices(enum) -> tuple[str, ...]:
    return tuple(enum.values)


MEETING_FIELDS = {
    "number": Field(int, required=True),
    "prefix": Field(str, required=True),
    "start": Field(datetime.date, required=True),
    "end": Field(datetime.date),
    "venue": Field(str),
    "format": Field(str, choices=_choices(Meeting.Format)),
    "status": Field(str, choices=_choices(Meeting.Status)),
    "participants": Field(int),
    "participants_approximate": Field(bool),
    "who_attended": Field(str),
    "who_could_attend": Field(str),
    "mandate": Field(str),
    "purpose": Field(str),
    "action_required": Field(str),
    "officers": Field(list),
    "agenda": Field(list),
}
SOURCE_FIELDS = {
    "slug": Field(str, required=True),
    "name": Field(str, required=True),
    "kind": Field(str, required=True, choices=_choices(Source.Kind)),
    "short_name": Field(str),
    "country": Field(str),
    "region": Field(str, choices=_choices(Region)),
    "parent": Field(str),
}
DOCUMENT_FIELDS = {
    "ref": Field(str),
    "number": Field(str),
    "meeting": Field(int, required=True),
    "other_meetings": Field(list),
    "kind": Field(str, required=True, choices=_choices(Document.Kind)),
    "title": Field(str, required=True),
    "date": Field(datetime.date),
    "sources": Field(list, required=True),
    "original_language": Field(str, choices=_choices(Language)),
    "languages": Field(list),
    "summary": Field(str),
    "addressed_to": Field(str),
    "purpose": Field(str, choices=_choices(Document.Purpose)),
    "numbered_by": Field(str),
    "draft_mark": Field(bool),
    "english_only_label": Field(bool),
    "files": Field(dict),
    **{key: Field(list) for key in RELATION_KEYS},
}
FIELDS = {"meeting": MEETING_FIELDS, "source": SOURCE_FIELDS, "document": DOCUMENT_FIELDS}

_TYPE_NAMES = {
    int: "a whole number",
    bool: "true or false",
    str: "text in quotes",
    datetime.date: "a date like 2012-03-14",
    list: 'a list like ["a", "b"]',
    dict: 'a table like { en = "files/a.pdf" }',
}


def _check_fields(entry: Entry, problems: list[Problem]) -> None:
    spec = FIELDS[entry.table]
    for name, value in entry.values.items():
        if name not in spec:
            known = ", ".join(spec)
            problems.append(
                Problem(entry.line_of(name), name, f"unknown field; the fields are {known}.")
            )
            continue
        expected = spec[name]
        valid_type = isinstance(value, expected.kind) and not (
            expected.kind is int and isinstance(value, bool)
        )
        if expected.kind is bool and not isinstance(value, bool):
            valid_type = False
        if expected.kind is datetime.date and isinstance(value, datetime.datetime):
            valid_type = False
        if not valid_type:
            problems.append(
                Problem(entry.line_of(name), name, f"write {_TYPE_NAMES[expected.kind]}.")
            )
            continue
        if expected.choices and value not in expected.choices:
            problems.append(
                Problem(
                    entry.line_of(name),
                    name,
                    f"“{value}” is not one of {', '.join(expected.choices)}.",
                )
            )
    for name, expected in spec.items():
        if expected.required and name not in entry.values:
            problems.append(Problem(entry.line, name, "missing; this field is required."))
        elif (
            expected.required
            and isinstance(entry.values.get(name), str)
            and not entry.values[name].strip()
        ):
            problems.append(Problem(entry.line_of(name), name, "empty."))


def _check(archive: Archive) -> None:
    problems = archive.problems
    for entries in (archive.meetings, archive.sources, archive.documents):
        for entry in entries:
            _check_fields(entry, problems)
    _check_unique(archive.meetings, "number", problems)
    _check_unique(archive.sources, "slug", problems)
    _check_unique(archive.documents, "ref", problems)
    for entry in archive.meetings:
        start, end = entry.values.get("start"), entry.values.get("end")
        if isinstance(start, datetime.date) and isinstance(end, datetime.date) and end < start:
            problems.append(Problem(entry.line_of("end"), "end", "before the start."))
    for entry in archive.sources:
        country = entry.values.get("country")
        if isinstance(country, str) and country and country.upper() not in countries:
            problems.append(
                Problem(entry.line_of("country"), "country", f"“{country}” is not an ISO code.")
            )
    numbers: dict[tuple[Any, str], Entry] = {}
    for entry in archive.documents:
        values = entry.values
        key = (values.get("meeting"), values.get("number") or "")
        if key[1]:
            if key in numbers:
                problems.append(
                    Problem(
                        entry.line_of("number"),
                        "number",
                        f"also given to the document on line {numbers[key].line}.",
                    )
                )
            numbers[key] = entry
        for name in ("languages",):
            for code in values.get(name) or []:
                if code not in Language.values:
                    problems.append(
                        Problem(
                            entry.line_of(name),
                            name,
                            f"“{code}” is not one of {', '.join(Language.values)}.",
                        )
                    )
        files = values.get("files")
        if isinstance(files, dict):
            for language, relative in files.items():
                if language not in Language.values:
                    problems.append(
                        Problem(
                            entry.line_of("files"),
                            "files",
                            f"“{language}” is not one of {', '.join(Language.values)}.",
                        )
                    )
                if not isinstance(relative, str):
                    problems.append(
                        Problem(entry.line_of("files"), "files", "write each path in quotes.")
                    )
        if values.get("numbered_by") and not values.get("number"):
            problems.append(
                Problem(
                    entry.line_of("numbered_by"),
                    "numbered_by",
                    "give the number printed in that series.",
                )
            )
        if (values.get("addressed_to") or values.get("purpose")) and values.get(
            "kind"
        ) != Document.Kind.LIAISON:
            name = "addressed_to" if values.get("addressed_to") else "purpose"
            problems.append(
                Problem(
                    entry.line_of(name),
                    name,
                    'only a liaison statement (kind = "liaison") is addressed to someone.',
                )
            )


def _check_unique(entries: list[Entry], name: str, problems: list[Problem]) -> None:
    seen: dict[Any, Entry] = {}
    for entry in entries:
        value = entry.values.get(name)
        if value is None:
            continue
        if value in seen:
            problems.append(
                Problem(
                    entry.line_of(name),
                    name,
                    f"“{value}” is also on line {seen[value].line_of(name)}.",
                )
            )
        else:
            seen[value] = entry
