"""The shapes of the API's answers, as the OpenAPI schema publishes them.

Codes, not labels: a kind is "contribution", a language "fr", a region "europe"; the
allowed values are read from the models' choices. Dates are ISO 8601 (`2025-01-01`), times
ISO 8601 with their offset, in UTC.
"""

import datetime
from collections.abc import Iterable
from typing import Literal

from ninja import Field, Schema

from contributions.models import Document, Language, Region, Source
from contributions.models.statuses import API_EVENTS
from meetings.models import Meeting, MeetingLink, Officer, Outcome, Presentation
from workinggroups.models import GroupOfficer, Participation


def enum_of(values: Iterable[str]) -> dict:
    """The schema of a string that is one of these codes."""
    return {"type": "string", "enum": list(values)}


def _codes(choices) -> object:
    """A string type that takes the values of these model choices, for the schema."""
    return Literal.__getitem__(tuple(choices.values))


DocumentKind = _codes(Document.Kind)
SourceKind = _codes(Source.Kind)
LanguageCode = _codes(Language)
RegionCode = _codes(Region)
PublicStatus = Literal.__getitem__(tuple(sorted(Document.Status.PUBLIC)))
RelationKind = Literal[
    "revises",
    "revised_by",
    "answers",
    "answered_by",
    "supersedes",
    "superseded_by",
    "addendum_to",
    "addendum",
    "corrigendum_to",
    "corrigendum",
    "cites",
    "cited_by",
]
# The status enum says which events there are (contributions/models/statuses.py).
PublicationEvent = Literal[API_EVENTS]


class Error(Schema):
    detail: str = Field(description="What was wrong, in words.")
    errors: list[str] | None = Field(
        None, description="Each value that was refused, with why, naming its parameter."
    )


# What any operation may answer besides its 200: a refused parameter, nothing there, too
# many requests, not modified since the ETag the client holds, or briefly unavailable.
OTHER_RESPONSES = {304: None, 400: Error, 404: Error, 429: Error, 503: Error}


class MeetingRef(Schema):
    number: int
    code: str = Field(description="The group's name and the number: CWG-COP-21.")


class SourceRef(Schema):
    slug: str
    name: str
    kind: SourceKind
    country: str | None = Field(description="ISO 3166 code, for a Member State and its units.")


class TopicRef(Schema):
    slug: str
    name: str


class AgendaItemRef(Schema):
    order: int
    title: str


class Title(Schema):
    language: LanguageCode
    title: str


class File(Schema):
    language: LanguageCode
    name: str = Field(
        description=(
            "The name it downloads under: the document's number and the file's language "
            "(CWG-COP-21-3-Rev-1-en.pdf), or the name it was uploaded with while the "
            "document has no number."
        )
    )
    size: int = Field(description="In bytes.")
    sha256: str
    content_type: str
    url: str = Field(description="Where to download it.")


class DocumentRef(Schema):
    id: int
    number: str | None
    title: str
    status: PublicStatus
    url: str = Field(description="The document's page.")
    api_url: str


class DocumentSummary(Schema):
    id: int
    number: str | None = Field(description="As printed on it; none for some archive documents.")
    title: str = Field(description="In the original language.")
    titles: list[Title] = Field(description="The titles of the other language versions.")
    kind: DocumentKind
    status: PublicStatus
    access: _codes(Document.Access) = Field(
        description="members: listed, but its files are for signed-in members only (not in "
        "this API)."
    )
    meeting: MeetingRef = Field(description="The meeting it is numbered for.")
    group: str = Field(description="The slug of its meeting's working group (cwg-cop).")
    agenda_item: AgendaItemRef | None
    sources: list[SourceRef]
    languages: list[LanguageCode] = Field(description="The languages it was issued in.")
    date: datetime.date | None = Field(description="The date printed on the document.")
    published_at: datetime.datetime | None
    from_archive: bool = Field(description="Entered from the archive: its publication is not news.")
    url: str = Field(description="The document's page.")
    api_url: str


class Relation(Schema):
    relation: RelationKind = Field(description="How the other document stands to this one.")
    document: DocumentRef


class Revision(DocumentRef):
    revision: int
    published_at: datetime.datetime | None


class Similar(Schema):
    number: str | None
    title: str
    url: str = Field(description="The document's page.")
    api_url: str
    shared_words: list[str] = Field(description="The words they share that tell most.")


class PublicationChange(Schema):
    event: PublicationEvent
    at: datetime.datetime


class Programme(Schema):
    meeting: MeetingRef
    order: int
    status: _codes(Presentation.Status)
    agenda_item: AgendaItemRef | None


class DocumentDetail(DocumentSummary):
    summary: str
    original_language: LanguageCode
    addressee: str = Field(description="For a liaison statement: whom it is addressed to.")
    purpose: _codes(Document.Purpose) | None
    other_meetings: list[MeetingRef]
    topics: list[TopicRef]
    files: list[File] = Field(description="Those anyone may download: none members-only.")
    relations: list[Relation]
    revisions: list[Revision] = Field(description="The other public revisions, earliest first.")
    history: list[PublicationChange] = Field(
        description="When it was published, unpublished or superseded."
    )
    presentations: list[Programme] = Field(description="Where it is on a meeting's programme.")
    similar: list[Similar] = Field(
        description="Up to five public documents with similar content, most alike first."
    )


