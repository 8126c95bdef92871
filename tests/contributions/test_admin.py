"""The admin as each role uses it: what they see, what they may do, what the forms say."""

import html
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from contributions.files import FileRejected, inspect_upload
from contributions.models import Document, DocumentFile, InternalNote
from meetings.models import Meeting
from tests.contributions import corpus
from tests.formdata import form_data

pytestmark = pytest.mark.django_db


def _login(client, username: str):
    client.force_login(get_user_model().objects.get(username=username))
    return client


def _change_url(document: Document) -> str:
    return reverse("admin:contributions_document_change", args=[document.pk])


def _action_url(document: Document, action: str) -> str:
    return reverse("admin:contributions_document_workflow", args=[document.pk, action])


def _italian(status: str) -> Document:
    return Document.objects.get(meeting__number=22, sources__slug="italy", status=status)


def _stored_files(settings) -> set[str]:
    return {
        str(path.relative_to(settings.MEDIA_ROOT))
        for path in settings.MEDIA_ROOT.rglob("*")
        if path.is_file()
    }


def _post_change_form(client, document: Document, **changes):
    """Post the document's change form as the browser shows it, with these changes."""
    page = client.get(_change_url(document))
    data = form_data(page.content.decode(), form_id="document_form")
    data.update(changes)
    return client.post(_change_url(document), data)


# ---- Who sees what


def test_delegate_changelist_shows_only_their_sources_documents(client, demo):
    _login(client, "delegate-israel")

    response = client.get(reverse("admin:contributions_document_changelist"))

    listed = set(response.context["cl"].result_list)
    assert listed == set(Document.objects.filter(sources__slug="israel"))
    assert _italian("draft").title not in response.content.decode()


@pytest.mark.parametrize("view", ["change", "history", "workflow"])
def test_delegate_guessing_another_sources_document_url_gets_404(client, demo, view):
    document = _italian("submitted")
    _login(client, "delegate-israel")
    urls = {
        "change": _change_url(document),
        "history": reverse("admin:contributions_document_history", args=[document.pk]),
        "workflow": _action_url(document, "withdraw"),
    }

    response = client.get(urls[view])

    assert response.status_code == 404


def test_delegate_does_not_see_internal_notes(client, demo):
    document = _italian("submitted")
    InternalNote.objects.create(
        document=document, at=document.submitted_at, text="Check the figures with AGCOM."
    )

    delegate_page = _login(client, "delegate-italy").get(_change_url(document))
    secretariat_page = _login(client, "secretariat").get(_change_url(document))

    assert "Check the figures with AGCOM." not in delegate_page.content.decode()
    assert "Check the figures with AGCOM." in secretariat_page.content.decode()


def test_delegate_reads_the_return_reason(client, demo):
    returned = Document.objects.get(meeting__number=22, status="returned")

    response = _login(client, "delegate-israel").get(_change_url(returned))

    text = response.content.decode()
    assert "The title entered in the form does not match the title" in text
    assert "Returned by the secretariat on" in text


def test_chair_sees_queue_and_documents_read_only(client, demo):
    document = _italian("submitted")
    _login(client, "chair")

    queue = client.get(reverse("admin:contributions_document_queue"))
    page = client.get(_change_url(document))
    post = client.post(_change_url(document), {"title": "Changed"})
    act = client.get(_action_url(document, "accept"))

    assert queue.status_code == 200
    assert document.title in queue.content.decode()
    assert "You see the queue read-only." in queue.content.decode()
    assert page.status_code == 200
    assert page.context["workflow_actions"] == []
    assert (post.status_code, act.status_code) == (403, 403)


def test_delegate_may_not_open_the_review_queue(client, demo):
    response = _login(client, "delegate-italy").get(reverse("admin:contributions_document_queue"))

    assert response.status_code == 403


