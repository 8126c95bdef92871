"""Reads of meetings and their programme that pages share."""

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Paginator
from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Concat

from contributions.models import Document, DocumentFile, Source, SubjectTotal
from contributions.selectors import NUMBER_ORDER, SEARCH_VECTORS, titles_read_with
from contributions.visibility import documents_readable_by, files_readable_by
from cwgcop.kept import PUBLIC, kept_until_public_change, scope
from workinggroups.addresses import default_slug
from workinggroups.current import active_group, in_active_group

from .models import (
    AgendaItem,
    Meeting,
    Outcome,
    Presentation,
    ReportListItem,
    ReportParagraph,
)


def latest_meeting() -> Meeting | None:
    """The meeting with the highest number that is not cancelled."""
    return (
        in_active_group(Meeting.objects, "")
        .exclude(status=Meeting.Status.CANCELLED)
        .prefetch_related("officers")
        .order_by("-number")
        .first()
    )


def meetings_with_counts() -> QuerySet[Meeting]:
    """Every meeting with its published documents counted, those it shares included: its
    total in contributions.counts, one row each."""
    total = SubjectTotal.objects.filter(
        subject=Concat(Value("meeting:"), Cast(OuterRef("pk"), CharField()))
    ).values("count")
    return (
        in_active_group(Meeting.objects, "")
        .annotate(published_count=Coalesce(Subquery(total, output_field=IntegerField()), 0))
        .order_by("-number")
    )


def meeting_by_number(number: int) -> Meeting | None:
    """The active group's meeting of this number (the first group's on a shared page)."""
    group = active_group()
    meetings = (
        Meeting.objects.filter(group=group)
        if group
        else Meeting.objects.filter(group__slug=default_slug())
    )
    return meetings.filter(number=number).prefetch_related("officers").first()


@dataclass
class AgendaEntry:
    """One agenda item with how many published documents are filed under it and the
    presentations of the page shown that are."""

    item: AgendaItem | None
    document_count: int = 0
    presentations: list[Presentation] = field(default_factory=list)


# A meeting page shows its presentations this many at a time.
PRESENTATIONS_PAGE_SIZE = 50


def meeting_programme(meeting: Meeting, *, presentations_page: Any = 1) -> dict:
    """The agenda of a meeting page with its documents counted under each item, one page of
    presentations filed under their items, and the outcomes; a fixed number of queries.

    Documents and presentations without an agenda item are gathered under a last entry
    whose item is None; so are the documents the meeting shares with another meeting. A
    presentation of a document that is not published still shows, without its link.
    """
    counts = agenda_document_counts(meeting)
    presentations = Paginator(meeting_presentations(meeting), PRESENTATIONS_PAGE_SIZE).get_page(
        presentations_page
    )
    entries = {
        item.pk: AgendaEntry(item, document_count=counts.get(item.pk, 0))
        for item in AgendaItem.objects.filter(meeting=meeting).order_by("order")
    }
    unfiled = AgendaEntry(
        None, document_count=sum(count for item, count in counts.items() if item not in entries)
    )
    for presentation in presentations.object_list:
        entries.get(presentation.agenda_item_id, unfiled).presentations.append(presentation)
    agenda = list(entries.values())
    if unfiled.document_count or unfiled.presentations:
        agenda.append(unfiled)
    return {
        "agenda": agenda,
        "presentations_page": presentations,
        "outcomes": Outcome.objects.filter(meeting=meeting)
        .select_related("meeting", "due_meeting")
        .prefetch_related("responsible")
        .order_by("order"),
    }


def agenda_document_counts(meeting: Meeting) -> dict[int | None, int]:
    """The meeting's published documents counted by agenda item (None: no item, or shared
    from another meeting), kept until the public's view changes: two aggregate queries."""
    return kept_until_public_change(
        f"agenda_document_counts:{meeting.pk}",
        lambda: _agenda_document_counts(meeting),
        audience=PUBLIC,
        scopes=[scope("meeting", meeting.pk)],
    )


def _agenda_document_counts(meeting: Meeting) -> dict[int | None, int]:
    counts = dict(
        Document.objects.listed()
        .filter(meeting=meeting)
        .order_by()
        .values("agenda_item")
        .annotate(count=Count("pk"))
        .values_list("agenda_item", "count")
    )
    counts[None] = counts.get(None, 0) + (
        Document.objects.listed().filter(shared_meetings_of(meeting)).count()
    )
    return counts


def meeting_presentations(meeting: Meeting) -> QuerySet[Presentation]:
    """A meeting's presentations in their order, with what their pages show."""
    return (
        Presentation.objects.filter(meeting=meeting)
        .select_related("document", "agenda_item")
        .defer(*(f"document__{name}" for name in SEARCH_VECTORS))
        # As lists (Presentation.presenter_sources, Document.title_versions).
        .prefetch_related(
            Prefetch("presenters", to_attr="presenter_list"),
            titles_read_with("document__titles"),
        )
        .order_by("order", "pk")
    )


