"""The demo data: the 21st meeting as its report records it, and an open 22nd meeting.

The facts live in the TOML files of demo_data/; this module only reads them and writes
rows, so that a second run finds everything in place and changes nothing.
"""

import datetime
import functools
import io
import tomllib
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from contributions import rules
from contributions.files import inspect_upload
from contributions.models import (
    Document,
    DocumentEvent,
    DocumentFile,
    DocumentSource,
    Language,
    Source,
    Topic,
)
from contributions.models.sources import TOPIC_NAME_LANGUAGES
from contributions.regions import itu_region_for
from contributions.search import refresh_search_index
from contributions.services import extract_file_text, is_late, record_past_actions
from cwgcop.change_log import recording
from cwgcop.two_factor import give_demo_authenticator

from .demo_report import publish_demo_report
from .models import (
    AgendaItem,
    Meeting,
    MeetingLink,
    Officer,
    Outcome,
    Presentation,
    ReportListItem,
    ReportParagraph,
)
from .outline import ReportSection

DATA_DIR = Path(__file__).resolve().parent / "demo_data"
MEETING_FILES = ["meeting-21.toml", "meeting-22.toml"]
# The report's fixed sentences as a meeting's record states them; empty for the usual ones.
MEETING_RECORD_TEXTS = [
    "purpose",
    "action_required",
    "participants_represented",
    "who_could_attend",
]


@dataclass
class LoadReport:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    password: str = ""
    accounts: list[tuple[str, str]] = field(default_factory=list)

    def count(self, model: type[models.Model], *, created: bool, changed: bool) -> None:
        name = model._meta.verbose_name_plural
        if created:
            self.created[name] = self.created.get(name, 0) + 1
        elif changed:
            self.updated[name] = self.updated.get(name, 0) + 1

    @property
    def changed_anything(self) -> bool:
        return bool(self.created or self.updated)


def read_data(name: str) -> dict[str, Any]:
    with (DATA_DIR / name).open("rb") as data_file:
        return tomllib.load(data_file)


def _same(current: Any, wanted: Any) -> bool:
    if hasattr(current, "code") and isinstance(wanted, str):  # django-countries' Country
        return (current.code or "") == wanted
    return current == wanted


def _upsert(
    model: type[models.Model], report: LoadReport, lookup: dict[str, Any], values: dict[str, Any]
) -> models.Model:
    """Create the row, or bring an existing one to the given values; save only on a difference."""
    instance = model.objects.filter(**lookup).first()
    if instance is None:
        instance = model.objects.create(**lookup, **values)
        report.count(model, created=True, changed=True)
        return instance
    changed = [name for name, value in values.items() if not _same(getattr(instance, name), value)]
    if changed:
        for name in changed:
            setattr(instance, name, values[name])
        instance.save(update_fields=[model._meta.get_field(name).name for name in changed])
    report.count(model, created=False, changed=bool(changed))
    return instance


def _set_m2m(manager, wanted: list[models.Model], report: LoadReport, model) -> None:
    if {item.pk for item in manager.all()} != {item.pk for item in wanted}:
        manager.set(wanted)
        report.count(model, created=False, changed=True)


def _latin1(text: str) -> str:
    """The PDF core fonts cover Latin-1 only; demo files carry the nearest plain letters."""
    replacements = {
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2026": "...",
    }
    for character, plain in replacements.items():
        text = text.replace(character, plain)
    decomposed = unicodedata.normalize("NFKD", text)
    return (
        "".join(c for c in decomposed if not unicodedata.combining(c))
        .encode("latin-1", "replace")
        .decode("latin-1")
    )


# Demo files carry a fixed date, so that the same text always gives the same bytes (and
# the same SHA-256); being pure, they are made once per process however often the demo
# loads (the test suite loads it for many tests).
DEMO_FILE_DATE = datetime.datetime(2024, 9, 23, 8, 0, tzinfo=datetime.UTC)


