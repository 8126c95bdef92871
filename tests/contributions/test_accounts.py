"""Accounts: the secretariat invites delegates, everyone resets a password, the sign-in page."""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.urls import reverse

from contributions import services
from contributions.models import Source

pytestmark = pytest.mark.django_db

INVITE_URL = "/admin/contributions/source/invite/"
LINK = re.compile(r"http://127\.0\.0\.1:8000(/admin/password/[^/\s]+/[^/\s]+/)")


def _sign_in(client, username: str, password: str):
    """The login form, as the person types it (the lockout needs the request)."""
    return client.post(
        "/admin/login/", {"username": username, "password": password, "next": "/admin/"}
    )


def _login(client, username: str):
    client.force_login(get_user_model().objects.get(username=username))
    return client


def _invite(client, *slugs: str, email: str = "m.rossi@esteri.example.it"):
    return client.post(
        INVITE_URL,
        {
            "email": email,
            "first_name": "Maria",
            "last_name": "Rossi",
            "sources": [Source.objects.get(slug=slug).pk for slug in slugs],
        },
    )


def test_invited_delegate_chooses_a_password_once_and_signs_in(
    client, demo, django_capture_on_commit_callbacks
):
    _login(client, "secretariat")
    with django_capture_on_commit_callbacks(execute=True):
        response = _invite(client, "italy", "oecd")
    client.logout()

    assert response.status_code == 302
    assert [message.to for message in mail.outbox] == [["m.rossi@esteri.example.it"]]
    body = mail.outbox[0].body
    assert mail.outbox[0].subject == "You are a delegate on CWG-COP Documents"
    assert "Dear Maria Rossi," in body
    assert "- Italy\n- Organisation for Economic Co-operation and Development\n" in body
    assert "(it works once, for 3 days)" in body
    assert "password:" not in body.lower().replace("choose your password", "")
    link = LINK.search(body).group(1)

    landing = client.get(link, follow=True)
    assert landing.content.decode().count("<h1>Choose your password</h1>") == 1
    done = client.post(
        landing.redirect_chain[-1][0],
        {"new_password1": "Kangaroo-47-Lantern", "new_password2": "Kangaroo-47-Lantern"},
        follow=True,
    )
    assert done.content.decode().count("<h1>Your password is saved</h1>") == 1
    signed_in = _sign_in(client, "m.rossi@esteri.example.it", "Kangaroo-47-Lantern")
    assert signed_in["Location"] == "/admin/"
    client.logout()
    again = client.get(link, follow=True)
    assert again.content.decode().count("<h1>This link no longer works</h1>") == 1
    user = get_user_model().objects.get(email="m.rossi@esteri.example.it")
    assert sorted(user.represented_sources.values_list("slug", flat=True)) == ["italy", "oecd"]
    assert list(user.groups.values_list("name", flat=True)) == ["Delegate"]
    assert _sign_in(client, user.username, "Kangaroo-47-Lantern")["Location"] == "/admin/"
    assert client.get("/admin/contributions/document/").status_code == 200


def test_invitation_link_expires(client, demo, monkeypatch, django_capture_on_commit_callbacks):
    user = get_user_model().objects.get(username="secretariat")
    with django_capture_on_commit_callbacks(execute=True):
        invited = services.invite_delegate(
            email="late@example.org", sources=[Source.objects.get(slug="israel")], by=user
        )
    link = LINK.search(mail.outbox[0].body).group(1)
    later = datetime.datetime.now() + datetime.timedelta(days=3, minutes=1)  # noqa: DTZ005
    monkeypatch.setattr(default_token_generator, "_now", lambda: later)

    page = client.get(link, follow=True).content.decode()

    assert page.count("<h1>This link no longer works</h1>") == 1
    invited.refresh_from_db()
    assert invited.has_usable_password() is False


def test_existing_account_keeps_its_password_and_learns_its_new_source(
    client, demo, django_capture_on_commit_callbacks
):
    delegate = get_user_model().objects.get(username="delegate-italy")
    delegate.email = "italy@example.org"
    delegate.save()
    _login(client, "secretariat")

    with django_capture_on_commit_callbacks(execute=True):
        _invite(client, "oecd", email="ITALY@example.org")

    delegate.refresh_from_db()
    assert delegate.check_password("cwgcop-demo")
    assert sorted(delegate.represented_sources.values_list("slug", flat=True)) == [
        "italy",
        "oecd",
    ]
    assert "/admin/password/" not in mail.outbox[0].body
    assert "Sign in with your usual account: http://127.0.0.1:8000/admin/" in mail.outbox[0].body


@pytest.mark.parametrize("username", ["delegate-italy", "chair"])
def test_only_the_secretariat_invites(client, demo, username):
    _login(client, username)

    refused = _invite(client, "italy")

    assert refused.status_code == 403
    assert get_user_model().objects.filter(email="m.rossi@esteri.example.it").exists() is False


def test_invite_form_without_a_source_says_so(client, demo):
    _login(client, "secretariat")

    response = _invite(client)

    assert response.status_code == 200
    assert response.content.decode().count("This field is required.") == 1
    assert mail.outbox == []


# ---- Password reset


def _main(response) -> str:
    page = response.content.decode()
    return page[page.index("<main") : page.index("</main>")]


def test_password_reset_tells_no_one_who_has_an_account(client, demo):
    delegate = get_user_model().objects.get(username="delegate-israel")
    delegate.email = "israel@example.org"
    delegate.save()

    known = client.post("/admin/password_reset/", {"email": "israel@example.org"}, follow=True)
    unknown = client.post("/admin/password_reset/", {"email": "nobody@example.org"}, follow=True)

    assert known.redirect_chain == unknown.redirect_chain == [("/admin/password_reset/sent/", 302)]
    assert _main(known) == _main(unknown)
    assert [message.to for message in mail.outbox] == [["israel@example.org"]]
    assert "Your user name: delegate-israel" in mail.outbox[0].body
    assert LINK.search(mail.outbox[0].body) is not None


def test_password_reset_works_for_an_invited_delegate_without_a_password(
    client, demo, django_capture_on_commit_callbacks
):
    secretary = get_user_model().objects.get(username="secretariat")
    with django_capture_on_commit_callbacks(execute=True):
        services.invite_delegate(
            email="new@example.org", sources=[Source.objects.get(slug="italy")], by=secretary
        )

    client.post("/admin/password_reset/", {"email": "new@example.org"})

    assert [message.subject for message in mail.outbox] == [
        "You are a delegate on CWG-COP Documents",
        "Choose a new password for CWG-COP Documents",
    ]


def test_sign_in_page_speaks_to_delegates(client, db):
    page = client.get(reverse("admin:login")).content.decode()

    assert page.count("For the delegates of Member States and partners") == 1
    assert page.count("No account yet?") == 1
    assert page.count('<a href="/admin/password_reset/">Forgotten your password?</a>') == 1
    assert page.count("E-mail address or user name") == 1