def shared_meetings_of(meeting: Meeting) -> Q:
    """Documents of another meeting that this meeting shares."""
    shared = Document.other_meetings.through.objects.filter(meeting=meeting)
    return Q(pk__in=shared.values("document_id")) & ~Q(meeting=meeting)


def meeting_report_records(meeting: Meeting) -> dict[str, Any]:
    """What the meeting report is built from, in report order: six queries in all.

    The chair is the officer the record names as having chaired, whatever their role;
    nobody when the record names no one.
    """
    # The meeting pages prefetch the officers; read from there when they did.
    chair = next((officer for officer in meeting.officers.all() if officer.chaired), None)
    paragraphs: dict[str, list[ReportParagraph]] = defaultdict(list)
    for paragraph in ReportParagraph.objects.filter(meeting=meeting).order_by("order", "pk"):
        paragraphs[paragraph.section].append(paragraph)
    presentations: dict[str, list[Presentation]] = defaultdict(list)
    for presentation in (
        Presentation.objects.filter(meeting=meeting).select_related("document").order_by("order")
    ):
        presentations[presentation.report_section].append(presentation)
    return {
        "chair": chair,
        "paragraphs": paragraphs,
        "list_items": list(
            ReportListItem.objects.filter(meeting=meeting)
            .select_related("document")
            .order_by("order")
        ),
        "presentations": presentations,
        "outcomes": list(Outcome.objects.filter(meeting=meeting).order_by("order")),
        "added_agenda_items": list(
            AgendaItem.objects.filter(meeting=meeting, added_at_meeting=True).order_by("order")
        ),
    }


def _with_action_relations(outcomes: QuerySet[Outcome]) -> QuerySet[Outcome]:
    """Outcomes with what public pages show of them. The document that fulfilled an action
    is there as `public_fulfilling_document` only while the public may read it: an action
    can name a document that is accepted but not published, or unpublished since."""
    return outcomes.select_related(
        "meeting", "due_meeting", "fulfilled_by_meeting"
    ).prefetch_related(
        "responsible",
        Prefetch(
            "fulfilled_by_document",
            queryset=Document.objects.public().only(
                "pk", "number", "meeting_id", "title", "status"
            ),
            to_attr="public_fulfilling_document",
        ),
    )


def open_actions() -> QuerySet[Outcome]:
    """Open actions of every meeting, the oldest meeting's first."""
    return _with_action_relations(Outcome.objects.open_actions()).order_by(
        "meeting__number", "order"
    )


def open_actions_by_responsible() -> list[tuple[Source | None, list[Outcome]]]:
    """Open actions grouped by who must act, by name; an action of two parties is under both.

    Actions that name no one come last, under None. A group's page lists its own only.
    """
    outcomes = in_active_group(open_actions())
    groups: dict[Source | None, list[Outcome]] = defaultdict(list)
    for outcome in outcomes:
        for source in outcome.responsible.all() or [None]:
            groups[source].append(outcome)
    named = sorted((source for source in groups if source is not None), key=lambda s: s.name)
    ordered = [(source, groups[source]) for source in named]
    if None in groups:
        ordered.append((None, groups[None]))
    return ordered


def actions_carried_forward(meeting: Meeting) -> QuerySet[Outcome]:
    """Open actions of earlier meetings due at or before this one, or with no due meeting."""
    return (
        _with_action_relations(in_active_group(Outcome.objects.open_actions()))
        .filter(meeting__number__lt=meeting.number)
        .filter(Q(due_meeting__isnull=True) | Q(due_meeting__number__lte=meeting.number))
        .order_by("meeting__number", "order")
    )


def actions_for_source(source: Source) -> QuerySet[Outcome]:
    """The actions a source was asked to take, at any meeting and in any status, latest first."""
    return (
        _with_action_relations(Outcome.objects.actions())
        .filter(responsible=source)
        .order_by("-meeting__number", "order")
    )


def published_files_of_meeting(meeting: Meeting, user: Any) -> QuerySet[DocumentFile]:
    """Every file of the meeting's published documents that this person may read
    (visibility.files_readable_by), in document-number order."""
    return (
        files_readable_by(user)
        .filter(document__in=Document.objects.listed().for_meeting(meeting).values("pk"))
        .select_related("document")
        .defer(
            "text",
            "document__summary",
            *(f"document__{name}" for name in SEARCH_VECTORS),
        )
        .order_by(*[f"document__{key}" for key in NUMBER_ORDER], "language")
    )


def with_document_readable(rows: QuerySet, user: Any, field: str = "document") -> QuerySet:
    """These records of a meeting, each saying whether this person may read the document
    its `field` names (visibility.documents_readable_by): `document_readable`, and that
    document's title and number as `readable_document_title` and `readable_document_number`
    (empty when they may not read it, or there is none), which a search may match."""
    readable = Exists(documents_readable_by(user, Document.objects.filter(pk=OuterRef(field))))
    return rows.annotate(
        document_readable=readable,
        readable_document_title=Case(When(readable, then=F(f"{field}__title")), default=Value("")),
        readable_document_number=Case(
            When(readable, then=F(f"{field}__number")), default=Value("")
        ),
    )