def test_admin_index_shows_queue_counts_to_the_secretariat(client, demo):
    secretariat = _login(client, "secretariat").get(reverse("admin:index")).content.decode()
    delegate = _login(client, "delegate-italy").get(reverse("admin:index")).content.decode()

    assert "1 document waits for review" in secretariat
    assert "waits for review" not in delegate


def test_review_queue_oldest_first_with_late_flag(client, demo, people, document_in):
    from django.utils import timezone

    late = Document.objects.create(
        meeting=Meeting.objects.get(number=22),
        kind="information",
        title="A late one",
        status="submitted",
        is_late=True,
        submitted_at=timezone.now(),
    )

    response = _login(client, "secretariat").get(reverse("admin:contributions_document_queue"))

    queue = list(response.context["documents"])
    assert queue == [_italian("submitted"), late]
    assert response.context["counts"] == {"submitted": 2, "late": 1, "accepted": 0}


# ---- Drafting and files


def test_delegate_drafts_for_their_source_only(client, demo):
    _login(client, "delegate-italy")
    add = reverse("admin:contributions_document_add")
    page = client.get(add)
    offered = [source.slug for source in page.context["adminform"].form.fields["sources"].queryset]
    meeting = Meeting.objects.get(number=22)
    data = form_data(page.content.decode(), form_id="document_form")
    data.update(
        {
            "meeting": meeting.pk,
            "kind": "information",
            "title": "Safer Internet Day in Italy",
            "sources": [str(_source_pk("italy"))],
            "original_language": "en",
            "summary": "",
            "number": "CWG-COP-22/INF/99",
            "status": "published",
        }
    )

    response = client.post(add, data)

    document = Document.objects.get(title="Safer Internet Day in Italy")
    assert offered == ["italy"]
    assert response.status_code == 302
    assert response["Location"] == _change_url(document)
    assert (document.status, document.number, document.created_by.username) == (
        "draft",
        "",
        "delegate-italy",
    )
    assert [event.to_status for event in document.events.all()] == ["draft"]


def _source_pk(slug: str) -> int:
    from contributions.models import Source

    return Source.objects.get(slug=slug).pk


def test_delegate_cannot_draft_for_another_source(client, demo):
    _login(client, "delegate-italy")

    response = client.post(
        reverse("admin:contributions_document_add"),
        {
            "meeting": Meeting.objects.get(number=22).pk,
            "kind": "information",
            "title": "Not ours",
            "sources": [str(_source_pk("israel"))],
            "original_language": "en",
        },
    )

    assert response.status_code == 200
    assert "sources" in response.context["adminform"].form.errors
    assert not Document.objects.filter(title="Not ours").exists()


@pytest.mark.parametrize(
    ("name", "content", "content_type"), corpus.benign_files(), ids=lambda v: str(v)[:30]
)
def test_upload_benign_file_through_the_admin_is_stored(
    client, people, document_in, settings, name, content, content_type
):
    document = document_in("draft")
    client.force_login(people["delegate"])

    response = _post_change_form(
        client,
        document,
        **{"files-2-0-language": "fr", "files-2-0-file": SimpleUploadedFile(name, content)},
    )

    assert response.status_code == 302, response.context["errors"]
    stored = document.files.get(language="fr")
    assert (stored.original_name, stored.content_type) == (name, content_type)
    assert stored.file.name in _stored_files(settings)


@pytest.mark.parametrize(
    ("name", "content", "code"), corpus.hostile_files(), ids=[f[0] for f in corpus.hostile_files()]
)
def test_upload_hostile_file_through_the_admin_shows_message_and_stores_nothing(
    client, people, document_in, settings, name, content, code
):
    settings.DOCUMENT_FILE_MAX_BYTES = corpus.CORPUS_FILE_MAX_BYTES
    with pytest.raises(FileRejected) as refusal:
        inspect_upload(io.BytesIO(content), name=name)
    document = document_in("draft")
    rows, files = DocumentFile.objects.count(), _stored_files(settings)
    client.force_login(people["delegate"])

    response = _post_change_form(
        client,
        document,
        **{"files-2-0-language": "fr", "files-2-0-file": SimpleUploadedFile(name, content)},
    )

    assert response.status_code == 200
    errors = response.context["errors"]
    assert len(errors) == 1
    assert "Please correct the error below." in response.content.decode()
    assert html.escape(refusal.value.messages[0]) in response.content.decode()
    assert (DocumentFile.objects.count(), _stored_files(settings)) == (rows, files)


