"""Reads of documents and sources that pages share; each owns its joins.

Every list of documents runs a fixed number of queries whatever its length: the meeting
comes with the row, the sources and titles in one prefetch each (or, for a page read by its
keys, in the row itself: `packed_relations`), and the languages of the files as a computed
column, so that no listing loads the files' extracted text.
"""

import functools
import json
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import (
    Aggregate,
    CharField,
    Count,
    DateField,
    Exists,
    F,
    Func,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    TextField,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import translation
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from cwgcop.kept import LISTS, PUBLIC, kept_until_public_change
from meetings.models import Meeting
from workinggroups.current import active_group, in_active_group

from . import counts, rules, visibility
from .models import (
    COUNTRY_KINDS,
    DESK_GROUPS,
    Document,
    DocumentEvent,
    DocumentFile,
    DocumentSource,
    DocumentTitle,
    Language,
    Region,
    Source,
    Topic,
)
from .models.statuses import desk_statuses

# Natural order of document numbers: by meeting, then series (the kinds sort in the order
# the secretariat lists them: contributions, information documents, liaison statements,
# presentations), then sequence and revision. `number` breaks ties for old numbers that
# have no sequence; `pk` makes pagination stable.
NUMBER_ORDER = ("meeting__number", "kind", "sequence", "revision", "number", "pk")
# The same for one meeting's documents (its page), all but the few it shares numbered for
# it. Sorted by the column, PostgreSQL walks the number index of every meeting of the
# group and keeps the rows of this one (77,000 read for 1,300 at 200,000 documents:
# 9.6 ms); sorted by an expression of it, the meeting's rows are read and sorted (2 ms).
ONE_MEETING_NUMBER_ORDER = (F("meeting__number") + 0, *NUMBER_ORDER[1:])


class _Unindexed(Func):
    """A date as it is, which PostgreSQL cannot read in the order of an index on it."""

    template = "%(expressions)s"
    output_field = DateField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, template="(%(expressions)s + 0)", **extra_context)


# Newest by the date on the document (an archive document entered today is not new), then
# by publication here.
NEWEST_ORDER = (
    F("document_date").desc(nulls_last=True),
    F("published_at").desc(nulls_last=True),
    "-meeting__number",
    "kind",
    "sequence",
    "revision",
    "pk",
)
TITLE_ORDER = ("title", "number", "pk")
# The same for a few meetings' documents (a meeting's page, a list filtered by meeting).
# Sorted by the column, PostgreSQL walks the date index of the whole archive until it has
# found a page of these meetings' documents, all of it for the first meeting (560 ms at
# 200,000 documents); sorted by an expression of it, it reads the meetings' rows and sorts
# them (3 ms).
MEETINGS_NEWEST_ORDER = (_Unindexed("document_date").desc(nulls_last=True), *NEWEST_ORDER[1:])


class _LanguageList(Aggregate):
    """The languages of a document's files joined by spaces: GROUP_CONCAT or STRING_AGG."""

    function = "GROUP_CONCAT"
    template = "%(function)s(%(expressions)s, ' ')"
    output_field = CharField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, function="STRING_AGG", **extra_context)


@functools.cache
def _language_codes() -> Subquery:
    """The languages a document has files in, as "en fr", computed in the row itself.

    One correlated subquery on the (document, language) index; the template orders the
    codes. PostgreSQL evaluates it only for the rows of the page (after the sort and the
    limit); SQLite for every row it sorts, which is why it is one subquery and not six.
    """
    files = (
        DocumentFile.objects.filter(document=OuterRef("pk"))
        .order_by()
        .values("document")
        .annotate(codes=_LanguageList("language"))
        .values("codes")
    )
    return Subquery(files, output_field=CharField())


_LANGUAGE_LABELS = dict(Language.choices)
_LANGUAGE_ORDER = {code: position for position, code in enumerate(Language.values)}


