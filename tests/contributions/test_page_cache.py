"""The page cache keeps anonymous visitors' pages and drops them the moment the public's
view changes: on the in-process cache and on Redis (a database of its own, a key prefix
per run), as production uses it."""

from pathlib import Path

import pytest

from contributions import services
from contributions.models import Document
from cwgcop import kept
from meetings.models import Meeting
from tests.factories import MeetingFactory
from tests.formdata import form_data

pytestmark = pytest.mark.django_db


def test_second_visit_is_served_from_the_cache_without_a_query(
    page_cache, visitor, document_in, django_assert_num_queries
):
    document_in("published", title="Safer Internet Day")
    first = visitor.get("/en/cwg-cop/documents/")

    with django_assert_num_queries(0):
        second = visitor.get("/en/cwg-cop/documents/")

    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]
    assert "Safer Internet Day" in second.content.decode()


def test_publication_shows_at_once(page_cache, visitor, document_in, people):
    document = document_in("accepted", title="Age assurance in app stores")
    before = visitor.get("/en/cwg-cop/documents/")

    services.publish_document(document=document, by=people["secretariat"])
    after = visitor.get("/en/cwg-cop/documents/")

    assert "Age assurance in app stores" not in before.content.decode()
    assert after["X-Page-Cache"] == "miss"
    assert "Age assurance in app stores" in after.content.decode()


def test_unpublication_shows_at_once(page_cache, visitor, document_in, people):
    document = document_in("published", title="Age assurance in app stores")
    visitor.get("/en/countries/it/")

    services.unpublish_document(document=document, by=people["secretariat"], reason="Wrong file")
    after = visitor.get("/en/countries/it/")

    assert after["X-Page-Cache"] == "miss"
    assert "Age assurance in app stores" not in after.content.decode()


def test_edit_of_a_published_document_shows_at_once(page_cache, visitor, document_in, people):
    document = document_in("published", title="Age assurance in app stores")
    visitor.get(document.get_absolute_url())

    services.update_document(
        document=document, by=people["secretariat"], changes={"title": "Age assurance, revised"}
    )
    after = visitor.get(document.get_absolute_url())

    assert after["X-Page-Cache"] == "miss"
    assert "Age assurance, revised" in after.content.decode()


def test_a_change_to_a_draft_keeps_the_cache(page_cache, visitor, document_in, people):
    draft = document_in("draft", title="Not public yet")
    visitor.get("/en/cwg-cop/documents/")

    services.update_document(
        document=draft, by=people["secretariat"], changes={"title": "Still not public"}
    )
    after = visitor.get("/en/cwg-cop/documents/")

    assert after["X-Page-Cache"] == "hit"


def test_meeting_changed_in_the_admin_shows_at_once(page_cache, visitor, client, people):
    meeting = MeetingFactory(number=30, venue="Geneva", status=Meeting.Status.HELD)
    visitor.get("/en/cwg-cop/meetings/30/")
    client.force_login(people["secretariat"])
    url = f"/admin/meetings/meeting/{meeting.pk}/change/"
    data = form_data(client.get(url).content.decode(), "meeting_form")
    data["venue"] = "Kigali"

    response = client.post(url, data)
    after = visitor.get("/en/cwg-cop/meetings/30/")

    assert response.status_code == 302
    assert after["X-Page-Cache"] == "miss"
    assert "Kigali" in after.content.decode()


def test_new_meeting_added_in_the_admin_shows_at_once(page_cache, visitor, client, people):
    visitor.get("/en/cwg-cop/meetings/")
    client.force_login(people["secretariat"])
    data = form_data(client.get("/admin/meetings/meeting/add/").content.decode(), "meeting_form")
    data.update(
        number="31",
        start_date="2027-05-10",
        end_date="2027-05-11",
        venue="Kigali",
        status="planned",
        format="hybrid",
    )

    response = client.post("/admin/meetings/meeting/add/", data)
    after = visitor.get("/en/cwg-cop/meetings/")

    assert response.status_code == 302
    assert Meeting.objects.filter(number=31).exists()
    assert after["X-Page-Cache"] == "miss"
    assert 'href="/en/cwg-cop/meetings/31/"' in after.content.decode()


def test_signed_in_people_get_fresh_private_pages(page_cache, client, people, document_in):
    document_in("published", title="Safer Internet Day")
    client.force_login(people["delegate"])

    first = client.get("/en/cwg-cop/documents/")
    second = client.get("/en/cwg-cop/documents/")

    assert "X-Page-Cache" not in first
    assert "X-Page-Cache" not in second
    assert "private" in second["Cache-Control"]


