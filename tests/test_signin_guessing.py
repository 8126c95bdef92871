"""Password guessing is slow whatever the addresses, and no one locks a person out everywhere."""

import datetime
import logging
import re
import time

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.contrib.auth import authenticate
from django.contrib.auth.models import Group
from django.core import mail
from django.test import RequestFactory
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from cwgcop import guessing
from cwgcop.signin import client_address
from cwgcop.two_factor import current_code, replace_recovery_codes
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"
OFFICE = "192.0.2.10"


class Clock:
    """The time as the site and django-axes read it, moved by the test."""

    def __init__(self, monkeypatch) -> None:
        self.moment = timezone.now()
        for target in ("django.utils.timezone.now", "axes.handlers.proxy.now", "axes.attempts.now"):
            monkeypatch.setattr(target, self.now)

    def now(self) -> datetime.datetime:
        return self.moment

    def advance(self, seconds: float) -> None:
        self.moment += datetime.timedelta(seconds=seconds)


@pytest.fixture
def clock(monkeypatch) -> Clock:
    return Clock(monkeypatch)


@pytest.fixture(autouse=True)
def _codes_at_once(settings):
    """django-otp holds off a device after a wrong code; these tests give codes at once."""
    settings.OTP_TOTP_THROTTLE_FACTOR = 0


def member_of(group_name: str, username: str):
    user = UserFactory(username=username, is_staff=True)
    user.groups.add(Group.objects.get(name=group_name))
    return user


def sign_in(client, username, password=PASSWORD, address="192.0.2.1", **extra):
    data = {"username": username, "password": password, "next": "/admin/"}
    if "code" in extra:
        data["code"] = extra.pop("code")
    return client.post("/admin/login/?next=/admin/", data, REMOTE_ADDR=address, **extra)


def delayed_text(minutes: int, what: str = "for this account") -> str:
    unit = "minute" if minutes == 1 else "minutes"
    return f"Too many failed sign-ins {what}: try again in {minutes} {unit}."


def without_csrf_token(response) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.content.decode())


def checked_failures(username: str) -> int:
    return AccessFailureLog.objects.filter(username=username, locked_out=False).count()


@pytest.mark.parametrize(
    ("remote", "forwarded", "expected"),
    [
        ("203.0.113.7", "198.51.100.1", "203.0.113.7"),
        ("10.0.0.2", "198.51.100.1", "198.51.100.1"),
        ("10.0.0.2", "1.2.3.4, 198.51.100.1, 10.0.0.3", "198.51.100.1"),
        ("10.0.0.2", "not an address", "10.0.0.2"),
        ("10.0.0.2", "", "10.0.0.2"),
    ],
)
def test_forwarded_for_is_believed_only_from_a_trusted_proxy(settings, remote, forwarded, expected):
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)

    address = client_address(request)

    assert address == expected


def test_a_new_forwarded_for_on_each_try_does_not_escape_the_lockout(client, settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    member_of("Chair", "chair")

    answers = [
        sign_in(
            client, "chair", "wrong", address="203.0.113.7", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}"
        ).status_code
        for n in range(20)
    ]
    right = sign_in(client, "chair", address="203.0.113.7", HTTP_X_FORWARDED_FOR="198.51.100.200")

    assert answers == [200] * 4 + [429] * 16
    assert right.status_code == 429
    assert set(AccessFailureLog.objects.values_list("ip_address", flat=True)) == {"203.0.113.7"}


def test_a_proxy_left_out_of_trusted_proxies_is_named_in_the_log(settings, caplog):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    request = RequestFactory().get("/", REMOTE_ADDR="10.9.8.7", HTTP_X_FORWARDED_FOR="198.51.100.1")

    with caplog.at_level(logging.WARNING, logger="cwgcop.signin"):
        first, second = client_address(request), client_address(request)

    assert (first, second) == ("10.9.8.7", "10.9.8.7")
    assert [record.getMessage() for record in caplog.records] == [
        "X-Forwarded-For from 10.9.8.7, which TRUSTED_PROXIES does not name: the connection's "
        "own address counts. If it is the proxy, add it to TRUSTED_PROXIES."
    ]