@functools.cache
def _pdf_bytes(number: str, title: str, sources: str, language: str, body: str) -> bytes:
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_creation_date(DEMO_FILE_DATE)
    pdf.set_title(_latin1(title))
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 11)
    pdf.cell(0, 8, _latin1(number or "Draft"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "B", 15)
    pdf.multi_cell(0, 8, _latin1(title), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font("Helvetica", "", 10)
    pdf.multi_cell(0, 6, _latin1(f"Source: {sources}"), new_x="LMARGIN", new_y="NEXT")
    pdf.multi_cell(0, 6, f"Language: {Language(language).label}", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font("Helvetica", "", 11)
    pdf.multi_cell(0, 6, _latin1(body))
    return bytes(pdf.output())


@functools.cache
def _docx_bytes(number: str, title: str, sources: str, language: str, body: str) -> bytes:
    import docx

    word = docx.Document()
    word.core_properties.title = title
    word.core_properties.created = DEMO_FILE_DATE
    word.core_properties.modified = DEMO_FILE_DATE
    word.add_paragraph(number or "Draft")
    word.add_heading(title, level=1)
    word.add_paragraph(f"Source: {sources}")
    word.add_paragraph(f"Language: {Language(language).label}")
    word.add_paragraph(body)
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()


FILE_MAKERS = {"pdf": _pdf_bytes, "docx": _docx_bytes}


def _load_file(document: Document, spec: str, report: LoadReport) -> None:
    language, extension = spec.split(".")
    if document.files.filter(language=language).exists():
        return
    sources = ", ".join(link.source.name for link in document.document_sources.all())
    content = FILE_MAKERS[extension](
        document.number, document.title, sources, language, document.summary or document.title
    )
    slug = (document.number or f"draft-{document.pk}").replace("/", "-")
    name = f"{slug}-{language}.{extension}"
    inspected = inspect_upload(io.BytesIO(content), name=name)
    DocumentFile.objects.create(
        document=document,
        language=language,
        file=ContentFile(content, name=name),
        original_name=inspected.original_name,
        size=inspected.size,
        sha256=inspected.sha256,
        content_type=inspected.content_type,
    )
    report.count(DocumentFile, created=True, changed=True)


def _load_sources(report: LoadReport) -> dict[str, Source]:
    sources: dict[str, Source] = {}
    for row in read_data("sources.toml")["sources"]:
        country = row.get("country", "")
        sources[row["key"]] = _upsert(
            Source,
            report,
            {"slug": row["key"]},
            {
                "kind": row["kind"],
                "name": row["name"],
                "short_name": row.get("short_name", ""),
                "country": country,
                "itu_region": row.get("region")
                or (itu_region_for(country) if country else "")
                or "",
                "parent": sources[row["parent"]] if row.get("parent") else None,
            },
        )
    return sources


def _load_topics(report: LoadReport) -> dict[str, Topic]:
    return {
        row["slug"]: _upsert(
            Topic,
            report,
            {"slug": row["slug"]},
            {
                "name": row["name"],
                "description": row["description"],
                **{f"name_{code}": row.get(f"name_{code}", "") for code in TOPIC_NAME_LANGUAGES},
            },
        )
        for row in read_data("topics.toml")["topics"]
    }


ROLE_GROUPS = {
    "secretariat": rules.SECRETARIAT_GROUP,
    "chair": rules.CHAIR_GROUP,
    "delegate": rules.DELEGATE_GROUP,
}


def _load_accounts(report: LoadReport, sources: dict[str, Source]) -> dict[str, Any]:
    user_model = get_user_model()
    data = read_data("accounts.toml")
    report.password = data["password"]
    # Hashed once: the accounts share the password, and each hash takes half a second.
    hashed = None
    users = {}
    for row in data["accounts"]:
        user = user_model.objects.filter(username=row["username"]).first()
        if user is None:
            user = user_model(username=row["username"])
            hashed = hashed or make_password(data["password"])
            user.password = hashed
            report.count(user_model, created=True, changed=True)
        user.first_name = row["first_name"]
        user.last_name = row["last_name"]
        user.email = row["email"]
        user.is_staff = True
        user.is_superuser = False
        user.save()
        _set_m2m(user.groups, [Group.objects.get(name=ROLE_GROUPS[row["role"]])], report, Group)
        for key in row.get("sources", []):
            sources[key].delegates.add(user)
        users[row["username"]] = user
        report.accounts.append((row["username"], row["role"]))
        if row["role"] in {"secretariat", "chair"} and give_demo_authenticator(user=user):
            report.count(TOTPDevice, created=True, changed=True)
    return users


def _load_meeting(
    name: str, report: LoadReport, sources: dict[str, Source], topics: dict[str, Topic]
) -> Meeting:
    data = read_data(name)
    facts = data["meeting"]
    meeting = _upsert(
        Meeting,
        report,
        {"number": facts["number"]},
        {
            "start_date": facts["start_date"],
            "end_date": facts["end_date"],
            "venue": facts.get("venue", ""),
            "format": facts["format"],
            "status": facts["status"],
            "participants": facts.get("participants"),
            "participants_approximate": facts.get("participants_approximate", False),
            "contribution_deadline": facts.get("contribution_deadline"),
            "document_prefix": facts["document_prefix"],
            "mandate": facts.get("mandate", ""),
            **{key: facts.get(key, "") for key in MEETING_RECORD_TEXTS},
        },
    )
    _load_officers(data, meeting, report)
    agenda = {
        row["order"]: _upsert(
            AgendaItem,
            report,
            {"meeting": meeting, "order": row["order"]},
            {"title": row["title"], "added_at_meeting": row.get("added_at_meeting", False)},
        )
        for row in data.get("agenda", [])
    }
    # A presented document is summarised by its report paragraph; the paragraph of one
    # that was not presented says only that, which is no summary of the document.
    summaries = {
        row["document"]: row["summary"]
        for row in data.get("presentations", [])
        if "document" in row and row["status"] == Presentation.Status.PRESENTED
    }
    documents = {}
    for row in data.get("documents", []):
        document = _load_document(row, meeting, agenda, sources, topics, summaries, report)
        documents[row["key"]] = document
    _load_report_list(data.get("documents", []), meeting, documents, report)
    _load_presentations(data, meeting, agenda, documents, sources, report)
    _load_outcomes(data, meeting, sources, report)
    _load_report_paragraphs(data, meeting, report)
    for row in data.get("links", []):  # webcasts, recordings and captions, by their order
        values = {"starts_at": None, "ends_at": None, "access": "public", **row}
        _upsert(MeetingLink, report, {"meeting": meeting, "order": values.pop("order")}, values)
    return meeting


def _load_officers(data: dict[str, Any], meeting: Meeting, report: LoadReport) -> None:
    for order, row in enumerate(data.get("officers", []), start=1):
        _upsert(
            Officer,
            report,
            {"meeting": meeting, "order": order},
            {
                "role": row["role"],
                "honorific": row.get("honorific", ""),
                "name": row["name"],
                "affiliation": row.get("affiliation", ""),
                "chaired": row.get("chaired", False),
            },
        )


def _load_presentations(data, meeting, agenda, documents, sources, report) -> None:
    for row in data.get("presentations", []):
        presentation = _upsert(
            Presentation,
            report,
            {"meeting": meeting, "order": row["order"]},
            {
                "agenda_item": agenda.get(row.get("agenda")),
                "document": documents[row["document"]] if "document" in row else None,
                "title": row.get("title", ""),
                "status": row["status"],
                "report_section": row.get("section", ReportSection.PRESENTATIONS),
                "heading": row.get("heading", ""),
                "summary": row["summary"],
            },
        )
        _set_m2m(
            presentation.presenters,
            [sources[key] for key in row["presenters"]],
            report,
            Presentation,
        )


def _load_outcomes(data, meeting, sources, report) -> None:
    for row in data.get("outcomes", []):
        due = row.get("due_meeting")
        outcome = _upsert(
            Outcome,
            report,
            {"meeting": meeting, "order": row["order"]},
            {
                "kind": row["kind"],
                "text": row["text"],
                # The next meeting may not exist yet when this one loads; it is linked below.
                "due_meeting": Meeting.objects.filter(number=due).first() if due else None,
                "status": row.get("status", ""),
            },
        )
        _set_m2m(
            outcome.responsible,
            [sources[key] for key in row.get("responsible", [])],
            report,
            Outcome,
        )


def _load_report_paragraphs(data, meeting, report) -> None:
    sections = {}
    for row in data.get("report", []):
        sections[row["section"]] = sections.get(row["section"], 0) + 1
        _upsert(
            ReportParagraph,
            report,
            {"meeting": meeting, "section": row["section"], "order": sections[row["section"]]},
            {"text": row["text"]},
        )


def _load_report_list(
    rows: list[dict[str, Any]],
    meeting: Meeting,
    documents: dict[str, Document],
    report: LoadReport,
) -> None:
    """The lines of paragraph 4.1: the documents that have one, in the order of the file."""
    listed = [row for row in rows if row.get("report_line")]
    for order, row in enumerate(listed, start=1):
        _upsert(
            ReportListItem,
            report,
            {"meeting": meeting, "order": order},
            {
                "group": row.get("report_group", ""),
                "text": row["report_line"],
                "document": documents[row["key"]],
            },
        )


def _geneva_date(moment: datetime.datetime | None) -> datetime.date | None:
    if moment is None:
        return None
    return timezone.localdate(moment, ZoneInfo(settings.MEETING_TIME_ZONE))


def _load_document(row, meeting, agenda, sources, topics, summaries, report) -> Document:
    lookup = (
        {"meeting": meeting, "number": row["number"]}
        if row.get("number")
        else {
            "meeting": meeting,
            "title": row["title"],
        }
    )
    values = {
        "kind": row["kind"],
        "sequence": row.get("sequence"),
        "title": row["title"],
        "agenda_item": agenda.get(row.get("agenda")),
        "summary": row.get("summary") or summaries.get(row["key"], ""),
        "original_language": row.get("original_language", "en"),
        "status": row["status"],
        "submitted_at": row.get("submitted_at"),
        "published_at": row.get("published_at"),
        # Dated as publication dates a document that carries no date of its own.
        "document_date": row.get("date") or _geneva_date(row.get("published_at")),
        "accepted_at": row.get("published_at"),
        "is_late": bool(
            row.get("submitted_at") and is_late(meeting=meeting, at=row["submitted_at"])
        ),
    }
    lookup_keys = set(lookup)
    document = _upsert(
        Document, report, lookup, {k: v for k, v in values.items() if k not in lookup_keys}
    )
    for order, key in enumerate(row["sources"]):
        _upsert(
            DocumentSource, report, {"document": document, "source": sources[key]}, {"order": order}
        )
    DocumentSource.objects.filter(document=document).exclude(
        source__in=[sources[key] for key in row["sources"]]
    ).delete()
    _set_m2m(document.topics, [topics[slug] for slug in row.get("topics", [])], report, Document)
    for spec in row.get("files", []):
        _load_file(document, spec, report)
    return document


def _link_due_meetings(report: LoadReport) -> None:
    for name in MEETING_FILES:
        data = read_data(name)
        for row in data.get("outcomes", []):
            if row.get("due_meeting"):
                outcome = Outcome.objects.get(
                    meeting__number=data["meeting"]["number"], order=row["order"]
                )
                due = Meeting.objects.get(number=row["due_meeting"])
                if outcome.due_meeting_id != due.pk:
                    outcome.due_meeting = due
                    outcome.save(update_fields=["due_meeting"])
                    report.count(Outcome, created=False, changed=True)


def load_demo() -> LoadReport:
    """Write the demo meetings, sources, topics, documents, files and accounts; idempotent.

    What it writes is in the history as one change made by the demo loader."""
    with recording(via="load_demo"), transaction.atomic():
        return _load_demo()


def _load_demo() -> LoadReport:
    report = LoadReport()
    sources = _load_sources(report)
    topics = _load_topics(report)
    users = _load_accounts(report, sources)
    for name in MEETING_FILES:
        _load_meeting(name, report, sources, topics)
    _link_due_meetings(report)
    _stamp_submitters(users)
    _record_history(users, report)
    for name in MEETING_FILES:
        publish_demo_report(read_data(name), secretariat=users["secretariat"], report=report)
    _extract_texts(report)
    refresh_search_index(document_ids=Document.objects.values_list("pk", flat=True))
    return report


def _stamp_submitters(users: dict[str, Any]) -> None:
    """Documents in the workflow were submitted by their source's demo delegate."""
    for document in Document.objects.filter(submitted_at__isnull=False, submitted_by__isnull=True):
        delegate = next(
            (user for user in users.values() if document.sources.filter(delegates=user).exists()),
            None,
        )
        if delegate is not None:
            document.submitted_by = delegate
            document.save(update_fields=["submitted_by"])


# A return is recorded a day after the submission it answers.
RETURN_DELAY = datetime.timedelta(days=1)


def _record_history(users: dict[str, Any], report: LoadReport) -> None:
    """The workflow history of every demo document, as it went through the workflow
    (submitted, returned; accepted and published for those of the held meeting): written
    by the workflow's own helper, which checks each step against its table."""
    for name in MEETING_FILES:
        data = read_data(name)
        for row in data.get("documents", []):
            document = Document.objects.get(
                meeting__number=data["meeting"]["number"], title=row["title"]
            )
            if document.events.exists():
                continue
            delegate = document.submitted_by or next(
                (
                    user
                    for user in users.values()
                    if document.sources.filter(delegates=user).exists()
                ),
                # No demo account represents the source: the secretariat entered it for them.
                users["secretariat"],
            )
            events = record_past_actions(
                document=document,
                created=(row.get("submitted_at") or document.created_at, delegate),
                steps=_past_steps(row, delegate=delegate, secretariat=users["secretariat"]),
            )
            for _event in events:
                report.count(DocumentEvent, created=True, changed=True)


def _past_steps(row: dict[str, Any], *, delegate: Any, secretariat: Any) -> list[tuple]:
    """The actions that brought a demo document to its status: submitted, then returned, or
    accepted and published by the secretariat when it was published."""
    steps = []
    if row.get("submitted_at"):
        steps.append(("submit", row["submitted_at"], delegate, ""))
    if row["status"] == Document.Status.RETURNED:
        steps.append(("return", row["submitted_at"] + RETURN_DELAY, secretariat, row["reason"]))
    if row["status"] == Document.Status.PUBLISHED:
        # Numbered and published together, as the demo records them (accepted_at).
        steps.append(("accept", row["published_at"], secretariat, ""))
        steps.append(("publish", row["published_at"], secretariat, ""))
    return steps


def _extract_texts(report: LoadReport) -> None:
    """Extract the demo files' text, as the background task does for an upload."""
    for document_file in DocumentFile.objects.filter(
        extraction_status=DocumentFile.Extraction.PENDING
    ):
        extract_file_text(document_file=document_file)
        report.count(DocumentFile, created=False, changed=True)