def file_languages(codes: str | None) -> list[tuple[str, str]]:
    """The `language_codes` of a listed document as (code, name) pairs in the ITU's order."""
    ordered = sorted(set((codes or "").split()), key=lambda code: _LANGUAGE_ORDER.get(code, 99))
    return [(code, _LANGUAGE_LABELS.get(code, code)) for code in ordered]


# What search reads and no page shows: each document's vectors, kilobytes apiece (the
# members' one includes the text of members-only files).
SEARCH_VECTORS = ("search_vector", "members_search_vector")


def with_listing_relations(documents: QuerySet[Document]) -> QuerySet[Document]:
    """What a row of a document table shows: meeting, sources in order, titles in other
    languages, file languages."""
    return (
        documents.select_related("meeting", "agenda_item")
        .defer(*SEARCH_VECTORS)
        .prefetch_related(
            # Into lists (Document.sources_in_order, title_versions): a manager's queryset
            # made for each row of a page cost more than reading the rows.
            Prefetch(
                "document_sources",
                queryset=DocumentSource.objects.select_related("source"),
                to_attr="source_links",
            ),
            titles_read_with(),
        )
        .annotate(language_codes=_language_codes())
    )


def titles_read_with(path: str = "titles") -> Prefetch:
    """The titles in other languages of the documents at `path`, prefetched as the list
    that `Document.title_versions` reads: a plain prefetch would build a related manager's
    queryset for each document, which for a meeting's 200 documents cost more than the
    query."""
    return Prefetch(path, to_attr="listed_titles")


# What no row of an HTML list shows, of a document and of its meeting: left unread, the
# fifty rows of a page take a sixth less time (20,000 documents: 8.0 ms to 6.8).
_UNLISTED_COLUMNS = (
    "summary",
    "addressee",
    "created_at",
    "updated_at",
    "submitted_at",
    "accepted_at",
    "numbered_by",
    "created_by_id",
    "submitted_by_id",
    "members_only_requested",
)
_UNLISTED_MEETING_COLUMNS = (
    "venue",
    "mandate",
    "action_required",
    "participants_represented",
    "purpose",
    "who_could_attend",
    "contribution_deadline",
    "calendar_modified_at",
)


def listed_columns(documents: QuerySet[Document]) -> QuerySet[Document]:
    """These documents (`with_listing_relations`) with only what a row of an HTML list shows:
    no agenda item, summary or dates of the workflow."""
    return (
        documents.select_related(None)
        .select_related("meeting")
        .defer(*_UNLISTED_COLUMNS, *(f"meeting__{name}" for name in _UNLISTED_MEETING_COLUMNS))
    )


class _JsonRow(Func):
    """Values as one JSON array: json_array or json_build_array."""

    function = "JSON_ARRAY"
    output_field = TextField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, function="JSON_BUILD_ARRAY", **extra_context)


class _JsonRows(Aggregate):
    """Rows (`_JsonRow`) as one JSON array, as text: json_group_array or json_agg."""

    function = "JSON_GROUP_ARRAY"
    output_field = TextField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler,
            connection,
            function="JSON_AGG",
            template="%(function)s(%(expressions)s)::text",
            **extra_context,
        )


def packed_rows(rows: QuerySet, columns: list[str]) -> Coalesce:
    """A document's rows of `rows` (a related model's), each as a JSON array of `columns`,
    all in one JSON text computed in the document's row; "[]" when it has none."""
    packed = (
        rows.filter(document=OuterRef("pk"))
        .order_by()
        .values("document")
        .annotate(rows=_JsonRows(_JsonRow(*columns)))
        .values("rows")
    )
    return Coalesce(Subquery(packed), Value("[]"), output_field=TextField())


def packed_relations(documents: QuerySet[Document]) -> QuerySet[Document]:
    """These documents (`with_listing_relations`) with their sources and titles read in their
    own rows (Document.sources_in_order, title_versions) rather than by two more queries: for
    a page read by its keys (contributions.paging), not for a list that the database sorts
    (SQLite computes such a column for every row it sorts)."""
    return documents.prefetch_related(None).annotate(**_packed_columns())