def test_admin_pages_are_never_kept(page_cache, visitor):
    visitor.get("/admin/login/")
    response = visitor.get("/admin/login/")

    assert "X-Page-Cache" not in response


PUBLIC_PAGES = [
    "/en/cwg-cop/",
    "/en/cwg-cop/documents/",
    "/en/cwg-cop/documents/?q=internet",
    "/en/countries/",
    "/en/countries/it/",
    "/en/cwg-cop/meetings/",
    "/en/cwg-cop/meetings/21/",
    "/en/cwg-cop/meetings/21.ics",
    "/en/cwg-cop/documents/CWG-COP-21/INF/1/",
    "/en/sources/oecd/",
    "/en/cwg-cop/topics/",
    "/en/cwg-cop/feeds/documents.atom",
    "/fr/cwg-cop/documents/",
]


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_anonymous_pages_set_no_cookie_and_do_not_vary_on_it(demo, visitor, url):
    response = visitor.get(url)

    assert response.status_code == 200
    assert response.cookies == {}
    assert "cookie" not in response.get("Vary", "").lower()


@pytest.mark.parametrize(
    "url",
    ["/en/cwg-cop/documents/", "/en/cwg-cop/meetings/21/", "/en/cwg-cop/feeds/documents.atom"],
)
def test_pages_answer_304_to_their_etag_served_or_kept(demo, page_cache, visitor, url):
    first = visitor.get(url)

    fresh = visitor.get(url, headers={"if-none-match": first["ETag"]})
    kept = visitor.get(url, headers={"if-none-match": first["ETag"]})

    assert (fresh.status_code, kept.status_code) == (304, 304)
    assert fresh.content == b""


def test_feed_answers_304_when_not_modified_since(demo, visitor):
    first = visitor.get("/en/cwg-cop/feeds/documents.atom")

    again = visitor.get(
        "/en/cwg-cop/feeds/documents.atom", headers={"if-modified-since": first["Last-Modified"]}
    )

    assert again.status_code == 304


def test_published_file_answers_304_to_its_etag_and_date(visitor, document_in):
    document = document_in("published")
    document_file = document.files.get()
    url = document_file.get_absolute_url()
    first = visitor.get(url)

    by_etag = visitor.get(url, headers={"if-none-match": first["ETag"]})
    by_date = visitor.get(url, headers={"if-modified-since": first["Last-Modified"]})

    assert first.status_code == 200
    assert first["ETag"] == f'"{document_file.sha256}"'
    assert (by_etag.status_code, by_date.status_code) == (304, 304)


def test_unpublished_file_is_not_revealed_by_a_conditional_request(visitor, document_in):
    document = document_in("accepted")
    document_file = document.files.get()

    response = visitor.get(
        document_file.get_absolute_url(), headers={"if-none-match": f'"{document_file.sha256}"'}
    )

    assert response.status_code == 404


def test_a_source_renamed_drops_every_kept_page(page_cache, visitor, document_in):
    document = document_in("published", title="Safer Internet Day")
    visitor.get("/en/cwg-cop/documents/")
    visitor.get("/en/countries/it/")

    source = document.sources.get()
    source.name = "Italian Republic"
    source.save()
    pages = [visitor.get("/en/cwg-cop/documents/"), visitor.get("/en/countries/it/")]

    assert [page["X-Page-Cache"] for page in pages] == ["miss", "miss"]


def _italy_row(response) -> str:
    text = response.content.decode()
    row = text[text.index('href="/en/countries/it/"') :]
    return row[: row.index("</tr>")]


def test_kept_counts_are_read_without_a_query_until_a_publication(
    counts_cache, visitor, document_in, people, django_assert_max_num_queries
):
    document_in("published", title="Safer Internet Day")
    accepted = document_in("accepted", title="Age assurance in app stores")
    before = visitor.get("/en/countries/")
    with django_assert_max_num_queries(0):
        from contributions import selectors

        selectors.member_states_by_region()

    services.publish_document(document=accepted, by=people["secretariat"])
    after = visitor.get("/en/countries/")

    assert _italy_row(before).endswith('<td class="numeric">1</td>')
    assert _italy_row(after).endswith('<td class="numeric">2</td>')


