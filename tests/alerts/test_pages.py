"""The alert pages: reached from the pages of what can be followed, the same for every
role, and doors that open only with the token of a mail."""

import re

import pytest
from django.core import mail
from django.test import Client

from alerts.models import Alert, Subscriber
from alerts.tokens import manage_token, unsubscribe_token
from tests.contributions.conftest import ROLES
from tests.factories import MeetingFactory, SourceFactory, TopicFactory

from .conftest import links_in, path_of, rows_holding


def alert_link(page) -> str:
    [href] = re.findall(r'<a class="alert-link" href="([^"]*)"', page.content.decode())
    return href.replace("&amp;", "&")


def selected_target(page) -> list[str]:
    return re.findall(r'<option value="([^"]*)" selected>', page.content.decode())


@pytest.mark.parametrize(
    ("page", "link", "preselected"),
    [
        ("/en/countries/it/", "/en/cwg-cop/alerts/?country=IT", "country:IT"),
        ("/en/sources/unicef/", "/en/cwg-cop/alerts/?source=unicef", "source:unicef"),
        ("/en/cwg-cop/topics/helplines/", "/en/cwg-cop/alerts/?topic=helplines", "topic:helplines"),
        ("/en/cwg-cop/meetings/22/", "/en/cwg-cop/alerts/?meeting=22", "meeting:22"),
        ("/en/cwg-cop/documents/", "/en/cwg-cop/alerts/", "everything"),
        (
            "/en/cwg-cop/documents/?topic=helplines",
            "/en/cwg-cop/alerts/?topic=helplines",
            "topic:helplines",
        ),
        ("/fr/countries/it/", "/fr/cwg-cop/alerts/?country=IT", "country:IT"),
    ],
)
def test_pages_link_to_the_form_with_their_target_chosen(
    client, meeting, italy, page, link, preselected
):
    SourceFactory(name="UNICEF", slug="unicef")
    TopicFactory(name="Helplines", slug="helplines")

    href = alert_link(client.get(page))
    form = client.get(href)

    assert href == link
    assert form.status_code == 200
    assert selected_target(form) == [preselected]


@pytest.mark.parametrize(
    ("query", "preselected"),
    [
        ("?country=it", "country:IT"),
        ("?country=XX", "everything"),
        ("?meeting=99", "everything"),
        ("?source=italy", "country:IT"),
        ("?topic=bogus&meeting=22", "meeting:22"),
    ],
)
def test_form_reads_its_target_case_insensitively_and_ignores_unknown_ones(
    client, meeting, italy, query, preselected
):
    page = client.get(f"/en/cwg-cop/alerts/{query}")

    assert selected_target(page) == [preselected]


def test_form_refuses_a_target_that_does_not_exist(client, db):
    response = client.post(
        "/en/cwg-cop/alerts/",
        {"email": "a@example.net", "what": "meeting:99", "frequency": "daily"},
    )

    assert response.status_code == 200
    assert "Choose what to follow from the list." in response.content.decode()
    assert mail.outbox == []


@pytest.mark.parametrize("role", ROLES)
def test_every_role_subscribes_through_the_same_form_with_no_account(
    client, people, role, django_capture_on_commit_callbacks
):
    if role != "anonymous":
        client.force_login(people[role])

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/en/cwg-cop/alerts/",
            {"email": "a@example.net", "what": "everything", "frequency": "daily"},
        )

    assert response["Location"] == "/en/cwg-cop/alerts/requested/"
    assert [message.to for message in mail.outbox] == [["a@example.net"]]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    "path",
    [
        "/en/cwg-cop/alerts/manage/{token}/",
        "/en/cwg-cop/alerts/confirm/{token}/",
        "/en/cwg-cop/alerts/unsubscribe/{token}/",
    ],
)
def test_token_doors_stay_shut_without_a_valid_token_for_every_role(reader, people, role, path):
    reader.follow("reader@example.net", "everything")
    subscriber = Subscriber.objects.get()
    if role != "anonymous":
        reader.client.force_login(people[role])
    forged = manage_token(subscriber.pk)[:-1] + "x"

    answers = [
        reader.client.get(path.format(token=forged)).status_code,
        reader.client.post(path.format(token=forged), {"action": "remove_all"}).status_code,
        reader.client.get(path.format(token=str(subscriber.pk))).status_code,
    ]

    assert answers == [404, 404, 404]
    assert Alert.objects.count() == 1


def test_a_token_of_one_kind_opens_no_door_of_another(reader):
    reader.follow("reader@example.net", "everything")
    subscriber = Subscriber.objects.get()

    unsubscribe = reader.client.post(
        f"/en/cwg-cop/alerts/unsubscribe/{manage_token(subscriber.pk)}/"
    )
    manage = reader.client.get(f"/en/cwg-cop/alerts/manage/{unsubscribe_token(subscriber.pk, [])}/")

    assert (unsubscribe.status_code, manage.status_code) == (404, 404)
    assert Alert.objects.count() == 1


