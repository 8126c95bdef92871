"""The Atom feeds of new publications: all of them, those of any filtered list, a source's.

Everything a feed reader keeps is built from `settings.SITE_URL`, never from the request's
Host header, so that the same document has the same entry id however the site was reached:
entry ids are tag URIs (RFC 4151) of the document's row, which outlive a change of number
or address; links and enclosures are absolute URLs on the configured site.
"""

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, QueryDict
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from workinggroups.current import active_group

from . import selectors
from .filters import DocumentFilter, FilterError, parse_document_filter
from .models import Document, Source, Topic
from .visibility import PUBLIC_AUDIENCE, files_seen_by

FEED_LENGTH = 50
# The date in the entries' tag URIs: any day on which the site's owner held its name. It
# must never change, or every reader would see every entry again.
TAG_DATE = "2024"
# The filters whose value alone would be unclear in a title, and the word put before it.
_NAMED_FILTERS = {
    "topic": _("topic %(value)s"),
    "meeting": _("meeting %(value)s"),
    "language": _("in %(value)s"),
}


def with_entry_relations(documents: QuerySet[Document]) -> QuerySet[Document]:
    """The listing queryset plus the topics and, as `public_files`, the files anyone may
    download (without their text) of each row: what an entry names and links."""
    return documents.prefetch_related(
        Prefetch("topics", queryset=Topic.objects.order_by("name").only("pk", "name", "slug")),
        # Only the files anyone may download: a members-only file is not linked.
        Prefetch(
            "files",
            queryset=files_seen_by(PUBLIC_AUDIENCE)
            .defer("text", "extraction_error")
            .order_by("language", "pk"),
            to_attr="public_files",
        ),
    )


def absolute(path: str) -> str:
    return settings.SITE_URL + path


def entry_id(document: Document) -> str:
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    return f"tag:{host},{TAG_DATE}:cwg-cop/document/{document.pk}"


def feed_title(description: str = "") -> str:
    """ "CWG-COP documents", or the active group's ("CWG-TEST documents"), with what the
    feed follows."""
    group = active_group()
    if group is None or group.slug == settings.DEFAULT_WORKING_GROUP["slug"]:
        title = gettext("CWG-COP documents")
    else:
        title = gettext("%(group)s documents") % {"group": group.acronym_in(get_language())[0]}
    return f"{title} — {description}" if description else title


@dataclass
class FeedSubject:
    """What one feed lists, what it is called, and where its page and itself live."""

    documents: QuerySet[Document]
    description: str
    page_url: str
    feed_url: str


