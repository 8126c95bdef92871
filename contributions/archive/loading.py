"""Comparing an archive file with the database, and writing what differs.

`plan_archive` reads nothing but the database and the files: it resolves every reference
(meetings, sources, parents, relations), checks the files as an upload is checked, and
lists what would be created or changed. Only a plan without problems is applied, in one
transaction, so that a wrong file writes nothing. Applying it twice changes nothing the
second time: meetings are found by their group (the file's) and number, sources by slug,
documents by meeting and number (by meeting, kind and title when they have none), files by
language. Sources are shared by every group; meetings and documents are the file's group's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cwgcop.change_log import record_created, recording
from meetings.models import Meeting
from workinggroups.models import WorkingGroup, default_group

from .. import records, services
from ..files import FileRejected, inspect_upload
from ..models import Document, DocumentRelation, DocumentSource, Source
from ..regions import itu_region_for
from ..search import refresh_search_index
from .meeting_record import apply_record, check_meeting_record, record_differs, record_fields
from .reading import RELATION_KEYS, Archive, Entry, Problem

IMPORTED_REASON = "Imported from the archive ({name})."


@dataclass
class Change:
    """One entry that would be created or changed, with the fields that differ."""

    entry: Entry
    action: str  # "create" or "update"
    fields: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        if self.action == "create":
            return f"line {self.entry.line}: create {self.entry.label}"
        return f"line {self.entry.line}: update {self.entry.label}: {', '.join(self.fields)}"


@dataclass
class ArchivePlan:
    archive: Archive
    problems: list[Problem]
    changes: list[Change]
    unchanged: int
    # The working group whose meetings the file holds; None when it names none there is.
    group: WorkingGroup | None = None
    # Resolved along the way, for applying.
    meetings: dict[int, Meeting] = field(default_factory=dict)
    sources: dict[str, Source] = field(default_factory=dict)
    documents: dict[int, Document | None] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems


def _differs(instance: Any, wanted: dict[str, Any]) -> list[str]:
    return [name for name, value in wanted.items() if getattr(instance, name) != value]


# ---- Meetings and sources


def _meeting_fields(values: dict[str, Any]) -> dict[str, Any]:
    wanted = {
        "document_prefix": values["prefix"],
        "start_date": values["start"],
        "end_date": values.get("end") or values["start"],
        "status": values.get("status", Meeting.Status.HELD),
    }
    for source_name, name in (("venue", "venue"), ("format", "format")):
        if source_name in values:
            wanted[name] = values[source_name]
    if "participants" in values:
        wanted["participants"] = values["participants"]
    wanted.update(record_fields(values))
    return wanted


def _source_fields(values: dict[str, Any], parent: Source | None) -> dict[str, Any]:
    country = (values.get("country") or "").upper()
    if not country and values["kind"] == Source.Kind.STATE_UNIT and parent is not None:
        country = str(parent.country)
    region = values.get("region") or (itu_region_for(country) if country else None) or ""
    return {
        "kind": values["kind"],
        "name": values["name"],
        "short_name": values.get("short_name", ""),
        "country": country,
        "itu_region": region,
    }


def _plan_sources(plan: ArchivePlan) -> None:
    file_sources = {entry.values["slug"]: entry for entry in plan.archive.sources}
    existing = {source.slug: source for source in Source.objects.filter(slug__in=file_sources)}
    # Unsaved stand-ins for the sources still to be created, so that rules about the
    # parent can be checked before anything is written.
    for slug, entry in file_sources.items():
        plan.sources[slug] = existing.get(slug) or Source(
            slug=slug, kind=entry.values["kind"], name=entry.values["name"]
        )
    for slug, entry in file_sources.items():
        parent_slug = entry.values.get("parent")
        parent = None
        if parent_slug:
            parent = (
                plan.sources.get(parent_slug) or Source.objects.filter(slug=parent_slug).first()
            )
            if parent is None:
                plan.problems.append(
                    Problem(entry.line_of("parent"), "parent", f"no source “{parent_slug}”.")
                )
                continue
        if parent is not None and parent.kind == Source.Kind.MEMBER_STATE and not parent.country:
            parent_entry = file_sources.get(parent_slug)
            if parent_entry is not None:
                parent.country = (parent_entry.values.get("country") or "").upper()
        wanted = _source_fields(entry.values, parent)
        for name, message in records.source_problems(
            kind=wanted["kind"], country=wanted["country"], parent=parent
        ).items():
            plan.problems.append(
                Problem(entry.line_of("country" if name == "country" else name), name, message)
            )
        if wanted["kind"] == Source.Kind.MEMBER_STATE:
            taken = (
                Source.objects.member_states()
                .filter(country=wanted["country"])
                .exclude(slug=slug)
                .first()
            )
            if taken is not None:
                plan.problems.append(
                    Problem(
                        entry.line_of("country"),
                        "country",
                        f"{taken.name} (“{taken.slug}”) is already the Member State of "
                        f'{wanted["country"]}; a ministry or agency is kind = "state_unit".',
                    )
                )
        source = plan.sources[slug]
        wanted["parent_id"] = parent.pk if parent is not None and parent.pk else None
        entry.values["_wanted"] = wanted
        entry.values["_parent"] = parent_slug or None
        if source.pk is None:
            plan.changes.append(Change(entry, "create"))
        else:
            changed = _differs(source, {k: v for k, v in wanted.items() if k != "parent_id"})
            if (source.parent.slug if source.parent_id else None) != (parent_slug or None):
                changed.append("parent")
            if changed:
                plan.changes.append(Change(entry, "update", changed))
            else:
                plan.unchanged += 1


def _group_meetings(plan: ArchivePlan):
    return Meeting.objects.filter(group=plan.group)


def archive_group(archive: Archive) -> WorkingGroup | None:
    """The working group the file names (`group = "<slug>"`), the first group's when it
    names none; None when no group has that slug."""
    if archive.group == settings.DEFAULT_WORKING_GROUP["slug"]:
        return default_group()
    return WorkingGroup.objects.filter(slug=archive.group).first() if archive.group else None


def _plan_meetings(plan: ArchivePlan) -> None:
    numbers = [entry.values["number"] for entry in plan.archive.meetings]
    existing = {
        meeting.number: meeting for meeting in _group_meetings(plan).filter(number__in=numbers)
    }
    for entry in plan.archive.meetings:
        number = entry.values["number"]
        wanted = _meeting_fields(entry.values)
        entry.values["_wanted"] = wanted
        meeting = existing.get(number)
        if meeting is None:
            # A format the file does not give is not recorded, rather than the usual one.
            wanted.setdefault("format", Meeting.Format.UNKNOWN)
            plan.meetings[number] = Meeting(group=plan.group, number=number, **wanted)
            plan.changes.append(Change(entry, "create"))
            continue
        plan.meetings[number] = meeting
        changed = _differs(meeting, wanted) + record_differs(meeting, entry.values)
        if changed:
            plan.changes.append(Change(entry, "update", changed))
        else:
            plan.unchanged += 1


# ---- Documents


def _meeting(plan: ArchivePlan, number: Any) -> Meeting | None:
    if number in plan.meetings:
        return plan.meetings[number]
    meeting = _group_meetings(plan).filter(number=number).first()
    if meeting is not None:
        plan.meetings[number] = meeting
    return meeting


def _source(plan: ArchivePlan, slug: Any) -> Source | None:
    if slug in plan.sources:
        return plan.sources[slug]
    source = Source.objects.filter(slug=slug).first() if isinstance(slug, str) else None
    if source is not None:
        plan.sources[slug] = source
    return source


def _existing_document(meeting: Meeting, values: dict[str, Any]) -> Document | None:
    if meeting.pk is None:
        return None
    documents = Document.objects.filter(meeting=meeting)
    if values.get("number"):
        return documents.filter(number=values["number"]).first()
    return documents.filter(number="", kind=values["kind"], title=values["title"]).first()


def _document_fields(values: dict[str, Any]) -> dict[str, Any]:
    return {
        "number": values.get("number", ""),
        "kind": values["kind"],
        "title": values["title"].strip(),
        "document_date": values.get("date"),
        "original_language": values.get("original_language", "en"),
        "languages": records.languages_value(values.get("languages") or []),
        "summary": values.get("summary", ""),
        "addressee": values.get("addressed_to", ""),
        "purpose": values.get("purpose", ""),
        "numbered_by": values.get("numbered_by", "").strip(),
        "draft_mark": values.get("draft_mark", False),
        "english_only_label": values.get("english_only_label", True),
    }


def _check_files(plan: ArchivePlan, entry: Entry, document: Document | None) -> dict[str, Path]:
    """The files to add (by language), each checked as an upload in the admin is."""
    base = plan.archive.path.parent.resolve()
    present = set(document.files.values_list("language", flat=True)) if document else set()
    wanted: dict[str, Path] = {}
    for language, relative in (entry.values.get("files") or {}).items():
        if not isinstance(relative, str) or language in present:
            continue
        path = (base / relative).resolve()
        if not path.is_relative_to(base):
            plan.problems.append(
                Problem(
                    entry.line_of("files"),
                    f"files.{language}",
                    f"“{relative}” is outside the archive file's folder.",
                )
            )
            continue
        if not path.is_file():
            plan.problems.append(
                Problem(entry.line_of("files"), f"files.{language}", f"no file “{relative}”.")
            )
            continue
        try:
            with path.open("rb") as upload:
                inspect_upload(upload, name=path.name)
        except FileRejected as error:
            plan.problems.append(
                Problem(entry.line_of("files"), f"files.{language}", " ".join(error.messages))
            )
            continue
        wanted[language] = path
    return wanted


def _plan_documents(plan: ArchivePlan) -> None:
    for entry in plan.archive.documents:
        values = entry.values
        meeting = _meeting(plan, values["meeting"])
        if meeting is None:
            # Reported, and the rest of the entry is still checked.
            plan.problems.append(
                Problem(entry.line_of("meeting"), "meeting", f"no meeting {values['meeting']}.")
            )
        others = []
        for number in values.get("other_meetings") or []:
            other = _meeting(plan, number)
            if other is None:
                plan.problems.append(
                    Problem(
                        entry.line_of("other_meetings"), "other_meetings", f"no meeting {number}."
                    )
                )
            elif number != values["meeting"]:
                others.append(number)
        slugs = []
        for slug in values["sources"]:
            if _source(plan, slug) is None:
                plan.problems.append(
                    Problem(entry.line_of("sources"), "sources", f"no source “{slug}”.")
                )
            slugs.append(slug)
        if not slugs:
            plan.problems.append(
                Problem(entry.line_of("sources"), "sources", "name at least one source.")
            )
        document = _existing_document(meeting, values) if meeting is not None else None
        wanted = _document_fields(values)
        values["_wanted"] = wanted
        values["_others"] = others
        values["_sources"] = slugs
        values["_files"] = _check_files(plan, entry, document)
        plan.documents[entry.index] = document
        if document is None:
            plan.changes.append(Change(entry, "create"))
            continue
        changed = _differs(document, wanted)
        current_sources = list(
            document.document_sources.order_by("order", "pk").values_list("source__slug", flat=True)
        )
        if current_sources != slugs:
            changed.append("sources")
        current_others = set(
            document.other_meetings.filter(group=plan.group).values_list("number", flat=True)
        )
        if current_others != set(others):
            changed.append("other_meetings")
        changed += [f"files.{language}" for language in values["_files"]]
        if changed:
            plan.changes.append(Change(entry, "update", changed))
        else:
            plan.unchanged += 1
    _plan_relations(plan)


def _plan_relations(plan: ArchivePlan) -> None:
    by_ref = {e.values["ref"]: e for e in plan.archive.documents if e.values.get("ref")}
    by_number: dict[str, list[Entry]] = {}
    for entry in plan.archive.documents:
        if entry.values.get("number"):
            by_number.setdefault(entry.values["number"], []).append(entry)
    for entry in plan.archive.documents:
        if "_wanted" not in entry.values:
            continue
        targets = []
        for key, kind in RELATION_KEYS.items():
            for name in entry.values.get(key) or []:
                target: Entry | Document | None = by_ref.get(name)
                if target is None and len(by_number.get(name, [])) == 1:
                    target = by_number[name][0]
                if target is None:
                    found = list(Document.objects.filter(number=name)[:2])
                    if len(found) > 1:
                        plan.problems.append(
                            Problem(
                                entry.line_of(key),
                                key,
                                f"“{name}” is the number of several documents; give the "
                                "target a ref and use it.",
                            )
                        )
                        continue
                    target = found[0] if found else None
                if target is None or target is entry:
                    plan.problems.append(
                        Problem(entry.line_of(key), key, f"no document “{name}” to relate to.")
                    )
                    continue
                targets.append((kind, target))
        entry.values["_relations"] = targets
        document = plan.documents.get(entry.index)
        if document is None:
            continue
        missing = [
            (kind, target)
            for kind, target in targets
            if not isinstance(target, Document)
            or not DocumentRelation.objects.filter(
                document=document, target=target, kind=kind
            ).exists()
        ]
        # A target still to be created is a new relation; one already there may be recorded.
        missing = [
            (kind, target)
            for kind, target in missing
            if isinstance(target, Document)
            or plan.documents.get(target.index) is None
            or not DocumentRelation.objects.filter(
                document=document, target=plan.documents[target.index], kind=kind
            ).exists()
        ]
        if missing:
            change = next((c for c in plan.changes if c.entry is entry), None)
            if change is None:
                plan.unchanged -= 1
                change = Change(entry, "update")
                plan.changes.append(change)
            change.fields.append("relations")


def plan_archive(archive: Archive) -> ArchivePlan:
    """What loading this archive would change, and every problem that prevents it."""
    plan = ArchivePlan(archive=archive, problems=list(archive.problems), changes=[], unchanged=0)
    plan.group = archive_group(archive)
    if plan.group is None and archive.group:
        known = ", ".join(WorkingGroup.objects.values_list("slug", flat=True))
        plan.problems.append(
            Problem(
                archive.group_line,
                "group",
                f"no working group “{archive.group}”; the groups are {known}.",
            )
        )
    for entry in archive.meetings:
        check_meeting_record(entry, plan.problems)
    if plan.problems:
        plan.problems.sort(key=lambda problem: (problem.line, problem.field))
        return plan
    _plan_meetings(plan)
    _plan_sources(plan)
    _plan_documents(plan)
    plan.problems.sort(key=lambda problem: (problem.line, problem.field))
    return plan


# ---- Writing


def apply_plan(plan: ArchivePlan, *, by: Any) -> list[Change]:
    """Write every change of a plan without problems; one transaction for all of it.

    Every row written is in the history as one change by `by`, through the import."""
    if not plan.ok:
        raise ValidationError("The archive has problems; nothing was written.")
    with recording(via="import_archive", by=by), transaction.atomic():
        return _apply_plan(plan, by=by)


def _apply_plan(plan: ArchivePlan, *, by: Any) -> list[Change]:
    changed = {id(change.entry) for change in plan.changes}
    for entry in plan.archive.meetings:
        if id(entry) in changed:
            number = entry.values["number"]
            meeting, _created = Meeting.objects.update_or_create(
                group=plan.group, number=number, defaults=entry.values["_wanted"]
            )
            plan.meetings[number] = meeting
            apply_record(meeting, entry.values)
    _apply_sources(plan, changed)
    now = timezone.now()
    written: dict[int, Document] = {}
    for entry in plan.archive.documents:
        written[entry.index] = _apply_document(plan, entry, changed, by=by, now=now)
    for entry in plan.archive.documents:
        document = written[entry.index]
        for kind, target in entry.values["_relations"]:
            target_document = target if isinstance(target, Document) else written[target.index]
            DocumentRelation.objects.get_or_create(
                document=document, target=target_document, kind=kind
            )
    refresh_search_index(document_ids=[document.pk for document in written.values()])
    return plan.changes


def _apply_sources(plan: ArchivePlan, changed: set[int]) -> None:
    pending = [entry for entry in plan.archive.sources if id(entry) in changed]
    # Parents first: a ministry's Member State may be in the same file.
    while pending:
        later = []
        for entry in pending:
            parent_slug = entry.values["_parent"]
            parent = None
            if parent_slug:
                parent = Source.objects.filter(slug=parent_slug).first()
                if parent is None:
                    later.append(entry)
                    continue
            wanted = {**entry.values["_wanted"], "parent_id": parent.pk if parent else None}
            source, _created = Source.objects.update_or_create(
                slug=entry.values["slug"], defaults=wanted
            )
            source.full_clean()
            plan.sources[entry.values["slug"]] = source
        if len(later) == len(pending):
            raise ValidationError("A source's parent is never created.")
        pending = later


def _apply_document(
    plan: ArchivePlan, entry: Entry, changed: set[int], *, by: Any, now
) -> Document:
    values = entry.values
    document = plan.documents.get(entry.index)
    if id(entry) not in changed:
        return document
    meeting = _group_meetings(plan).get(number=values["meeting"])
    sources = [Source.objects.get(slug=slug) for slug in values["_sources"]]
    wanted = values["_wanted"]
    created = document is None
    if created:
        # Made as a draft so that its files go through the same service as an upload in
        # the admin, then entered as published from the archive.
        document = Document(
            meeting=meeting, status=Document.Status.DRAFT, created_by=by, from_archive=True
        )
    for name, value in wanted.items():
        setattr(document, name, value)
    document.validate_constraints()
    document.save()
    current = list(
        document.document_sources.order_by("order", "pk").values_list("source_id", flat=True)
    )
    if current != [source.pk for source in sources]:
        document.document_sources.all().delete()
        # bulk_create sends no signal: recorded in the history explicitly (the public pages
        # are told by the queryset, cwgcop.public_rows).
        links = DocumentSource.objects.bulk_create(
            DocumentSource(document=document, source=source, order=order)
            for order, source in enumerate(sources)
        )
        record_created(links)
    # Its other meetings are the file's group's; those of other groups are kept.
    others = list(document.other_meetings.exclude(group=plan.group))
    document.other_meetings.set(
        [*others, *_group_meetings(plan).filter(number__in=values["_others"])]
    )
    for language, path in values["_files"].items():
        with path.open("rb") as upload:
            services.add_file(document=document, language=language, upload=upload, by=by)
    if created:
        services.enter_from_archive(
            document=document,
            by=by,
            reason=IMPORTED_REASON.format(name=plan.archive.path.name),
            at=now,
        )
    return document