def packed_page_relations(documents: QuerySet[Document]) -> QuerySet[Document]:
    """`packed_relations` and the topics (`with_packed_topics`): for one document's page."""
    return packed_relations(documents).annotate(packed_topics=_packed_topics())


def with_packed_topics(document: Document) -> Document:
    """The document's topics, read in its row (`packed_page_relations`), as if prefetched:
    `document.topics.all()` asks the database nothing. By name, as the model orders them."""
    rows = sorted(json.loads(document.packed_topics), key=lambda row: row[_TOPIC_NAME])
    topics = [Topic.from_db(document._state.db, None, row) for row in rows]
    prefetched = document.topics.all()
    prefetched._result_cache, prefetched._prefetch_done = topics, True
    document.__dict__.setdefault("_prefetched_objects_cache", {})["topics"] = prefetched
    return document


@functools.cache
def _packed_columns() -> dict[str, Coalesce]:
    # Made once: a queryset copies an expression it is given before it resolves it.
    source_columns = [f"source__{field.name}" for field in Source._meta.concrete_fields]
    title_columns = [field.attname for field in DocumentTitle._meta.concrete_fields]
    return {
        "packed_sources": packed_rows(DocumentSource.objects, ["order", "pk", *source_columns]),
        "packed_titles": packed_rows(DocumentTitle.objects, title_columns),
    }


_TOPIC_COLUMNS = [field.attname for field in Topic._meta.concrete_fields]
_TOPIC_NAME = _TOPIC_COLUMNS.index("name")


@functools.cache
def _packed_topics() -> Coalesce:
    return packed_rows(
        Document.topics.through.objects, [f"topic__{name}" for name in _TOPIC_COLUMNS]
    )


def published_documents() -> QuerySet[Document]:
    """Every published document of the active group (of every group on a shared page),
    ready to list, newest first."""
    listed = in_active_group(Document.objects.listed())
    return with_listing_relations(listed).order_by(*NEWEST_ORDER)


def member_source_kind_labels() -> list[str]:
    """The kinds of source whose delegates count as members, in words, for the pages that
    say who may read members-only files."""
    labels = dict(Source.Kind.choices)
    return [labels[kind] for kind in settings.MEMBER_SOURCE_KINDS if kind in labels]


def documents_of_sources(**lookup) -> QuerySet[DocumentSource]:
    """The keys of the documents of the sources this lookup finds (`country="IT"`), for
    `pk__in`. The sources are read first: given their keys, the database knows how many
    documents each has, and walks a list newest first until its page is full rather than
    reading and sorting all of a large country's documents (45 ms for Italy at 200,000
    documents, 11 ms so)."""
    sources = list(Source.objects.filter(**lookup).order_by().values_list("pk", flat=True))
    return DocumentSource.objects.filter(source_id__in=sources).values("document_id")


def documents_for_country(country_code: str) -> QuerySet[Document]:
    """Published documents of which a Member State with this country, or a ministry or
    agency inside it, is one of the sources."""
    found = documents_of_sources(kind__in=COUNTRY_KINDS, country=country_code.upper())
    return published_documents().filter(pk__in=found)


def documents_for_source(source: Source) -> QuerySet[Document]:
    links = DocumentSource.objects.filter(source=source)
    return published_documents().filter(pk__in=links.values("document_id"))


def documents_for_topic(topic: Topic) -> QuerySet[Document]:
    links = Document.topics.through.objects.filter(topic=topic)
    return published_documents().filter(pk__in=links.values("document_id"))


def member_state_by_country(country_code: str) -> Source | None:
    return Source.objects.member_states().filter(country=country_code.upper()).first()


