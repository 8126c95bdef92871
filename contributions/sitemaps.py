"""The public pages about documents, countries, sources and topics, for sitemap.xml.

Each page is listed once per language, with its alternates and the x-default address
(the one without a language, which follows the visitor's browser)."""

from django.contrib.sitemaps import Sitemap

from workinggroups.addresses import default_slug, group_reverse, kept_groups

from .models import Document, Source, Topic


class LocalizedSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True


class FixedPagesSitemap(LocalizedSitemap):
    priority = 0.8

    def items(self) -> list[tuple[str, str]]:
        """Each group's own lists, and the countries' list, which every group shares."""
        pages = ["contributions:home", "contributions:document-list", "contributions:topic-list"]
        pages += ["meetings:list", "meetings:actions"]
        slugs = [group.slug for group in kept_groups()] or [default_slug()]
        return [(slug, page) for slug in slugs for page in pages] + [
            (default_slug(), "contributions:country-list")
        ]

    def location(self, item: tuple[str, str]) -> str:
        slug, page = item
        return group_reverse(slug, page)


class DocumentSitemap(LocalizedSitemap):
    """Published documents and the superseded revisions that still have their page."""

    def items(self):
        return (
            Document.objects.public()
            .exclude(number="")
            .only("pk", "number", "meeting_id", "published_at")
            .order_by("pk")
        )

    def lastmod(self, document: Document):
        return document.published_at


class SourceSitemap(LocalizedSitemap):
    """Country pages of Member States and the pages of every other source."""

    def items(self):
        return Source.objects.only("pk", "kind", "slug", "country").order_by("pk")


class TopicSitemap(LocalizedSitemap):
    def items(self):
        return Topic.objects.only("pk", "slug").order_by("pk")
