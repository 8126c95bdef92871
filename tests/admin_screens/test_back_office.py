"""The back office as each role meets it: the sign-in page and its refusal, the index in
the order of the work and headed for the role, the words of the document and meeting
forms, a title over its length refused in words."""

import html
import json
import re

import pytest
from django.contrib.auth import get_user_model

from contributions.models import Document
from meetings.models import Meeting
from tests.contributions.admin_pages import change_url, page_text, post_form

pytestmark = pytest.mark.django_db


def _person(client, username: str):
    client.force_login(get_user_model().objects.get(username=username))


def _captions(page: str) -> list[str]:
    return [
        html.unescape(re.sub(r"<[^>]+>", "", caption)).strip()
        for caption in re.findall(r"<caption>(.*?)</caption>", page, flags=re.S)
    ]


def test_the_sign_in_page_is_on_the_sites_layout(client):
    page = client.get("/admin/login/").content.decode()

    assert '<header class="site-header">' in page
    assert '<form action="/admin/login/" method="post" id="login-form" class="account-form"' in page
    assert "<h1>Sign in</h1>" in page


def test_a_wrong_password_says_what_is_wrong_and_that_failures_slow_signing_in(client, demo):
    response = client.post(
        "/admin/login/", {"username": "delegate-italy", "password": "not-the-password"}
    )

    assert response.status_code == 200
    text = page_text(response)
    assert (
        "The e-mail address (or user name) or the password is wrong. Check them and try "
        "again; the password's capital letters count. After 5 failed tries, signing in from "
        "here is paused for 30 minutes, and each further failure makes the next try wait "
        "longer. If you have forgotten your password, choose a new one rather than guessing."
    ) in text
    assert "staff account" not in text


def test_the_secretariats_index_lists_the_work_first(client, demo):
    _person(client, "secretariat")

    page = client.get("/admin/").content.decode()

    assert re.search(r"<h1>(.*?)</h1>", page).group(1) == "Secretariat: documents and meetings"
    assert _captions(page) == ["Documents", "Meetings", "Axes"]


def test_the_chairs_index_is_headed_for_the_chair_with_no_empty_column_or_box(client, demo):
    _person(client, "chair")

    page = client.get("/admin/").content.decode()

    assert re.search(r"<h1>(.*?)</h1>", page).group(1) == "Chair: documents and meetings"
    assert _captions(page) == ["Documents", "Meetings"]
    assert "<td></td>" not in page
    assert "Add link" not in page
    assert "recent-actions-module" not in page


def _add_texts(page: str) -> list[str]:
    return [
        json.loads(html.unescape(data))["options"]["addText"]
        for data in re.findall(r'data-inline-formset="([^"]*)"', page)
    ]


def test_the_document_forms_add_another_names_a_file_in_lower_case(client, demo):
    _person(client, "delegate-italy")

    page = client.get("/admin/contributions/document/add/").content.decode()

    assert _add_texts(page) == ["Add another file"]


def test_a_title_over_500_characters_is_refused_in_words_and_kept(client, demo):
    draft = Document.objects.get(meeting__number=22, sources__slug="italy", status="draft")
    _person(client, "delegate-italy")
    long_title = ("Protecting children online " * 19).strip()

    page = client.get(change_url(draft)).content.decode()
    response = post_form(client, change_url(draft), title=long_title)

    title_input = re.search(r'<input[^>]*id="id_title"[^>]*>', page).group(0)
    assert "maxlength" not in title_input
    assert "At most 500 characters." in page_text(client.get(change_url(draft)))
    assert response.status_code == 200
    assert "A title has at most 500 characters; this one has 512. Shorten it." in page_text(
        response
    )
    assert f'value="{long_title}"' in response.content.decode()
    draft.refresh_from_db()
    assert draft.title != long_title


def test_the_meeting_form_names_its_deadline_inputs_and_points_to_help_that_exists(client, demo):
    meeting = Meeting.objects.get(number=22)
    _person(client, "secretariat")

    page = client.get(f"/admin/meetings/meeting/{meeting.pk}/change/").content.decode()

    date_input = re.search(r'<input[^>]*id="id_contribution_deadline_0"[^>]*>', page).group(0)
    time_input = re.search(r'<input[^>]*id="id_contribution_deadline_1"[^>]*>', page).group(0)
    assert 'aria-label="Contribution deadline, date"' in date_input
    assert 'aria-label="Contribution deadline, time"' in time_input
    ids = set(re.findall(r'\sid="([^"]+)"', page))
    described_by = re.findall(r'aria-describedby="([^"]+)"', page)
    assert [ref for refs in described_by for ref in refs.split() if ref not in ids] == []
    assert _add_texts(page) == [
        "Add another officer",
        "Add another agenda item",
        "Add another link to a webcast, recording or captions",
        "Add another report paragraph",
        "Add another line of the list of documents presented (report section 4)",
    ]


def test_a_delegates_index_is_titled_for_the_delegate(client, demo):
    _person(client, "delegate-italy")

    page = client.get("/admin/").content.decode()

    assert re.search(r"<title>(.*?)</title>", page).group(1) == (
        "Your documents and deadlines | CWG-COP Documents"
    )
    assert re.search(r"<h1>(.*?)</h1>", page).group(1) == "Your documents and deadlines"