def member_states_with_published_documents() -> list[Source]:
    """Member States that sent at least one published document, by name, each with its
    `published_count`; the documents of their ministries and agencies count for them.

    Two queries: the countries' counts (contributions.counts), then their Member States.
    """
    by_country = counts.totals("country:")
    states = list(Source.objects.member_states().filter(country__in=by_country).order_by("name"))
    for state in states:
        state.published_count = by_country[state.country]
    return states


@dataclass(frozen=True)
class RegionGroup:
    code: str
    label: str
    states: list[Source]

    @property
    def document_count(self) -> int:
        return sum(state.published_count for state in self.states)


def member_states_by_region() -> list[RegionGroup]:
    """Kept until the public's view changes: see `_member_states_by_region`."""
    return kept_until_public_change(
        "member_states_by_region", _member_states_by_region, audience=PUBLIC, scopes=[LISTS]
    )


def _member_states_by_region() -> list[RegionGroup]:
    """The Member States with published documents, grouped by ITU region in the usual order.

    A Member State without a region (which the data should not hold) is listed last.
    """
    states = list(member_states_with_published_documents())
    labels = dict(Region.choices) | {"": _("Region not recorded")}
    groups = []
    for code in [*Region.values, ""]:
        in_region = [state for state in states if state.itu_region == code]
        if in_region:
            groups.append(RegionGroup(code=code, label=labels[code], states=in_region))
    return groups


def topics_with_counts() -> list[Topic]:
    """Every topic by its name in the page's language, with its `published_count`
    (contributions.counts)."""
    by_topic = counts.totals("topic:", group=active_group())
    topics = sorted(Topic.objects.all(), key=lambda topic: topic.name_in(get_language())[0])
    for topic in topics:
        topic.published_count = by_topic.get(str(topic.pk), 0)
    return topics


def source_document_counts() -> dict[int, int]:
    """Each source's number of published documents, by the source's id (a source without
    any is left out), from contributions.counts."""
    return {int(pk): total for pk, total in counts.totals("source:").items()}


@dataclass(frozen=True)
class FilterOptions:
    """The choices of the documents list's filters, read in four queries in all."""

    meetings: list[tuple[str, str]]
    years: list[tuple[str, str]]
    countries: list[tuple[str, str]]
    topics: list[tuple[str, str]]


def document_filter_options() -> FilterOptions:
    """Kept until the public's view changes: see `_document_filter_options`."""
    return kept_until_public_change(
        "document_filter_options", _document_filter_options, audience=PUBLIC, scopes=[LISTS]
    )


def _document_filter_options() -> FilterOptions:
    group = active_group()
    meetings = list(
        in_active_group(Meeting.objects, "")
        .order_by("-number")
        .values_list("number", "document_prefix", "start_date")
    )
    totals = counts.totals_of(("year:", "country:"), group=group)
    # The years of the dates on the published documents, from their counts.
    years = sorted((int(year) for year in totals["year:"]), reverse=True)
    # A Member State is offered when its country has a published document.
    countries_with_documents = totals["country:"]
    states = [
        (code, name)
        for code, name in Source.objects.member_states()
        .order_by("name")
        .values_list("country", "name")
        if code in countries_with_documents
    ]
    return FilterOptions(
        meetings=[(str(number), f"{prefix}-{number}") for number, prefix, _start in meetings],
        years=[(str(year), str(year)) for year in years],
        countries=[(code, name) for code, name in states],
        # Named in the page's language (kept per language), by that name.
        topics=sorted(
            ((topic.slug, topic.name_in(get_language())[0]) for topic in Topic.objects.all()),
            key=lambda choice: choice[1],
        ),
    )


def all_country_choices() -> list[tuple[str, str]]:
    """Every country's code and name in the active language, by name."""
    return list(_country_choices(get_language()))


@functools.cache
def _country_choices(language: str | None) -> tuple[tuple[str, str], ...]:
    # Translated and sorted once per language and process, as plain tuples: a form copies
    # its choices deeply for each request, and the library's named tuples copy slowly.
    with translation.override(language):
        return tuple((str(code), str(name)) for code, name in countries)


