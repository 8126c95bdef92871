"""A published report stays as it was published: its page and its Word file do not follow
the records afterwards; what changed is shown to the secretariat and the chair, and
publishing again issues a revision that supersedes it."""

import io

import docx
import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.utils import translation
from django.utils.html import escape

from contributions.models import Document
from meetings.models import Meeting, Outcome, Presentation, PublishedReport
from meetings.services import publish_meeting_report
from tests.factories import UserFactory
from workinggroups.models import GroupRole, WorkingGroup

pytestmark = pytest.mark.django_db

NEW_SUMMARY = "The delegate of Italy described the national helpline, rewritten after the meeting."
NEW_OUTCOME = "Secretariat to circulate the revised questionnaire by 1 March."


@pytest.fixture
def secretariat(demo):
    return get_user_model().objects.get(username="secretariat")


@pytest.fixture
def published(demo):
    """The demo's report of the 21st meeting, published as it was issued."""
    return Document.objects.get(meeting__number=21, kind="report")


def _summarized() -> Presentation:
    return (
        Presentation.objects.filter(meeting__number=21)
        .exclude(summary="")
        .filter(document__status="published")
        .order_by("order")
        .first()
    )


def _edit_the_records() -> tuple[str, str]:
    """Change a presentation's summary and an outcome; their old texts, as a page shows them."""
    presentation = _summarized()
    old_summary = presentation.summary
    presentation.summary = NEW_SUMMARY
    presentation.save()
    outcome = Outcome.objects.filter(meeting__number=21).order_by("pk").first()
    old_outcome = outcome.text
    outcome.text = NEW_OUTCOME
    outcome.save()
    return escape(old_summary), escape(old_outcome)


def _word_text(content: bytes) -> str:
    return "\n".join(paragraph.text for paragraph in docx.Document(io.BytesIO(content)).paragraphs)


def _article(page: str) -> str:
    return page[page.index('<article class="report">') : page.index("</article>")]


def test_page_and_word_file_stay_as_published_when_the_records_change(client, published):
    page_before = client.get("/en/cwg-cop/meetings/21/report/").content.decode()
    word_before = client.get("/en/cwg-cop/meetings/21/report.docx").getvalue()
    old_summary, old_outcome = _edit_the_records()

    page = client.get("/en/cwg-cop/meetings/21/report/").content.decode()
    word = client.get("/en/cwg-cop/meetings/21/report.docx")

    assert _article(page) == _article(page_before)
    assert old_summary in page
    assert NEW_SUMMARY not in page
    assert old_outcome in page
    assert NEW_OUTCOME not in page
    content = word.getvalue()
    assert content == word_before
    assert _summarized().summary == NEW_SUMMARY
    assert old_summary.replace("&#x27;", "'").replace("&quot;", '"') in _word_text(content)
    assert NEW_SUMMARY not in _word_text(content)
    assert word["Content-Disposition"] == 'attachment; filename="CWG-COP-21-REP-1-en.docx"'
    # The public is not told of a revision that is not published.
    assert "The records have changed" not in page


@pytest.mark.parametrize("username", ["secretariat", "chair"])
def test_secretariat_and_chair_see_what_changed_line_by_line(client, published, username):
    old_summary, old_outcome = _edit_the_records()
    client.force_login(get_user_model().objects.get(username=username))

    response = client.get("/en/cwg-cop/meetings/21/report/")
    page = response.content.decode()

    assert "The records have changed since the report was published" in page
    changes = {(c.change, escape(c.before), c.after) for c in response.context["changes"]}
    assert changes == {("changed", old_summary, NEW_SUMMARY), ("changed", old_outcome, NEW_OUTCOME)}
    # The report itself is still the published one.
    assert old_summary in _article(page)
    assert NEW_SUMMARY not in _article(page)


PUBLISH_LINK = "Publish the revision: select the meeting, then “Publish the generated report”"


def test_publish_link_is_for_the_meetings_own_secretariat(client, published, secretariat):
    # The chair of CWG-COP is also the secretariat of another group, whose reports they
    # publish; this one is published by CWG-COP's secretariat.
    chair = get_user_model().objects.get(username="chair")
    other_group = WorkingGroup.objects.create(
        slug="cwg-test", acronym="CWG-TEST", name="Testing", order=9
    )
    GroupRole.objects.create(working_group=other_group, user=chair, role="secretariat")
    _edit_the_records()

    client.force_login(chair)
    as_chair = client.get("/en/cwg-cop/meetings/21/report/").content.decode()
    client.force_login(secretariat)
    as_secretariat = client.get("/en/cwg-cop/meetings/21/report/").content.decode()

    assert as_chair.count("Read the draft of the revision") == 1
    assert as_chair.count(PUBLISH_LINK) == 0
    assert as_secretariat.count(PUBLISH_LINK) == 1