def test_delay_grows_from_seconds_to_minutes_after_the_free_failures():
    delays = [guessing.account_delay(failures) for failures in (9, 10, 11, 15, 20, 21, 60)]

    assert delays == [0, 1, 2, 32, 1024, 1800, 1800]


def guess(username: str, password: str, address: str) -> str:
    """One try through the authentication backends, as the sign-in form makes it (the
    pages are tested below; a thousand of them would take a minute): "signed in",
    "refused" unchecked, or "wrong"."""
    request = RequestFactory().post(
        "/admin/login/", {"username": username, "password": password}, REMOTE_ADDR=address
    )
    user = authenticate(request, username=username, password=password)
    if user is not None:
        return "signed in"
    return "refused" if getattr(request, "signin_refusal", None) else "wrong"


def test_thousand_guesses_from_thousand_addresses_in_an_hour_never_sign_in(client, clock, caplog):
    # The log lines of a thousand guesses take a quarter of the time; the records are asserted.
    caplog.set_level(logging.ERROR, logger="axes")
    caplog.set_level(logging.ERROR, logger="cwgcop.signin")
    secretary = member_of("Secretariat", "secretariat")
    TOTPDevice.objects.create(user=secretary, name="phone", confirmed=True)
    # Single-use codes: the authenticator's code of the moment is taken once only.
    codes = replace_recovery_codes(user=secretary)
    sign_in(client, "secretariat", address=OFFICE)
    client.post("/account/two-factor/", {"code": codes.pop(), "next": "/admin/"})
    client.logout()
    answers: dict[str, int] = {}
    office_sign_ins = []
    began = time.perf_counter()

    for n in range(1000):
        clock.advance(3.6)
        password = PASSWORD if n == 999 else f"guess-{n}"
        answer = guess("secretariat", password, address=f"198.18.{n // 250}.{n % 250 + 1}")
        answers[answer] = answers.get(answer, 0) + 1
        if n % 250 == 125:
            office = sign_in(client, "secretariat", address=OFFICE)
            code = client.post("/account/two-factor/", {"code": codes.pop(), "next": "/admin/"})
            office_sign_ins.append((office["Location"], code["Location"]))
            client.logout()
    last = sign_in(client, "secretariat", address="198.18.9.9")
    elapsed = time.perf_counter() - began

    assert answers == {"wrong": 21, "refused": 979}
    assert checked_failures("secretariat") == 21
    assert office_sign_ins == [("/admin/", "/admin/")] * 4
    assert last.status_code == 429
    print(f"1000 guesses from 1000 addresses in an hour: {answers}, {elapsed:.1f} s")


def test_password_only_account_is_held_everywhere_but_at_an_address_it_knows(client, clock):
    member_of("Delegate", "delegate")
    sign_in(client, "delegate", address=OFFICE)
    client.logout()
    for n in range(12):
        sign_in(client, "delegate", "wrong", address=f"198.51.100.{n}")

    elsewhere = sign_in(client, "delegate", address="203.0.113.50")
    office = sign_in(client, "delegate", address=OFFICE)

    assert elsewhere.status_code == 429
    assert delayed_text(1) in elsewhere.content.decode()
    assert "Your password was not checked." in elsewhere.content.decode()
    assert office.status_code == 302
    assert office["Location"] == "/admin/"


def test_right_password_and_code_together_sign_in_from_an_address_that_has_not_failed(
    client, clock
):
    chair = member_of("Chair", "chair")
    device = TOTPDevice.objects.create(user=chair, name="phone", confirmed=True)
    for n in range(12):
        sign_in(client, "chair", "wrong", address=f"198.51.100.{n}")

    alone = sign_in(client, "chair", address="203.0.113.50")
    wrong_code = sign_in(client, "chair", address="203.0.113.51", code="000000")
    failed_here = sign_in(client, "chair", address="198.51.100.3", code=current_code(device.key))
    both = sign_in(client, "chair", address="203.0.113.52", code=current_code(device.key))
    admin = client.get("/admin/")

    assert alone.status_code == 429
    assert 'name="code"' in alone.content.decode()
    assert wrong_code.status_code == 429
    assert without_csrf_token(wrong_code) == without_csrf_token(alone)
    assert failed_here.status_code == 429
    assert 'name="code"' not in failed_here.content.decode()
    assert both.status_code == 302
    assert both["Location"] == "/admin/"
    assert admin.status_code == 200


