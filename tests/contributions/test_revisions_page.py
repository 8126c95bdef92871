"""The public document page shows the publication date and every public revision."""

import pytest

from contributions import services
from contributions.models import Document
from tests.contributions.conftest import attach_pdf

pytestmark = pytest.mark.django_db


def _publish_revision(original: Document, by) -> Document:
    revision = services.create_revision(document=original, by=by)
    attach_pdf(revision)
    services.submit_document(document=revision, by=by)
    services.accept_document(document=revision, by=by)
    services.publish_documents(documents=[revision], by=by)
    return Document.objects.get(pk=revision.pk)


def test_revision_page_links_the_earlier_revision_and_its_file(client, people, document_in):
    original = document_in("published")
    revision = _publish_revision(original, people["secretariat"])

    response = client.get(revision.get_absolute_url())

    text = response.content.decode()
    assert response.status_code == 200
    assert "Revisions" in text
    earlier = f'<a href="{original.get_absolute_url()}">CWG-COP-22/INF/1</a>'
    assert f'{earlier} <span class="muted">(earlier)</span>' in text
    assert original.files.get().get_absolute_url() in text
    assert revision.published_at.strftime("%-d %B %Y") in text


def test_superseded_file_still_downloads(client, people, document_in):
    original = document_in("published")
    _publish_revision(original, people["secretariat"])

    response = client.get(original.files.get().get_absolute_url())

    assert response.status_code == 200


def test_revision_in_the_workflow_is_not_shown_on_the_public_page(client, people, document_in):
    original = document_in("published")
    draft = services.create_revision(document=original, by=people["delegate"])

    response = client.get(original.get_absolute_url())

    assert response.status_code == 200
    assert "Revisions" not in response.content.decode()
    assert f"/en/cwg-cop/documents/id/{draft.pk}/" not in response.content.decode()


def test_page_without_revisions_has_no_revisions_section(client, document_in):
    document = document_in("published")

    response = client.get(document.get_absolute_url())

    assert "revisions-heading" not in response.content.decode()


def test_revision_of_a_document_numbered_by_hand_keeps_its_number(client, people, document_in):
    original = document_in("published")
    original.sequence = None
    original.number = "WG-CP-19/INF/7"
    original.save()

    revision = _publish_revision(original, people["secretariat"])

    assert revision.number == "WG-CP-19/INF/7(Rev.1)"
    text = client.get(revision.get_absolute_url()).content.decode()
    earlier = f'<a href="{original.get_absolute_url()}">WG-CP-19/INF/7</a>'
    assert f'{earlier} <span class="muted">(earlier)</span>' in text


def test_superseded_revision_keeps_its_page_with_a_notice(client, people, document_in):
    original = document_in("published", title="Original wording")
    revision = _publish_revision(original, people["secretariat"])

    response = client.get(original.get_absolute_url())

    text = response.content.decode()
    assert response.status_code == 200
    assert "This revision has been superseded by a later one" in text
    assert f'<a href="{revision.get_absolute_url()}">{revision.number}</a>' in text
    assert "(later)" in text


def test_superseded_revision_is_not_listed_with_the_current_documents(client, people, document_in):
    original = document_in("published")
    revision = _publish_revision(original, people["secretariat"])

    response = client.get("/en/cwg-cop/documents/")

    numbers = [document.number for document in response.context["documents"]]
    assert numbers == [revision.number]
