"""`manage.py recount` repairs counts written past the application (a restore, SQL by
hand): the pages kept with the wrong counts are not served again."""

import io

import pytest
from django.core.management import call_command

from contributions.models import CountedDocument, GroupTotal, ListedCount, SubjectTotal

pytestmark = pytest.mark.django_db

COUNTRIES = "/en/countries/"
NONE = "No country has published documents yet."
ITALY_ROW = '<td><a href="/en/countries/it/">Italy</a></td><td class="numeric">1</td>'


def _page(visitor) -> tuple[str, bool, bool]:
    response = visitor.get(COUNTRIES)
    page = response.content.decode()
    return response["X-Page-Cache"], NONE in page, ITALY_ROW in page


def test_pages_kept_with_counts_lost_show_the_counts_repaired(page_cache, visitor, document_in):
    document_in("published")
    for counted in (ListedCount, SubjectTotal, GroupTotal, CountedDocument):
        counted.objects.all().delete()  # past the application: nothing is told
    assert _page(visitor) == ("miss", True, False)
    assert _page(visitor) == ("hit", True, False)

    call_command("recount", stdout=io.StringIO())

    assert _page(visitor) == ("miss", False, True)