def test_upload_second_file_in_a_language_replaces_the_first(client, demo, settings):
    document = _italian("draft")  # has an English PDF
    old = document.files.get(language="en")
    _login(client, "delegate-italy")

    response = _post_change_form(
        client,
        document,
        **{
            "files-2-0-language": "en",
            "files-2-0-file": SimpleUploadedFile("again.pdf", corpus.pdf_bytes("Again")),
        },
    )

    assert response.status_code == 302
    assert [(f.language, f.original_name) for f in document.files.all()] == [("en", "again.pdf")]
    assert document.events.last().reason.startswith(f"The English file {old.original_name} (")


def test_delegate_edits_draft_but_not_submitted_document(client, demo):
    _login(client, "delegate-italy")
    draft, submitted = _italian("draft"), _italian("submitted")

    edited = _post_change_form(client, draft, title="A better title")
    refused = client.post(_change_url(submitted), {"title": "Sneaky"})

    assert edited.status_code == 302
    assert Document.objects.get(pk=draft.pk).title == "A better title"
    assert refused.status_code == 403
    assert Document.objects.get(pk=submitted.pk).title == submitted.title


def test_number_and_status_are_never_form_fields(client, demo):
    # The secretariat may give the number as printed on the document; nobody else may.
    for username, allowed in (("delegate-italy", set()), ("secretariat", {"number"})):
        page = _login(client, username).get(_change_url(_italian("draft")))

        fields = page.context["adminform"].form.fields

        assert {"number", "status", "sequence", "is_late", "published_at"} & set(fields) == allowed


def test_delegate_has_no_topics_or_agenda_field(client, demo):
    fields = (
        _login(client, "delegate-italy")
        .get(_change_url(_italian("draft")))
        .context["adminform"]
        .form.fields
    )

    assert {"topics", "agenda_item"} & set(fields) == set()


# ---- Workflow buttons