def documents_visible_to(user: Any) -> QuerySet[Document]:
    """The documents someone may work with in the admin, whatever their status.

    A superuser sees all of them; the secretariat and the chair those of the groups they
    hold the role in (visibility.working_groups_of); a delegate those of the sources they
    represent, in every group; anyone else none.
    """
    if not visibility.is_signed_in(user):
        return Document.objects.none()
    if user.is_superuser:
        return Document.objects.all()
    condition = Q(pk__in=DocumentSource.objects.filter(source__delegates=user).values("document"))
    groups = visibility.working_groups_of(user, "secretariat") | visibility.working_groups_of(
        user, "chair"
    )
    if groups:
        condition |= Q(meeting__group__in=sorted(groups))
    return Document.objects.filter(condition)


def sources_represented_by(user: Any, target: Any = None) -> QuerySet[Source]:
    """The sources someone may draft documents for (a document or meeting of): any for
    the secretariat of its group (of any group, without one)."""
    if rules.is_secretariat.test(user, target):
        return Source.objects.all()
    if not getattr(user, "is_authenticated", False):
        return Source.objects.none()
    return Source.objects.filter(delegates=user)


def meetings_open_for_contributions() -> QuerySet[Meeting]:
    """Meetings that take contributions now, the nearest deadline first."""
    return Meeting.objects.filter(status=Meeting.Status.OPEN).order_by(
        F("contribution_deadline").asc(nulls_last=True), "number"
    )


@dataclass(frozen=True)
class DeskGroup:
    name: str
    heading: str
    documents: list[Document]


def delegate_desk(user: Any) -> list[DeskGroup]:
    """A delegate's documents by what to do next: returned ones first (each with the
    secretariat's latest reason as `returns[0]`), then drafts, then those waiting for the
    secretariat, then the done. Empty groups are left out. Four queries."""
    documents = (
        documents_visible_to(user)
        .select_related("meeting")
        .defer(*SEARCH_VECTORS)
        .annotate(has_files=Exists(DocumentFile.objects.filter(document=OuterRef("pk"))))
        .prefetch_related(
            Prefetch(
                "events",
                queryset=DocumentEvent.objects.filter(to_status=Document.Status.RETURNED).order_by(
                    "-at", "-pk"
                ),
                to_attr="returns",
            ),
            Prefetch("document_sources", queryset=DocumentSource.objects.select_related("source")),
        )
        .order_by("-updated_at", "-pk")
    )
    by_status: dict[str, list[Document]] = {}
    for document in documents:
        by_status.setdefault(document.status, []).append(document)
    groups = []
    # In the order of DESK_GROUPS, each status in its group given by the status's facts.
    for group in DESK_GROUPS:
        statuses = desk_statuses(group)
        members = [document for status in statuses for document in by_status.get(status, [])]
        if members:
            groups.append(DeskGroup(name=group.name, heading=group.heading, documents=members))
    return groups


def review_queue() -> QuerySet[Document]:
    """Submitted documents waiting for the secretariat, the longest-waiting first."""
    return (
        Document.objects.filter(status=Document.Status.SUBMITTED)
        .select_related("meeting", "submitted_by")
        .order_by("submitted_at", "pk")
    )


def review_queue_counts(documents: QuerySet[Document] | None = None) -> dict[str, int]:
    """How many of these documents (all by default) wait in the queue, how many of them
    late, how many to publish."""
    documents = Document.objects.all() if documents is None else documents
    return documents.aggregate(
        submitted=Count("pk", filter=Q(status=Document.Status.SUBMITTED)),
        late=Count("pk", filter=Q(status=Document.Status.SUBMITTED, is_late=True)),
        accepted=Count("pk", filter=Q(status=Document.Status.ACCEPTED)),
    )