def test_kept_filter_choices_follow_an_unpublication(counts_cache, visitor, document_in, people):
    document = document_in("published", title="Safer Internet Day")
    before = visitor.get("/en/cwg-cop/documents/")

    services.unpublish_document(document=document, by=people["secretariat"], reason="Sent twice")
    after = visitor.get("/en/cwg-cop/documents/")

    assert 'name="country" value="IT"' in before.content.decode()
    assert 'name="country" value="IT"' not in after.content.decode()


def test_a_deploy_drops_every_kept_page(page_cache, visitor, document_in, settings):
    document_in("published", title="Safer Internet Day")
    settings.CACHE_RELEASE = "2026-12-01"
    visitor.get("/en/cwg-cop/documents/")
    kept = visitor.get("/en/cwg-cop/documents/")

    settings.CACHE_RELEASE = "2026-12-03"
    deployed = visitor.get("/en/cwg-cop/documents/")

    assert (kept["X-Page-Cache"], deployed["X-Page-Cache"]) == ("hit", "miss")


# What renders a page, in each app of the site: the names of the groups, the lists of
# similar documents, the settings of a signed-in person.
RENDERING = (
    "workinggroups/templatetags/working_groups.py",
    "related/templatetags/similar_documents.py",
    "accounts/templatetags/account_settings.py",
)


@pytest.mark.parametrize("changed", RENDERING)
def test_a_deploy_that_changes_any_app_drops_every_kept_page(
    page_cache, visitor, document_in, settings, monkeypatch, changed
):
    document_in("published", title="Safer Internet Day")
    settings.CACHE_RELEASE = ""  # the release is the digest of the code
    kept._code_digest.cache_clear()
    visitor.get("/en/cwg-cop/documents/")
    before = visitor.get("/en/cwg-cop/documents/")

    deployed_file, read = Path(settings.BASE_DIR) / changed, Path.read_bytes
    monkeypatch.setattr(
        Path, "read_bytes", lambda path: read(path) + b"\n" * (path == deployed_file)
    )
    kept._code_digest.cache_clear()
    try:
        after = visitor.get("/en/cwg-cop/documents/")
    finally:
        monkeypatch.undo()
        kept._code_digest.cache_clear()

    assert (before["X-Page-Cache"], after["X-Page-Cache"]) == ("hit", "miss")


EXPORTS = ("/en/cwg-cop/documents.csv", "/en/cwg-cop/documents.json")


@pytest.mark.parametrize("export", EXPORTS)
def test_an_export_is_kept_as_a_page_and_follows_a_publication(
    page_cache, visitor, document_in, people, export, django_assert_num_queries
):
    document_in("published", title="Safer Internet Day")
    accepted = document_in("accepted", title="Age assurance in app stores")
    first = visitor.get(export)

    with django_assert_num_queries(0):
        second = visitor.get(export)
    services.publish_document(document=accepted, by=people["secretariat"])
    after = visitor.get(export)

    assert (first["X-Page-Cache"], second["X-Page-Cache"], after["X-Page-Cache"]) == (
        "miss",
        "hit",
        "miss",
    )
    assert second.content == first.content
    assert ("Safer Internet Day" in first.content.decode()) is True
    assert ("Age assurance in app stores" in first.content.decode()) is False
    assert "Age assurance in app stores" in after.content.decode()


@pytest.mark.parametrize("export", EXPORTS)
def test_an_export_longer_than_the_limit_is_streamed_every_time(
    page_cache, visitor, document_in, settings, export
):
    settings.KEPT_EXPORT_BYTES = 100
    document = document_in("published", title="Safer Internet Day")
    first = visitor.get(export)
    body = first.getvalue().decode()

    Document.objects.filter(pk=document.pk).update(title="Changed behind the cache's back")
    second = visitor.get(export)

    assert (first.streaming, second.streaming) == (True, True)
    assert "X-Page-Cache" not in second
    assert len(body) > 100
    assert "Safer Internet Day" in body
    assert "Changed behind the cache's back" in second.getvalue().decode()


def test_a_head_request_is_answered_from_the_kept_export(
    page_cache, visitor, document_in, django_assert_num_queries
):
    document_in("published", title="Safer Internet Day")
    got = visitor.get("/en/cwg-cop/documents.csv")

    with django_assert_num_queries(0):
        head = visitor.head("/en/cwg-cop/documents.csv")

    assert (head.status_code, head["X-Page-Cache"], head.content) == (200, "hit", b"")
    assert head["Content-Type"] == got["Content-Type"] == "text/csv; charset=utf-8"
    assert head["Content-Disposition"] == 'attachment; filename="cwg-cop-documents.csv"'