def test_delegate_submits_through_the_button(client, demo, django_capture_on_commit_callbacks):
    document = _italian("draft")
    _login(client, "delegate-italy")

    page = client.get(_change_url(document))
    confirm = client.get(_action_url(document, "submit"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_action_url(document, "submit"), follow=True)

    # A draft is deleted rather than withdrawn: the deletion is set apart.
    assert [action for action, _spec, _url in page.context["workflow_actions"]] == ["submit"]
    assert page.context["may_delete_draft"] is True
    assert confirm.status_code == 200
    assert Document.objects.get(pk=document.pk).status == "submitted"
    assert "Submitted. The secretariat has been told" in response.content.decode()


def test_secretariat_return_without_reason_shows_the_error(client, demo):
    document = _italian("submitted")
    _login(client, "secretariat")

    response = client.post(_action_url(document, "return"), {"reason": "  "})

    assert response.status_code == 200
    assert "Write the reason: the delegates need to know what to do next." in (
        response.content.decode()
    )
    assert Document.objects.get(pk=document.pk).status == "submitted"


def test_secretariat_returns_with_reason(client, demo):
    document = _italian("submitted")
    _login(client, "secretariat")

    client.post(_action_url(document, "return"), {"reason": "Please add the French version."})

    document.refresh_from_db()
    assert document.status == "returned"
    assert document.events.last().reason == "Please add the French version."


def test_secretariat_accepts_and_publishes(client, demo):
    document = _italian("submitted")
    _login(client, "secretariat")

    accepted = client.post(_action_url(document, "accept"), follow=True)
    client.post(_action_url(document, "publish"))

    document.refresh_from_db()
    assert "Accepted as CWG-COP-22/INF/1." in accepted.content.decode()
    assert (document.status, document.number) == ("published", "CWG-COP-22/INF/1")


def test_delegate_cannot_accept_their_own_document(client, demo):
    document = _italian("submitted")

    response = _login(client, "delegate-italy").post(_action_url(document, "accept"))

    assert response.status_code == 403
    assert Document.objects.get(pk=document.pk).status == "submitted"


def test_secretariat_bulk_publishes_accepted_documents(client, demo, people, document_in):
    first, second = document_in("accepted"), document_in("accepted")
    draft = _italian("draft")
    _login(client, "secretariat")

    client.post(
        reverse("admin:contributions_document_changelist"),
        {
            "action": "publish_selected",
            "_selected_action": [first.pk, second.pk, draft.pk],
        },
    )

    statuses = Document.objects.filter(pk__in=[first.pk, second.pk, draft.pk]).order_by("pk")
    assert [document.status for document in statuses] == ["draft", "published", "published"]


def test_publish_action_not_offered_to_delegates(client, demo):
    response = _login(client, "delegate-italy").get(
        reverse("admin:contributions_document_changelist")
    )

    assert "publish_selected" not in response.content.decode()


def test_secretariat_adds_an_internal_note(client, demo):
    document = _italian("submitted")
    _login(client, "secretariat")

    response = _post_change_form(client, document, **{"internal_notes-0-text": "Ask AGCOM."})

    assert response.status_code == 302
    note = document.internal_notes.get()
    assert (note.text, note.author.username) == ("Ask AGCOM.", "secretariat")


def test_delegate_starts_a_revision_of_a_published_document(client, demo):
    published = Document.objects.get(number="CWG-COP-21/INF/5")
    italy = get_user_model().objects.get(username="delegate-italy")
    published.sources.first().delegates.add(italy)
    _login(client, "delegate-italy")

    response = client.post(_action_url(published, "revise"))

    revision = Document.objects.get(relations__target=published)
    assert response["Location"] == _change_url(revision)
    assert (revision.status, revision.title) == ("draft", published.title)


@pytest.mark.parametrize(
    "url", ["admin:contributions_document_queue", "admin:contributions_document_changelist"]
)
def test_admin_lists_queries_do_not_grow_with_rows(client, people, document_in, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(people["secretariat"])
    document_in("submitted")
    with CaptureQueriesContext(connection) as one:
        client.get(reverse(url))
    for _ in range(4):
        document_in("submitted")

    with CaptureQueriesContext(connection) as five:
        response = client.get(reverse(url))

    assert response.status_code == 200
    assert len(five) == len(one)


def test_failed_text_extraction_is_shown_to_the_secretariat_only(client, people, document_in):
    document = document_in("draft")
    document.files.update(extraction_status="failed", extraction_error="PdfReadError: bad xref")

    client.force_login(people["secretariat"])
    secretariat = client.get(_change_url(document))
    client.force_login(people["delegate"])
    delegate = client.get(_change_url(document))

    assert "PdfReadError: bad xref" in secretariat.content.decode()
    assert "PdfReadError: bad xref" not in delegate.content.decode()
    # Delegates are not shown the text extraction at all: it is the secretariat's concern.
    assert "Text for search" not in delegate.content.decode()


def test_delegate_saves_a_joint_document_without_dropping_the_other_source(
    client, people, document_in, israel
):
    document = document_in("draft")
    document.document_sources.create(source=israel, order=1)
    client.force_login(people["delegate"])

    response = _post_change_form(client, document, title="Joint paper")

    assert response.status_code == 302
    document.refresh_from_db()
    assert document.title == "Joint paper"
    assert [link.source.slug for link in document.document_sources.all()] == ["italy", "israel"]
