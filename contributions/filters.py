"""Filters, search and sorting of the public documents list, all read from the query string.

One parser serves every list of documents: the HTML list, the CSV and JSON exports, the
Atom feed, the API and the paged pages of a country, meeting, topic or source. Call

    document_filter = parse_document_filter(request.GET, queryset)
    if document_filter.errors:      # list of messages, each naming the parameter and value
        ...                         # 400 for a machine; a notice on an HTML page
    documents = document_filter.qs  # empty whenever there is an error, never everything

or `parse_document_filter(request.GET, queryset, strict=True)`, which raises `FilterError`
(its `messages` are the same list) instead. Codes are read whatever their letter case
(`?country=it` is `IT`, `?kind=INFORMATION`, `?meeting=cwg-cop-21` is meeting 21); a value
that names nothing (`?meeting=99` with no such meeting, `?country=XX`, `?year=soon`, an
unknown sort) is an error. A meeting, a year or a country that exists but has no documents
is not: it lists nothing. Empty values and unknown parameters (`page`) are the caller's.

Each filter takes several values (OR within a filter, AND between filters). Filters on
related rows test membership with a subquery (`pk IN (...)`) rather than a join, so no
document appears twice and no DISTINCT is needed. The choices come from
`document_filter_options` in three queries, however many options there are.

On a group's pages the list is that group's: there is no group filter, and a meeting is
chosen by its number. On the pages every group shares (a country's, a source's) there is a
`group` filter (by slug), offered once there are two groups; a meeting is then chosen as
"<group slug>:<number>" (contributions.group_filters), since numbers repeat across groups.
"""

import datetime
import functools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import QueryDict
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from meetings.models import Meeting, Presentation
from workinggroups.current import active_group, in_active_group

from . import group_filters, search
from .models import (
    COUNTRY_KINDS,
    Document,
    DocumentFile,
    Language,
    Region,
    Source,
)
from .selectors import (
    MEETINGS_NEWEST_ORDER,
    NEWEST_ORDER,
    NUMBER_ORDER,
    ONE_MEETING_NUMBER_ORDER,
    TITLE_ORDER,
    FilterOptions,
    all_country_choices,
    document_filter_options,
    documents_of_sources,
)


class Sort:
    RELEVANCE = "relevance"
    NEWEST = "newest"
    NUMBER = "number"
    TITLE = "title"

    choices = [
        (RELEVANCE, _("Best match")),
        (NEWEST, _("Newest first")),
        (NUMBER, _("Document number")),
        (TITLE, _("Title")),
    ]
    orders = {NEWEST: NEWEST_ORDER, NUMBER: NUMBER_ORDER, TITLE: TITLE_ORDER}


class SharedChoicesField(django_filters.fields.MultipleChoiceField):
    """A checkbox filter's field whose copies share its choices.

    The form copies every field for each request, and Django's choice fields copy their
    choices deeply: the countries' alone are some 250 pairs of strings, a tenth of a cold
    list's time. Nothing changes a list of choices in place (the filters assign new ones).
    """

    def __deepcopy__(self, memo):
        return forms.Field.__deepcopy__(self, memo)


class CheckboxesFilter(django_filters.MultipleChoiceFilter):
    field_class = SharedChoicesField


def _checkboxes(label, **kwargs) -> CheckboxesFilter:
    return CheckboxesFilter(label=label, widget=forms.CheckboxSelectMultiple, **kwargs)


class SearchTextField(forms.CharField):
    """Search text with control characters (NUL included) read as spaces.

    They cannot be typed in a search box, the database refuses NUL in text, and a search
    for the words around them is what the visitor meant.
    """

    def to_python(self, value):
        text = super().to_python(value)
        return "".join(" " if unicodedata.category(char) == "Cc" else char for char in text)


class SearchFilter(django_filters.CharFilter):
    field_class = SearchTextField


@dataclass(frozen=True)
class ActiveChoice:
    """One value a list is filtered by, and the query string of the list without it."""

    filter_label: str
    label: str
    query_without: str


@dataclass(frozen=True)
class FilterOption:
    """One checkbox of a filter: its code, its label in the page's language, whether the
    query string asks for it, and its element id (`id_country_0`, as Django names them)."""

    value: str
    label: str
    checked: bool
    id: str


