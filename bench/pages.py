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

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# A meeting and a year in the middle of the generated archive (meeting 40 met in 2019).
MEETING = 40
YEAR = 2019
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
    Page("list", "/documents/"),
    Page("filtered", "?country=IT&kind=information&year=2019"),
    Page("search_common", f"?q={COMMON_SEARCH}"),
    Page("search_two", f"?q={TWO_COMMON_WORDS}"),
    Page("search_rare", "?q=<rare word>"),
    Page("last_page", "list, last page"),
    Page("home", "/ (home)"),
    Page("countries", "/countries/"),
    Page("country", "/countries/it/"),
    Page("meetings", "/meetings/"),
    Page("meeting", f"/meetings/{MEETING}/"),
    Page("topic", "a topic's page"),
    Page("source", "a source's page"),
    Page("document", "a document's page"),
    Page("actions", "/actions/"),
    Page("csv", "/documents.csv?country=IT", html=False),
    Page("json", "/documents.json?country=IT", html=False),
    Page("feed", "/feeds/documents.atom", html=False),
    Page("calendar", f"/meetings/{MEETING}.ics", html=False),
    Page("api_search", f"/api/v1/documents?q={COMMON_SEARCH}", html=False, ratio=False),
]
# What the targets name.
LIST_KEY, DOCUMENT_KEY, COMMON_KEY, RARE_KEY = "list", "document", "search_common", "search_rare"
COUNTRY_KEY, API_SEARCH_KEY = "country", "api_search"


def addresses() -> dict[str, str]:
    """Each page's address in the archive the database holds."""
    from urllib.parse import quote_plus

    from contributions.models import Document, Source, Topic
    from contributions.paging import PAGE_SIZE

    from .vocabulary import RARE_WORD

    listed = Document.objects.listed().count()
    document = (
        Document.objects.listed().filter(meeting__number=MEETING).order_by("sequence").first()
    )
    topic = Topic.objects.order_by("slug").first()
    source = Source.objects.exclude(kind__in=["member_state"]).order_by("slug").first()
    return {
        "list": "/en/documents/",
        "filtered": f"/en/documents/?country=IT&kind=information&year={YEAR}",
        "search_common": f"/en/documents/?q={quote_plus(COMMON_SEARCH)}",
        "search_two": f"/en/documents/?q={quote_plus(TWO_COMMON_WORDS)}",
        "search_rare": f"/en/documents/?q={RARE_WORD}",
        "last_page": f"/en/documents/?page={max(1, -(-listed // PAGE_SIZE))}",
        "home": "/en/",
        "countries": "/en/countries/",
        "country": "/en/countries/it/",
        "meetings": "/en/meetings/",
        "meeting": f"/en/meetings/{MEETING}/",
        "topic": topic.get_absolute_url(),
        "source": source.get_absolute_url(),
        "document": document.get_absolute_url(),
        "actions": "/en/actions/",
        "csv": "/en/documents.csv?country=IT",
        "json": "/en/documents.json?country=IT",
        "feed": "/en/feeds/documents.atom",
        "calendar": f"/en/meetings/{MEETING}.ics",
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
        counted[key] = Counted(url, response.status_code, len(captured), len(content))
    return counted


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cwgcop.settings")
    import django

    django.setup()
    print(json.dumps({key: asdict(value) for key, value in count(addresses()).items()}))


if __name__ == "__main__":
    main()