def test_wrong_password_with_the_right_code_is_refused_like_any_try(client, clock):
    chair = member_of("Chair", "chair")
    device = TOTPDevice.objects.create(user=chair, name="phone", confirmed=True)
    for n in range(12):
        sign_in(client, "chair", "wrong", address=f"198.51.100.{n}")

    response = sign_in(
        client, "chair", "wrong", address="203.0.113.60", code=current_code(device.key)
    )

    assert response.status_code == 429
    assert delayed_text(1) in response.content.decode()
    assert client.get("/admin/").status_code == 302
    assert AccessAttempt.objects.get(ip_address="203.0.113.60").post_data.splitlines() == [
        "username=********************",
        "password=********************",
        "next=/admin/",
        "code=********************",
    ]


def test_the_delay_lapses_and_one_more_try_is_checked(client, clock):
    member_of("Delegate", "delegate")
    for n in range(11):
        sign_in(client, "delegate", "wrong", address=f"198.51.100.{n}")

    held = sign_in(client, "delegate", address="203.0.113.70")
    clock.advance(3)
    after = sign_in(client, "delegate", address="203.0.113.71")

    assert held.status_code == 429
    assert delayed_text(1) in held.content.decode()
    assert after.status_code == 302


def test_one_address_trying_many_accounts_is_held_off_but_not_their_known_holders(client, clock):
    regular = member_of("Delegate", "regular")
    sign_in(client, "regular", address="203.0.113.9")
    client.logout()
    for n in range(20):
        member_of("Delegate", f"delegate-{n}")
        sign_in(client, f"delegate-{n}", "wrong", address="203.0.113.9")
    member_of("Delegate", "newcomer")

    newcomer = sign_in(client, "newcomer", address="203.0.113.9")
    known = sign_in(client, regular.username, address="203.0.113.9")

    assert newcomer.status_code == 429
    assert delayed_text(60, "from your address") in newcomer.content.decode()
    assert known.status_code == 302


def test_the_holder_is_told_once_by_mail_when_failures_reach_the_threshold(client, clock):
    member_of("Delegate", "delegate")

    for n in range(9):
        clock.advance(60)
        sign_in(client, "delegate", "wrong", address=f"198.51.100.{n}")
    before = len(mail.outbox)
    clock.advance(60)
    sign_in(client, "delegate", "wrong", address="198.51.100.9")
    for n in range(10, 14):
        clock.advance(600)
        sign_in(client, "delegate", "wrong", address=f"198.51.100.{n}")

    assert before == 0
    [message] = mail.outbox
    assert message.to == ["delegate@example.org"]
    assert message.subject == "Failed sign-ins to your CWG-COP Documents account"
    assert message.body.splitlines()[0] == (
        "Someone has failed to sign in to your account delegate on CWG-COP Documents 10 times "
        "in the last 60 minutes."
    )


def test_an_account_signs_in_by_its_e_mail_address_and_is_one_count_however_written(client):
    holder = member_of("Secretariat", "secretary")
    holder.email = "Secretary@Example.org"
    holder.save()

    for typed in ("secretary@example.org", "SECRETARY@example.org", "secretary"):
        sign_in(client, typed, password="wrong")
    signed_in = sign_in(client, "secretary@EXAMPLE.org", address=OFFICE)

    assert checked_failures("secretary") == 3
    assert AccessFailureLog.objects.exclude(username="secretary").count() == 0
    assert (signed_in.status_code, signed_in["Location"]) == (302, "/admin/")


def test_an_address_two_accounts_share_names_neither(client):
    for name in ("first", "second"):
        member_of("Delegate", name).__class__.objects.filter(username=name).update(
            email="shared@example.org"
        )

    answer = sign_in(client, "shared@example.org")

    assert answer.status_code == 200
    assert "_auth_user_id" not in client.session