def test_no_change_is_said_as_such_to_the_secretariat(client, published, secretariat):
    client.force_login(secretariat)

    response = client.get("/en/cwg-cop/meetings/21/report/")

    assert response.context["changes"] == []
    assert "The records have not changed since the report was published" in (
        response.content.decode()
    )


def test_draft_of_the_revision_is_the_secretariat_s_and_the_public_gets_the_published_one(
    client, published, secretariat
):
    _edit_the_records()

    public = client.get("/en/cwg-cop/meetings/21/report/?draft=1").content.decode()
    public_word = client.get("/en/cwg-cop/meetings/21/report.docx?draft=1").getvalue()
    client.force_login(secretariat)
    draft = client.get("/en/cwg-cop/meetings/21/report/?draft=1").content.decode()
    draft_word = client.get("/en/cwg-cop/meetings/21/report.docx?draft=1").content

    assert NEW_SUMMARY not in public
    assert NEW_SUMMARY not in _word_text(public_word)
    assert NEW_SUMMARY in _article(draft)
    assert 'class="draft-mark"' in draft
    assert NEW_SUMMARY in _word_text(draft_word)


def test_publishing_again_issues_the_revision_and_both_versions_stay_readable(
    client, published, secretariat, django_capture_on_commit_callbacks
):
    old_summary, _old_outcome = _edit_the_records()
    with django_capture_on_commit_callbacks(execute=True):
        revision = publish_meeting_report(meeting=published.meeting, by=secretariat)
    published.refresh_from_db()

    current = client.get("/en/cwg-cop/meetings/21/report/").content.decode()
    first = client.get("/en/cwg-cop/meetings/21/report/0/").content.decode()
    word = client.get("/en/cwg-cop/meetings/21/report.docx")

    assert (revision.number, published.status) == ("CWG-COP-21/REP/1(Rev.1)", "superseded")
    assert NEW_SUMMARY in _article(current)
    assert old_summary not in _article(current)
    assert old_summary in _article(first)
    assert NEW_SUMMARY not in _article(first)
    assert "This version is superseded by CWG-COP-21/REP/1(Rev.1)." in first
    assert 'href="/en/cwg-cop/meetings/21/report/0/">CWG-COP-21/REP/1</a>' in current
    assert NEW_SUMMARY in _word_text(word.getvalue())
    assert word["Content-Disposition"] == 'attachment; filename="CWG-COP-21-REP-1-Rev-1-en.docx"'
    assert client.get("/en/cwg-cop/meetings/21/report/7/").status_code == 404


def test_report_published_from_a_french_page_is_stored_in_english(demo, secretariat):
    with translation.override("fr"):
        document = publish_meeting_report(meeting=Meeting.objects.get(number=21), by=secretariat)

    stored = PublishedReport.objects.get(document=document)
    assert stored.language == "en"
    assert stored.title.startswith("Report of the twenty-first meeting")


def test_french_page_shows_the_english_report_marked_as_english(client, published):
    page = client.get("/fr/cwg-cop/meetings/21/report/").content.decode()

    assert '<div lang="en" dir="auto"><article class="report">' in page
    assert '<h1 dir="auto">Report of the twenty-first meeting' in page
    assert '<h2 id="purpose">Purpose</h2>' in _article(page)


def test_an_unpublished_report_is_no_longer_served(client, published, secretariat):
    from contributions import services

    services.unpublish_document(document=published, by=secretariat, reason="Wrong annex.")

    assert client.get("/en/cwg-cop/meetings/21/report/").status_code == 404
    assert client.get("/en/cwg-cop/meetings/21/report.docx").status_code == 404
    assert client.get("/en/cwg-cop/meetings/21/report/0/").status_code == 404


def test_a_delegate_sees_no_changes_and_no_draft(client, published):
    _edit_the_records()
    client.force_login(UserFactory())

    response = client.get("/en/cwg-cop/meetings/21/report/?draft=1")

    assert response.context["changes"] is None
    assert NEW_SUMMARY not in response.content.decode()


def test_migration_stores_the_current_rendering_of_reports_already_published(client, published):
    from importlib import import_module

    stored = PublishedReport.objects.get(document=published)
    html = stored.html
    stored.delete()
    migration = import_module("meetings.migrations.0005_published_report")

    migration.store_current_reports(apps, None)
    _edit_the_records()

    again = PublishedReport.objects.get(document=published)
    assert (again.html, again.language, again.meeting.number) == (html, "en", 21)
    assert NEW_SUMMARY not in _article(
        client.get("/en/cwg-cop/meetings/21/report/").content.decode()
    )
