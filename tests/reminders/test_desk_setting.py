"""The desk's switch of deadline reminders: shown to delegates, posted with its CSRF
token, and what it says after."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from accounts.models import AccountSettings

pytestmark = pytest.mark.django_db


def _signed_in(username: str, **client_options) -> Client:
    client = Client(**client_options)
    client.force_login(get_user_model().objects.get(username=username))
    return client


def test_a_delegate_turns_reminders_off_and_on_again(demo):
    client = _signed_in("delegate-italy")

    desk = client.get("/admin/").content.decode()
    off = client.post("/account/reminders/", {"deadline_reminders": "off"}, follow=True)
    off_page = off.content.decode()
    wanted_after_off = AccountSettings.objects.get(user__username="delegate-italy")
    on = client.post("/account/reminders/", {"deadline_reminders": "on"}, follow=True)

    assert 'id="deadline-reminders"' in desk
    assert "You are mailed 14 and 3 days before" in desk
    assert "Turn deadline reminders off" in desk
    assert off.redirect_chain == [("/admin/#deadline-reminders", 302)]
    assert "Deadline reminders are off: you will not be mailed them." in off_page
    assert "Turn deadline reminders on" in off_page
    assert wanted_after_off.deadline_reminders is False
    assert "Deadline reminders are on." in on.content.decode()
    assert AccountSettings.objects.get(user__username="delegate-italy").deadline_reminders


def test_the_switch_needs_its_csrf_token(demo):
    client = _signed_in("delegate-italy", enforce_csrf_checks=True)

    response = client.post("/account/reminders/", {"deadline_reminders": "off"})

    assert response.status_code == 403
    assert not AccountSettings.objects.filter(
        user__username="delegate-italy", deadline_reminders=False
    ).exists()


def test_the_switch_is_posted_only_by_someone_signed_in(client, db):
    response = client.post("/account/reminders/", {"deadline_reminders": "off"})
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    # Opened rather than posted, the address leads to the setting, once signed in.
    assert client.get("/account/reminders/")["Location"].startswith("/admin/login/")


def test_the_address_opened_leads_to_the_setting_on_the_desk(demo):
    response = _signed_in("delegate-italy").get("/account/reminders/")

    assert (response.status_code, response["Location"]) == (302, "/admin/#deadline-reminders")


def test_the_secretariat_has_no_desk_and_no_switch(demo):
    page = _signed_in("secretariat").get("/admin/").content.decode()

    assert 'id="deadline-reminders"' not in page