@dataclass(frozen=True)
class FilterGroup:
    """One filter of the sidebar, its options as plain values: a form's widgets would build
    an object per option, hundreds per page."""

    name: str
    label: str
    options: list[FilterOption]
    # How many values the query string asks for (a year without documents counts too).
    selected: int


@functools.cache
def _labels_in(language: str | None, choices: tuple[tuple[str, Any], ...]) -> tuple:
    """Fixed choices with their labels translated, once per language and process."""
    return tuple((str(value), str(label)) for value, label in choices)


class FilterError(ValueError):
    """The query string asks for values that name nothing; `messages` says which."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("; ".join(messages))
        self.messages = messages


# The parameters that take codes, each repeatable; `sort` takes one code too.
_CODE_FILTERS = (
    "group",
    "meeting",
    "year",
    "kind",
    "country",
    "source_kind",
    "region",
    "topic",
    "language",
    "presentation",
)
_YEAR = re.compile(r"[0-9]{4}")


def _unknown(name: str, value: str) -> str:
    return gettext("Unknown value “%(value)s” for the filter “%(parameter)s”.") % {
        "value": value,
        "parameter": name,
    }


def _lookup(choices: Iterable[tuple], *, labels: bool = False) -> dict[str, str]:
    """Each choice's code, and its label when asked, read in any letter case."""
    found = {}
    for value, label in choices:
        found[str(value).casefold()] = str(value)
        if labels:
            found[str(label).casefold()] = str(value)
    return found


def _canonical(data, lookups: dict[str, dict[str, str]]) -> tuple[QueryDict, list[str]]:
    """The query string with every code in its stored spelling, and what named nothing."""
    canonical = QueryDict(mutable=True)
    errors = []
    # A QueryDict, or a plain dict from code (`{"country": "it"}`, `{"kind": [...]}`).
    pairs = (
        data.lists()
        if hasattr(data, "lists")
        else ((name, value if isinstance(value, list) else [value]) for name, value in data.items())
    )
    for name, values in pairs:
        # Years are read by their form; a filter the page leaves out is not read at all.
        if name != "year" and name not in lookups:
            canonical.setlist(name, values)
            continue
        kept = []
        for value in values:
            value = str(value).strip()
            if not value:
                continue
            if name == "year":
                code = value if _YEAR.fullmatch(value) else None
            else:
                code = lookups[name].get(value.casefold())
            if code is None:
                errors.append(_unknown(name, value))
            elif code not in kept:
                kept.append(code)
        if kept:
            canonical.setlist(name, kept)
    return canonical, errors


def parse_document_filter(
    data: QueryDict | None,
    queryset: QuerySet[Document],
    *,
    options: FilterOptions | None = None,
    strict: bool = False,
    request=None,
) -> "DocumentFilter":
    """The filters, search and sort a query string asks for, applied to `queryset`.

    `.errors` lists what named nothing and `.qs` is then empty; with `strict` a
    `FilterError` is raised instead. The request, when given, tells search whose eyes it
    serves (members-only text is matched for members only).
    """
    document_filter = DocumentFilter(data, queryset=queryset, options=options, request=request)
    if strict and document_filter.errors:
        raise FilterError(document_filter.errors)
    return document_filter


# The filters whose choices are fixed in the code, their labels translated.
_FIXED_CHOICES = ("kind", "source_kind", "region", "language", "presentation")


