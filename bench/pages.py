"""The public pages, exports and feeds the benchmark measures, and their query counts.

`python -m bench.pages` (with DATABASE_URL naming an archive) prints, as JSON, each page's
address in that archive and the number of SQL queries and bytes of its answer, counted
in-process through Django's test client with the page cache and the kept values and
fragments off.
"""

import json
import os
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

from .groups import SECOND_GROUP

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# The first group's pages are under its slug (settings.DEFAULT_WORKING_GROUP): /en/cwg-cop/.
GROUP = "cwg-cop"
# A meeting and a year in the middle of the first group's meetings (meeting 40 met in 2019),
# and a meeting in the middle of the second group's (its 20th met in 2019 too).
MEETING = 40
YEAR = 2019
SECOND_MEETING = 20
COMMON_SEARCH = "child"
TWO_COMMON_WORDS = "protection online"


@dataclass(frozen=True)
class Page:
    key: str
    label: str
    html: bool = True
    # Whether its throughput is measured against the bare view (an API answer is timed only).
    ratio: bool = True


PAGES = [
    Page("list", f"/{GROUP}/documents/"),
    Page("filtered", "?country=IT&kind=information&year=2019"),
    Page("meeting_filter", f"?meeting={MEETING}"),
    Page("search_common", f"?q={COMMON_SEARCH}"),
    Page("search_two", f"?q={TWO_COMMON_WORDS}"),
    Page("search_rare", "?q=<rare word>"),
    Page("last_page", "list, last page"),
    Page("home", f"/{GROUP}/ (home)"),
    Page("countries", "/countries/"),
    Page("country", "/countries/it/"),
    Page("country_group", f"/countries/it/?group={SECOND_GROUP.slug}"),
    Page("meetings", f"/{GROUP}/meetings/"),
    Page("meeting", f"/{GROUP}/meetings/{MEETING}/"),
    Page("second_list", f"/{SECOND_GROUP.slug}/documents/"),
    Page("second_meeting", f"/{SECOND_GROUP.slug}/meetings/{SECOND_MEETING}/"),
    Page("topic", "a topic's page"),
    Page("source", "a source's page"),
    Page("document", "a document's page"),
    Page("actions", f"/{GROUP}/actions/"),
    Page("csv", f"/{GROUP}/documents.csv?country=IT", html=False),
    Page("json", f"/{GROUP}/documents.json?country=IT", html=False),
    Page("feed", f"/{GROUP}/feeds/documents.atom", html=False),
    Page("calendar", f"/{GROUP}/meetings/{MEETING}.ics", html=False),
    Page("api_search", f"/api/v1/documents?q={COMMON_SEARCH}", html=False, ratio=False),
]
# What the targets name.
LIST_KEY, DOCUMENT_KEY, COMMON_KEY, RARE_KEY = "list", "document", "search_common", "search_rare"
COUNTRY_KEY, API_SEARCH_KEY = "country", "api_search"


def list_address(query: str = "") -> str:
    """The first group's list of documents, with this query string."""
    return f"/en/{GROUP}/documents/{query}"


def addresses() -> dict[str, str]:
    """Each page's address in the archive the database holds."""
    from urllib.parse import quote_plus

    from django.conf import settings

    from contributions.models import Document, Source, Topic
    from contributions.paging import PAGE_SIZE

    from .vocabulary import RARE_WORD

    if settings.DEFAULT_WORKING_GROUP["slug"] != GROUP:
        raise SystemExit(f"the benchmark measures the group {GROUP}'s pages")
    in_group = Document.objects.listed().filter(meeting__group__slug=GROUP)
    listed = in_group.count()
    document = in_group.filter(meeting__number=MEETING).order_by("sequence").first()
    topic = Topic.objects.order_by("slug").first()
    source = Source.objects.exclude(kind__in=["member_state"]).order_by("slug").first()
    second = SECOND_GROUP.slug
    return {
        "list": list_address(),
        "filtered": list_address(f"?country=IT&kind=information&year={YEAR}"),
        "meeting_filter": list_address(f"?meeting={MEETING}"),
        "search_common": list_address(f"?q={quote_plus(COMMON_SEARCH)}"),
        "search_two": list_address(f"?q={quote_plus(TWO_COMMON_WORDS)}"),
        "search_rare": list_address(f"?q={RARE_WORD}"),
        "last_page": list_address(f"?page={max(1, -(-listed // PAGE_SIZE))}"),
        "home": f"/en/{GROUP}/",
        "countries": "/en/countries/",
        "country": "/en/countries/it/",
        "country_group": f"/en/countries/it/?group={second}",
        "meetings": f"/en/{GROUP}/meetings/",
        "meeting": f"/en/{GROUP}/meetings/{MEETING}/",
        "second_list": f"/en/{second}/documents/",
        "second_meeting": f"/en/{second}/meetings/{SECOND_MEETING}/",
        "topic": topic.get_absolute_url(),
        "source": source.get_absolute_url(),
        "document": document.get_absolute_url(),
        "actions": f"/en/{GROUP}/actions/",
        "csv": f"/en/{GROUP}/documents.csv?country=IT",
        "json": f"/en/{GROUP}/documents.json?country=IT",
        "feed": f"/en/{GROUP}/feeds/documents.atom",
        "calendar": f"/en/{GROUP}/meetings/{MEETING}.ics",
        "api_search": f"/api/v1/documents?q={quote_plus(COMMON_SEARCH)}",
    }


@dataclass
class Counted:
    url: str
    status: int
    queries: int
    size: int


def count(urls: dict[str, str]) -> dict[str, Counted]:
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    settings.ALLOWED_HOSTS = ["*"]
    settings.PAGE_CACHE_SECONDS = 0
    # What a page costs when nothing is kept yet (the first visit after a publication):
    # no kept counts, choices or fragments either.
    settings.COUNTS_CACHE_SECONDS = 0
    client = Client()
    counted = {}
    for key, url in urls.items():
        client.get(url)  # the first request of a process loads templates and translations
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
            content = (
                b"".join(response.streaming_content) if response.streaming else response.content
            )
        if 300 <= response.status_code < 400:
            # An earlier address that redirects would time the redirect, not the page.
            raise SystemExit(f"{key}: {url} redirects to {response.get('Location')}")
        counted[key] = Counted(url, response.status_code, len(captured), len(content))
    return counted


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cwgcop.settings")
    import django

    django.setup()
    print(json.dumps({key: asdict(value) for key, value in count(addresses()).items()}))


if __name__ == "__main__":
    main()