def test_only_one_click_unsubscription_takes_a_post_without_csrf_token(reader):
    manage_path = reader.follow("reader@example.net", "everything")
    subscriber = Subscriber.objects.get()
    alert = Alert.objects.get()
    strict = Client(enforce_csrf_checks=True)

    answers = {
        "subscribe": strict.post(
            "/en/cwg-cop/alerts/",
            {"email": "b@example.net", "what": "everything", "frequency": "daily"},
        ).status_code,
        "manage": strict.post(manage_path, {"action": "remove_all"}).status_code,
        "unsubscribe": strict.post(
            f"/en/cwg-cop/alerts/unsubscribe/{unsubscribe_token(subscriber.pk, [alert.pk])}/"
        ).status_code,
    }

    assert answers == {"subscribe": 403, "manage": 403, "unsubscribe": 200}
    assert Subscriber.objects.count() == 0


def test_unsubscribe_link_opened_shows_a_button_and_unsubscribes_nobody(reader, people):
    reader.follow("reader@example.net", "everything")
    subscriber = Subscriber.objects.get()
    path = f"/en/cwg-cop/alerts/unsubscribe/{unsubscribe_token(subscriber.pk, [Alert.objects.get().pk])}/"

    page = reader.client.get(path)

    assert page.status_code == 200
    assert '<button type="submit">Unsubscribe</button>' in page.content.decode()
    assert page["X-Robots-Tag"] == "noindex, nofollow"
    assert Alert.objects.count() == 1


def test_one_click_removes_only_the_alerts_the_mail_was_for(reader, meeting):
    reader.follow("reader@example.net", "everything")
    manage_path = reader.follow("reader@example.net", "meeting:22", "daily")
    everything = Alert.objects.get(kind="everything")
    subscriber = Subscriber.objects.get()

    response = Client().post(
        f"/en/cwg-cop/alerts/unsubscribe/{unsubscribe_token(subscriber.pk, [everything.pk])}/"
    )

    assert "These alerts are stopped. Your other alerts go on." in response.content.decode()
    assert list(Alert.objects.values_list("kind", flat=True)) == ["meeting"]
    assert f'href="{manage_path}"' in response.content.decode()


def test_manage_page_lists_changes_and_removes_alerts(reader, meeting):
    reader.follow("reader@example.net", "everything")
    manage_path = reader.follow("reader@example.net", "meeting:22", "daily")
    everything, of_meeting = Alert.objects.order_by("pk")

    listed = re.findall(r"<h2>([^<]*)</h2>", reader.client.get(manage_path).content.decode())
    changed = reader.client.post(
        manage_path, {"action": "change", "alert": everything.pk, "frequency": "daily"}
    )
    reader.client.post(manage_path, {"action": "language", "language": "es"})
    reader.client.post(manage_path, {"action": "remove", "alert": of_meeting.pk})

    assert listed == ["Every document published", "Documents of meeting CWG-COP-22"]
    assert changed["Location"] == manage_path
    assert list(Alert.objects.values_list("kind", "frequency")) == [("everything", "daily")]
    assert Subscriber.objects.get().language == "es"


def test_removing_the_last_alert_deletes_the_address(reader):
    manage_path = reader.follow("reader@example.net", "everything")
    reader.subscribe("reader@example.net", "country:IT")  # a request still waiting

    response = reader.client.post(manage_path, {"action": "remove_all"})

    assert "your address has been deleted" in response.content.decode()
    assert rows_holding("reader@example.net") == []
    assert reader.client.get(manage_path).status_code == 404


def test_manage_page_cannot_touch_another_address_alerts(reader):
    mine = reader.follow("reader@example.net", "everything")
    reader.follow("other@example.net", "everything")
    theirs = Alert.objects.get(subscriber__email="other@example.net")

    response = reader.client.post(mine, {"action": "remove", "alert": theirs.pk})

    assert response.status_code == 404
    assert Alert.objects.count() == 2


def test_token_pages_send_only_the_site_as_referer_and_are_not_kept(reader):
    reader.subscribe("reader@example.net", "everything")
    [confirm_link] = links_in(mail.outbox[0])
    confirm_page = reader.client.get(path_of(confirm_link))
    manage_path = reader.confirm(mail.outbox[0])
    subscriber = Subscriber.objects.get()
    unsubscribe_path = f"/en/cwg-cop/alerts/unsubscribe/{unsubscribe_token(subscriber.pk, [1])}/"

    pages = [confirm_page, reader.client.get(manage_path), reader.client.get(unsubscribe_path)]

    assert [page.status_code for page in pages] == [200, 200, 200]
    assert [page["Referrer-Policy"] for page in pages] == ["strict-origin"] * 3
    assert [page["Cache-Control"] for page in pages] == ["private, no-store"] * 3
    assert [page["X-Robots-Tag"] for page in pages] == ["noindex, nofollow"] * 3


def test_meeting_page_links_to_alerts_of_that_meeting(client, db):
    MeetingFactory(number=25)

    assert alert_link(client.get("/en/cwg-cop/meetings/25/")) == "/en/cwg-cop/alerts/?meeting=25"
