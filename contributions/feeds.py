"""The Atom feed of new publications: all of them, or those of any filtered list."""

from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from . import selectors
from .exports import for_export
from .filters import DocumentFilter, FilterError, parse_document_filter
from .models import Document

FEED_LENGTH = 50


class DocumentFeed(Feed):
    """`/feeds/documents.atom?country=IT` follows what `/documents/?country=IT` lists."""

    feed_type = Atom1Feed
    title = _("CWG-COP Documents: new publications")
    subtitle = _(
        "Documents published for the meetings of the ITU Council Working Group on Child "
        "Online Protection."
    )

    def __call__(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        try:
            return super().__call__(request, *args, **kwargs)
        except FilterError as error:
            return HttpResponseBadRequest(
                "\n".join(error.messages), content_type="text/plain; charset=utf-8"
            )

    def get_object(self, request: HttpRequest, *args, **kwargs) -> DocumentFilter:
        query = request.GET.copy()
        query.pop("page", None)
        # A feed is always newest first: its readers want what is new.
        query["sort"] = "newest"
        document_filter = parse_document_filter(
            query, for_export(selectors.published_documents().news()), strict=True
        )
        document_filter.query_string = request.GET.urlencode()
        return document_filter

    def link(self, document_filter: DocumentFilter) -> str:
        url = reverse("contributions:document-list")
        return f"{url}?{document_filter.query_string}" if document_filter.query_string else url

    def feed_url(self, document_filter: DocumentFilter) -> str:
        url = reverse("contributions:feed")
        return f"{url}?{document_filter.query_string}" if document_filter.query_string else url

    def items(self, document_filter: DocumentFilter):
        return document_filter.qs[:FEED_LENGTH]

    def item_title(self, document: Document) -> str:
        return f"{document.number} {document.title}" if document.number else document.title

    def item_description(self, document: Document) -> str:
        return document.summary

    def item_pubdate(self, document: Document):
        return document.published_at

    def item_updateddate(self, document: Document):
        return document.published_at

    def item_author_name(self, document: Document) -> str:
        return ", ".join(link.source.name for link in document.document_sources.all())

    def item_categories(self, document: Document) -> list[str]:
        return [topic.name for topic in document.topics.all()]