class DocumentAtomFeed(Atom1Feed):
    """Atom with one <author> per source, plain-text summaries and the files as enclosures,
    each with its language and name (Django's writer takes one author and HTML summaries)."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        handler.addQuickElement("summary", item["summary"], {"type": "text"})
        for name, uri in item["authors"]:
            handler.startElement("author", {})
            handler.addQuickElement("name", name)
            handler.addQuickElement("uri", uri)
            handler.endElement("author")
        for document_file in item["files"]:
            handler.addQuickElement(
                "link",
                "",
                {
                    "rel": "enclosure",
                    "href": absolute(document_file.get_absolute_url()),
                    "type": document_file.content_type,
                    "length": str(document_file.size),
                    "hreflang": document_file.language,
                    "title": document_file.download_name,
                },
            )


class DocumentFeed(Feed):
    """`/feeds/documents.atom?country=IT` follows what `/documents/?country=IT` lists."""

    feed_type = DocumentAtomFeed
    subtitle = _(
        "Documents published for the meetings of the ITU Council Working Group on Child "
        "Online Protection."
    )
    author_name = _("ITU Council Working Group on Child Online Protection")

    def __call__(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        try:
            return super().__call__(request, *args, **kwargs)
        except FilterError as error:
            return HttpResponseBadRequest(
                "\n".join(error.messages), content_type="text/plain; charset=utf-8"
            )

    def get_object(self, request: HttpRequest, *args, **kwargs) -> FeedSubject:
        query = request.GET.copy()
        query.pop("page", None)
        # A feed is always newest first: its readers want what is new.
        query["sort"] = "newest"
        # A value that names nothing is a 400 with the message (FilterError, above).
        document_filter = parse_document_filter(query, self.documents(), strict=True)
        asked = QueryDict(mutable=True)
        for name, values in document_filter.data.lists():
            if name not in ("page", "sort"):
                asked.setlist(name, values)
        query_string = f"?{asked.urlencode()}" if asked else ""
        return FeedSubject(
            documents=document_filter.qs,
            description=filter_description(document_filter),
            page_url=absolute(reverse("contributions:document-list") + query_string),
            feed_url=absolute(reverse("contributions:feed") + query_string),
        )

    @staticmethod
    def documents() -> QuerySet[Document]:
        return with_entry_relations(selectors.published_documents().news())

    def title(self, subject: FeedSubject) -> str:
        return feed_title(subject.description)

    def link(self, subject: FeedSubject) -> str:
        return subject.page_url

    def feed_url(self, subject: FeedSubject) -> str:
        return subject.feed_url

    def feed_guid(self, subject: FeedSubject) -> str:
        return subject.feed_url

    def items(self, subject: FeedSubject):
        return subject.documents[:FEED_LENGTH]

    def item_title(self, document: Document) -> str:
        return f"{document.number} {document.title}" if document.number else document.title

    def item_link(self, document: Document) -> str:
        return absolute(document.get_absolute_url())

    def item_guid(self, document: Document) -> str:
        return entry_id(document)

    item_guid_is_permalink = False

    def item_description(self, document: Document) -> None:
        # Written by DocumentAtomFeed as plain text (see item_extra_kwargs).
        return None

    def item_pubdate(self, document: Document):
        return document.published_at

    def item_updateddate(self, document: Document):
        return document.published_at

    def item_categories(self, document: Document) -> list[str]:
        return [topic.name for topic in document.topics.all()]

    def item_extra_kwargs(self, document: Document) -> dict:
        sources = document.sources_in_order()
        return {
            "summary": document.summary or summary_line(document, sources),
            "authors": [(source.name, absolute(source.get_absolute_url())) for source in sources],
            "files": document.public_files,
        }


class SourceFeed(DocumentFeed):
    """The documents of one source that is not a Member State (those have the country's
    filtered feed), for the source's page: the documents list has no filter by source."""

    def get_object(self, request: HttpRequest, *args, **kwargs) -> FeedSubject:
        source = get_object_or_404(Source, slug=kwargs["slug"])
        links = source.document_sources.values("document_id")
        return FeedSubject(
            documents=self.documents().filter(pk__in=links),
            description=source.name,
            page_url=absolute(source.get_absolute_url()),
            feed_url=absolute(reverse("contributions:source-feed", args=[source.slug])),
        )


def summary_line(document: Document, sources: list[Source]) -> str:
    """A line for a document without a summary: what it is, from whom, for which meeting."""
    values = {
        "kind": document.get_kind_display(),
        "sources": ", ".join(source.name for source in sources),
        "meeting": document.meeting.code,
    }
    if sources:
        return gettext("%(kind)s from %(sources)s for %(meeting)s") % values
    return gettext("%(kind)s for %(meeting)s") % values


def filter_description(document_filter: DocumentFilter) -> str:
    """What a filtered feed follows, for its title: "Italy", "topic Cyberbullying; meeting 21"."""
    parts = []
    search_text = document_filter.search_text()
    if search_text:
        parts.append(gettext("search “%(text)s”") % {"text": search_text})
    data = document_filter.data
    for name, field in document_filter.form.fields.items():
        if name in ("q", "sort"):
            continue
        labels = dict(field.widget.choices)
        chosen = [value for value in data.getlist(name) if value in labels]
        if not chosen:
            continue
        # A meeting reads best by its number ("meeting 21"), the rest by their names.
        names = [value if name == "meeting" else str(labels[value]) for value in chosen]
        value = ", ".join(names)
        template = _NAMED_FILTERS.get(name)
        parts.append(str(template) % {"value": value} if template else value)
    return "; ".join(parts)