class DocumentFilter(django_filters.FilterSet):
    q = SearchFilter(label=_("Search"), method="filter_search")
    group = _checkboxes(_("Working group"), method="filter_group")
    meeting = _checkboxes(_("Meeting"), method="filter_meeting")
    year = _checkboxes(_("Year"), method="filter_year")
    kind = _checkboxes(_("Kind of document"), choices=Document.Kind.choices, method="filter_kind")
    country = _checkboxes(_("Country"), method="filter_country")
    source_kind = _checkboxes(
        _("Kind of source"), choices=Source.Kind.choices, method="filter_source_kind"
    )
    region = _checkboxes(_("ITU region"), choices=Region.choices, method="filter_region")
    topic = _checkboxes(_("Topic"), method="filter_topic")
    language = _checkboxes(
        _("Language of the files"), choices=Language.choices, method="filter_language"
    )
    presentation = _checkboxes(
        _("Presentation at the meeting"),
        choices=Presentation.Status.choices,
        method="filter_presentation",
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"), choices=Sort.choices, method="keep", empty_label=None
    )

    class Meta:
        model = Document
        fields = []

    def __init__(
        self,
        data=None,
        queryset=None,
        *,
        options: FilterOptions | None = None,
        without: tuple[str, ...] = (),
        default_sort: str = Sort.NEWEST,
        **kwargs,
    ):
        """`without` names filters a page leaves out (a country's page has no country
        filter); `default_sort` is the order when neither a sort nor a search is asked."""
        self.default_sort = default_sort
        # A page without the meeting filter lists one meeting's documents.
        self.one_meeting = "meeting" in without
        self.options = options or document_filter_options()
        # A page shared by every group lists them all, and may be filtered by group; a
        # group's page is that group's. Once there are two groups, a shared page names a
        # meeting with its group.
        shared = active_group() is None
        self.working_groups = group_filters.working_groups() if shared else []
        self.across_groups = len(self.working_groups) > 1
        # Any country may be asked for (a shared link outlives the data); only those with
        # published documents are offered.
        choices = {
            "meeting": self.options.meetings,
            "topic": self.options.topics,
            "country": all_country_choices(),
        }
        aliases = {}
        if self.across_groups:
            meetings = group_filters.meeting_choices()
            choices["meeting"], aliases = meetings.offered, meetings.aliases
        if shared:
            choices["group"] = group_filters.group_choices(self.working_groups)
        # Only the filters the query string names are read (a plain list names none).
        asked = set(data.keys()) if data is not None else set()
        lookups = {
            name: _lookup(
                choices[name] if name in choices else self.base_filters[name].extra["choices"],
                labels=name in ("meeting", "group"),
            )
            for name in (*_CODE_FILTERS, "sort")
            if name != "year" and name in asked and (name != "group" or shared)
        }
        if "meeting" in lookups:
            for alias, value in aliases.items():
                lookups["meeting"].setdefault(alias, value)
        self.parse_errors: list[str] = []
        if data is not None:
            data, self.parse_errors = _canonical(data, lookups)
        super().__init__(data, queryset, **kwargs)
        # A year with no documents (a shared link, a year typed by hand) lists nothing
        # rather than being ignored; only years with documents are offered.
        asked = data.getlist("year") if data is not None else []
        offered_years = {value for value, _label in self.options.years}
        choices["year"] = self.options.years + [
            (value, value) for value in asked if value not in offered_years
        ]
        for name, field_choices in choices.items():
            self.filters[name].extra["choices"] = field_choices
        if not shared:
            without = (*without, "group")
        for name in without:
            self.filters.pop(name, None)

    @property
    def form(self):
        if not hasattr(self, "_form"):
            form = super().form
            if "country" not in form.fields:
                return form
            chosen = set(self.data.getlist("country")) if hasattr(self.data, "getlist") else set()
            offered = list(self.options.countries)
            offered_codes = {code for code, _name in offered}
            offered += [
                (code, name)
                for code, name in form.fields["country"].choices
                if code in chosen and code not in offered_codes
            ]
            form.fields["country"].widget.choices = offered
        return self._form

    # -- reading the state

    @property
    def errors(self) -> list[str]:
        """What in the query string names nothing: one message per parameter and value."""
        if not self.is_bound or not self.asks():
            return self.parse_errors
        self.form.is_valid()
        refused = [_unknown(name, ", ".join(self.data.getlist(name))) for name in self.form.errors]
        return self.parse_errors + refused

    @property
    def qs(self) -> QuerySet[Document]:
        """The documents asked for; none at all when a filter names nothing."""
        if not hasattr(self, "_qs"):
            if self.errors:
                self._qs = self.queryset.none()
            elif not self.asks():
                self._qs = self.ordered(self.queryset.all())
            else:
                self._qs = super().qs
        return self._qs

    def asks(self) -> bool:
        """Whether the query string names any filter (a plain list's, or its other pages',
        names none: then no form is built, nothing being there to read)."""
        return hasattr(self.data, "getlist") and any(name in self.data for name in self.filters)

    def without_search(self) -> QuerySet[Document]:
        """The documents every filter but the search keeps (none when a filter names
        nothing): where `search.best_matches` looks for title matches."""
        if self.errors:
            return self.queryset.none()
        queryset = self.queryset.all()
        for name, value in self.form.cleaned_data.items():
            if name != "q":
                queryset = self.filters[name].filter(queryset, value)
        return queryset

    def search_text(self) -> str:
        """The search as its field cleans it, what the search filter applies ("" when it
        fails). Read by the field alone: the whole form copies every filter's choices,
        which a page served from kept fragments has no other use for."""
        if not hasattr(self, "_search_text"):
            field = self.filters["q"].field
            try:
                text = field.clean(field.widget.value_from_datadict(self.data, {}, "q"))
            except ValidationError:
                text = ""
            self._search_text = str(text or "").strip()
        return self._search_text

    def narrows(self) -> bool:
        """Whether the query string filters or searches the documents (or names what does
        not exist, which lists none): not only sorts or pages them."""
        return bool(self.errors) or bool(self._narrowing())

    def groups_alone(self) -> list[str] | None:
        """The slugs of the working groups asked for, when they alone narrow the list (a
        country's page in one group); None otherwise."""
        if self.errors or self._narrowing() != {"group"}:
            return None
        return list(self.form.cleaned_data["group"])

    def _narrowing(self) -> set[str]:
        """The filters the query string gives a value, but the order."""
        return {name for name in self.filters if name != "sort" and self._asks_for(name)}

    def _asks_for(self, name: str) -> bool:
        """Whether the query string gives the filter `name` a value."""
        data = self.data if hasattr(self.data, "getlist") else QueryDict()
        return any(value.strip() for value in data.getlist(name))

    def sort_key(self) -> str:
        """The order asked for; by default the best match when searching, else the newest."""
        chosen = str(self.data.get("sort") or "")
        if self.search_text():
            return chosen if chosen in dict(Sort.choices) else Sort.RELEVANCE
        return chosen if chosen in Sort.orders else self.default_sort

    def _offered(self, name: str) -> list[tuple[str, str]]:
        """A filter's choices as (code, label) strings in the page's language; for the
        country, those with documents and any the query string asks for."""
        choices = self.filters[name].extra["choices"]
        if name in _FIXED_CHOICES:
            return list(_labels_in(get_language(), tuple(choices)))
        if name != "country":
            return choices
        chosen = set(self.data.getlist("country")) if hasattr(self.data, "getlist") else set()
        offered = list(self.options.countries)
        offered_codes = {code for code, _name in offered}
        return offered + [
            (code, name) for code, name in choices if code in chosen and code not in offered_codes
        ]

    def choice_groups(self) -> list[FilterGroup]:
        """The checkbox filters of the sidebar, in order, each with its options (read once:
        the sidebar and the filters in use both show them)."""
        if hasattr(self, "_choice_groups"):
            return self._choice_groups
        groups = []
        for name, choice_filter in self.filters.items():
            if name in ("q", "sort"):
                continue
            # Read, but not offered, while there is only one group.
            if name == "group" and not self.across_groups:
                continue
            asked = self.data.getlist(name) if hasattr(self.data, "getlist") else []
            chosen = {str(value) for value in asked}
            options = [
                FilterOption(value, label, value in chosen, f"id_{name}_{index}")
                for index, (value, label) in enumerate(self._offered(name))
            ]
            groups.append(FilterGroup(name, str(choice_filter.label), options, len(asked)))
        self._choice_groups = groups
        return groups

    def active_choices(self) -> list[ActiveChoice]:
        """The values chosen in the checkbox filters, each with a way to take it off."""
        if not hasattr(self.data, "getlist"):
            return []
        active = []
        for group in self.choice_groups():
            labels = {option.value: option.label for option in group.options}
            for value in self.data.getlist(group.name):
                if value not in labels:
                    continue
                query = QueryDict(mutable=True)
                for key, values in self.data.lists():
                    if key == "page":
                        continue
                    kept = [item for item in values if not (key == group.name and item == value)]
                    if kept:
                        query.setlist(key, kept)
                active.append(ActiveChoice(group.label, labels[value], query.urlencode()))
        return active

    def filter_queryset(self, queryset: QuerySet[Document]) -> QuerySet[Document]:
        return self.ordered(super().filter_queryset(queryset))

    def ordered(self, queryset: QuerySet[Document]) -> QuerySet[Document]:
        """In the order asked for (`sort_key`)."""
        if self.sort_key() == Sort.RELEVANCE:
            return queryset.order_by(*search.SEARCH_ORDER, *NEWEST_ORDER)
        return queryset.order_by(*self.order())

    def order(self) -> tuple:
        """The order of the sort asked for, newest first for relevance (a search's matches
        past its best ones follow it)."""
        sort = self.sort_key()
        if sort == Sort.NUMBER and self.one_meeting:
            return ONE_MEETING_NUMBER_ORDER
        if sort == Sort.NEWEST and (self.one_meeting or self._asks_for("meeting")):
            return MEETINGS_NEWEST_ORDER
        return Sort.orders.get(sort, NEWEST_ORDER)

    # -- filters

    def keep(self, queryset, name, value):
        return queryset

    def searcher(self) -> Any:
        """Whose search it is (members-only text is matched for those who may read it)."""
        return getattr(self.request, "user", None)

    def filter_search(self, queryset, name, value):
        return search.search_documents(queryset, value, user=self.searcher())

    def filter_group(self, queryset, name, value):
        # Their meetings' keys, read first: a list narrowed to a few per cent of the archive
        # (a country in one group) is then read from the index of the newest alone (37 ms
        # for the page's keys at 200,000 documents through the groups' slugs, 5 ms so).
        meetings = Meeting.objects.filter(group__slug__in=value).order_by()
        return queryset.filter(meeting__in=list(meetings.values_list("pk", flat=True)))

    def filter_meeting(self, queryset, name, value):
        # The meetings' keys and those of the documents they share are read first: given
        # them, the database reads each meeting's documents by their index; given the
        # numbers, it walked the whole list newest first (190 ms for one meeting at
        # 200,000 documents, 3 ms so).
        if self.across_groups:
            meetings = group_filters.meetings_named(value)
        else:
            numbers = [int(number) for number in value]
            meetings = in_active_group(Meeting.objects.filter(number__in=numbers), path="")
        keys = list(meetings.order_by().values_list("pk", flat=True))
        shared = Document.other_meetings.through.objects.filter(meeting__in=keys)
        documents = list(shared.order_by().values_list("document_id", flat=True).distinct())
        return queryset.filter(Q(meeting__in=keys) | Q(pk__in=documents))

    def filter_year(self, queryset, name, value):
        # Date ranges, which the index on the date answers; the year of each date would be
        # computed for every listed document.
        years = Q(pk__in=[])  # year 0000 names no date
        for year in {int(year) for year in value} - {0}:
            within = Q(document_date__gte=datetime.date(year, 1, 1))
            if year < datetime.MAXYEAR:
                within &= Q(document_date__lt=datetime.date(year + 1, 1, 1))
            years |= within
        return queryset.filter(years)

    def filter_kind(self, queryset, name, value):
        return queryset.filter(kind__in=value)

    def _with_source(self, queryset, **lookup):
        return queryset.filter(pk__in=documents_of_sources(**lookup))

    def filter_country(self, queryset, name, value):
        return self._with_source(queryset, kind__in=COUNTRY_KINDS, country__in=value)

    def filter_source_kind(self, queryset, name, value):
        return self._with_source(queryset, kind__in=value)

    def filter_region(self, queryset, name, value):
        return self._with_source(queryset, itu_region__in=value)

    def filter_topic(self, queryset, name, value):
        links = Document.topics.through.objects.filter(topic__slug__in=value)
        return queryset.filter(pk__in=links.values("document_id"))

    def filter_language(self, queryset, name, value):
        # A file in the language, or the record that the document was issued in it (the
        # archive may not hold every language's file). Codes are two letters separated by
        # spaces, so a substring test matches one code exactly.
        files = DocumentFile.objects.filter(language__in=value)
        issued = Q()
        for code in value:
            issued |= Q(languages__contains=code)
        return queryset.filter(Q(pk__in=files.values("document_id")) | issued)

    def filter_presentation(self, queryset, name, value):
        presentations = Presentation.objects.filter(status__in=value, document__isnull=False)
        return queryset.filter(pk__in=presentations.values("document_id"))
