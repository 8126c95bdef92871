"""The admin doors of members-only documents: the secretariat sets the level of a document
and of each file, a delegate may ask for it, and nobody else's delegate reaches the files."""

import pytest

from contributions.models import Document, DocumentFile
from tests.contributions.admin_pages import ADD_URL, change_url, post_form
from tests.formdata import form_data

pytestmark = pytest.mark.django_db


def test_secretariat_makes_a_published_document_members_only(client, cast, document_in):
    document = document_in("published")
    client.force_login(cast["secretariat"])

    response = post_form(client, change_url(document), access="members")

    document.refresh_from_db()
    assert response.status_code == 302
    assert document.access == Document.Access.MEMBERS


def test_secretariat_makes_one_file_members_only(client, cast, document_in):
    document = document_in("published")
    client.force_login(cast["secretariat"])
    data = form_data(client.get(change_url(document)).content.decode(), form_id="document_form")
    access_fields = [name for name in data if name.endswith("-access")]

    response = client.post(change_url(document), {**data, access_fields[0]: "members"})

    assert response.status_code == 302
    assert list(DocumentFile.objects.values_list("access", flat=True)) == ["members"]
    assert Document.objects.get(pk=document.pk).access == Document.Access.PUBLIC


def test_delegate_asks_for_members_only_and_cannot_set_it(client, cast, document_in):
    document = document_in("draft")
    client.force_login(cast["delegate"])
    page = client.get(change_url(document)).content.decode()

    response = post_form(
        client, change_url(document), members_only_requested="on", access="members"
    )

    document.refresh_from_db()
    assert response.status_code == 302
    assert 'name="access"' not in page
    assert (document.members_only_requested, document.access) == (True, "public")


def test_delegate_asks_for_members_only_on_a_new_document(client, cast, meeting, italy):
    client.force_login(cast["delegate"])

    response = post_form(
        client,
        ADD_URL,
        meeting=str(meeting.pk),
        kind="contribution",
        title="Final list of participants",
        sources=[str(italy.pk)],
        original_language="en",
        members_only_requested="on",
    )

    document = Document.objects.get()
    assert response.status_code == 302
    assert (document.members_only_requested, document.access) == (True, "public")


def test_secretariat_sees_the_request(client, cast, document_in):
    document = document_in("submitted", members_only_requested=True)
    client.force_login(cast["secretariat"])

    data = form_data(client.get(change_url(document)).content.decode(), form_id="document_form")

    assert (data["members_only_requested"], data["access"]) == ("on", "public")


def test_chair_reads_the_level_without_changing_it(client, cast, document_in):
    document = document_in("published", access=Document.Access.MEMBERS)
    client.force_login(cast["chair"])

    page = client.get(change_url(document)).content.decode()

    assert "Members only" in page
    assert 'name="access"' not in page


@pytest.mark.parametrize("role", ["non_member", "other_delegate"])
def test_another_sources_delegate_gets_nothing_of_a_members_only_document_in_the_admin(
    client, cast, document_in, role
):
    document = document_in("accepted", access=Document.Access.MEMBERS)
    document_file = document.files.get()
    client.force_login(cast[role])

    change = client.get(change_url(document))
    history = client.get(f"/admin/contributions/document/{document.pk}/history/")
    download = client.get(document_file.get_absolute_url())
    listing = client.get("/admin/contributions/document/").content.decode()

    assert (change.status_code, history.status_code, download.status_code) == (404, 404, 404)
    assert document.title not in listing


def test_non_member_delegate_reads_their_own_members_only_document_file(client, cast, document_in):
    document = document_in("published", access=Document.Access.MEMBERS)
    document.document_sources.all().delete()
    document.sources.add(cast["non_member"].represented_sources.get())
    client.force_login(cast["non_member"])

    change = client.get(change_url(document))
    download = client.get(document.files.get().get_absolute_url())

    assert (change.status_code, download.status_code) == (200, 200)