class MeetingSummary(Schema):
    number: int = Field(description="Each working group numbers its own meetings.")
    code: str
    group: str = Field(description="The slug of its working group (cwg-cop).")
    start_date: datetime.date
    end_date: datetime.date
    venue: str
    format: _codes(Meeting.Format)
    status: _codes(Meeting.Status)
    contribution_deadline: datetime.datetime | None
    document_count: int = Field(description="Published documents, those it shares included.")
    url: str
    api_url: str


class OfficerOut(Schema):
    role: _codes(Officer.Role)
    honorific: str
    name: str
    affiliation: str


class AgendaItemOut(AgendaItemRef):
    added_at_meeting: bool


class AgendaEntry(Schema):
    item: AgendaItemOut | None = Field(description="None gathers what no item files.")
    document_count: int = Field(description="Published documents filed under it.")
    presentations: list[int] = Field(description="The order of its presentations.")


class PresentationOut(Schema):
    order: int
    title: str
    status: _codes(Presentation.Status)
    agenda_item: int | None = Field(description="The order of its agenda item.")
    document: DocumentRef | None = Field(description="Only once the document is public.")
    presenters: list[SourceRef]
    heading: str
    summary: str = Field(description="Empty until its document is public, as in the report.")


OutcomeStatus = _codes(Outcome.Status)


class OutcomeOut(Schema):
    order: int
    kind: _codes(Outcome.Kind)
    text: str
    responsible: list[SourceRef]
    due_meeting: MeetingRef | None
    due_date: datetime.date | None
    status: OutcomeStatus = Field(description="Empty when no action is asked.")


class MeetingLinkOut(Schema):
    session: str = Field(description='The session or day, as named ("Day 1, morning").')
    starts_at: datetime.datetime | None
    ends_at: datetime.datetime | None
    kind: _codes(MeetingLink.Kind)
    language: LanguageCode
    url: str


class MeetingDetail(MeetingSummary):
    mandate: str
    participants: int | None
    participants_approximate: bool
    officers: list[OfficerOut]
    agenda: list[AgendaEntry]
    documents_url: str = Field(description="Its published documents, paged, in this API.")
    documents_pdf_url: str = Field(
        description=(
            "Its published documents in one PDF, with a cover, contents and a bookmark for "
            "each (members signed in get the members-only files too). 202 with Retry-After "
            "while it is being prepared."
        )
    )
    presentations: list[PresentationOut]
    outcomes: list[OutcomeOut]
    links: list[MeetingLinkOut] = Field(
        description="Its webcasts, recordings and captions, by session; none members-only."
    )


class Action(OutcomeOut):
    meeting: MeetingRef = Field(description="The meeting that asked for it.")
    fulfilled_by_document: DocumentRef | None
    fulfilled_by_meeting: MeetingRef | None
    url: str


class SourceOut(Schema):
    slug: str
    name: str
    short_name: str
    kind: SourceKind
    country: str | None
    itu_region: RegionCode | None
    parent: str | None = Field(description="The slug of the source it is part of.")
    document_count: int
    url: str


class Country(Schema):
    code: str = Field(description="ISO 3166 alpha-2.")
    name: str
    itu_region: RegionCode | None
    document_count: int = Field(description="Its ministries' and agencies' documents included.")
    url: str
    documents_url: str = Field(description="Its documents in this API.")


class TopicOut(Schema):
    slug: str
    name: str
    # Its name in the other languages it is named in, by language code ("fr").
    names: dict[str, str]
    description: str
    document_count: int
    url: str
    documents_url: str


class GroupPeriodOut(Schema):
    acronym: str = Field(description="The group's short name over the period.")
    prefix: str = Field(description="The name in the numbers of its documents then (WG-CP).")
    start: datetime.date
    end: datetime.date | None = Field(description="None: to this day.")


class ParticipationOut(Schema):
    open_to: _codes(Participation.OpenTo) = Field(
        description="members: Member States and Sector Members only; all: all stakeholders."
    )
    start: datetime.date
    end: datetime.date | None = Field(description="None: to this day.")


class GroupOfficerOut(Schema):
    role: _codes(GroupOfficer.Role)
    name: str
    affiliation: str
    start: datetime.date
    end: datetime.date | None = Field(description="None: to this day.")


class GroupOut(Schema):
    slug: str = Field(
        description="Its part of addresses: the `group` filter of documents and meetings."
    )
    acronym: str
    name: str
    # Its short and full names in each language it is named in, by language code ("fr"),
    # English always.
    acronyms: dict[str, str]
    names: dict[str, str]
    periods: list[GroupPeriodOut] = Field(description="Its names over time, earliest first.")
    participation: list[ParticipationOut] = Field(
        description="Who may take part, over time, earliest first."
    )
    officers: list[GroupOfficerOut] = Field(description="Its chairs and vice-chairs, latest first.")
    url: str = Field(description="Its home page.")
    meetings_url: str = Field(description="Its meetings in this API.")
    documents_url: str = Field(description="Its documents in this API.")
