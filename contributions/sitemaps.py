"""The public pages about documents, countries, sources and topics, for sitemap.xml.

Each page is listed once per language, with its alternates and the x-default address
(the one without a language, which follows the visitor's browser)."""

from django.contrib.sitemaps import Sitemap

from workinggroups.addresses import default_slug, group_reverse, kept_groups

from .models import Document, GroupTotal, Source, Topic


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
    """Each group's page of a topic on which it has listed documents; the first group's
    page of every topic (its topics list names them all)."""

    def items(self) -> list[tuple[str, str]]:
        first = default_slug()
        slugs = dict(Topic.objects.values_list("pk", "slug"))
        held = GroupTotal.objects.filter(subject__startswith="topic:", count__gt=0)
        pages = {(first, slug) for slug in slugs.values()}
        for group, subject in held.values_list("group__slug", "subject"):
            slug = slugs.get(int(subject.removeprefix("topic:")))
            if slug is not None:
                pages.add((group, slug))
        return sorted(pages, key=lambda page: (page[0] != first, page))

    def location(self, item: tuple[str, str]) -> str:
        group, topic = item
        return group_reverse(group, "contributions:topic", args=[topic])
