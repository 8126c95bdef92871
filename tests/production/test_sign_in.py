"""Staff accounts resist attack: a second factor, a lockout, short sessions, a record."""

import pytest
from django.contrib.auth.models import Group
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from cwgcop.two_factor import current_code
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


def member_of(group_name: str, username: str):
    user = UserFactory(username=username, is_staff=True)
    user.groups.add(Group.objects.get(name=group_name))
    return user


def sign_in(client, username: str, password: str = PASSWORD, address: str = "192.0.2.1"):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
    )


def authenticator(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="phone", confirmed=True)


@pytest.mark.parametrize("role", ["Secretariat", "Chair"])
def test_staff_with_password_only_is_sent_to_set_up_a_second_factor(client, role):
    member_of(role, "staff")

    signed_in = sign_in(client, "staff")
    admin = client.get("/admin/contributions/document/")

    assert signed_in.status_code == 302
    assert admin.status_code == 302
    assert admin["Location"] == (
        "/account/two-factor/setup/?next=%2Fadmin%2Fcontributions%2Fdocument%2F"
    )


def test_staff_without_second_factor_sees_public_pages_as_anyone(client):
    member_of("Secretariat", "staff")
    sign_in(client, "staff")

    response = client.get("/en/cwg-cop/")

    assert response.status_code == 200
    assert response.wsgi_request.user.is_authenticated is False


@pytest.fixture
def no_throttle(settings):
    """django-otp delays the next try after a wrong code; these tests retry at once."""
    settings.OTP_TOTP_THROTTLE_FACTOR = 0


def test_setting_up_the_authenticator_opens_the_admin_and_gives_ten_recovery_codes(
    client, no_throttle
):
    user = member_of("Secretariat", "staff")
    sign_in(client, "staff")
    page = client.get("/account/two-factor/setup/?next=/admin/")
    device = TOTPDevice.objects.get(user=user)

    wrong = client.post("/account/two-factor/setup/", {"code": "000000", "next": "/admin/"})
    right = client.post(
        "/account/two-factor/setup/", {"code": current_code(device.key), "next": "/admin/"}
    )
    admin = client.get("/admin/")

    assert page.status_code == 200
    assert page.context["enrolment"].otpauth_url.startswith(
        "otpauth://totp/CWG-COP%20Documents%3Astaff?secret="
    )
    assert "That code does not match." in wrong.content.decode()
    assert len(right.context["codes"]) == 10
    assert StaticToken.objects.filter(device__user=user).count() == 10
    assert TOTPDevice.objects.get(user=user).confirmed is True
    assert admin.status_code == 200


def test_staff_with_authenticator_needs_its_code_after_the_password(client, no_throttle):
    user = member_of("Chair", "chair")
    device = authenticator(user)
    sign_in(client, "chair")

    held = client.get("/admin/")
    wrong = client.post("/account/two-factor/", {"code": "123456", "next": "/admin/"})
    right = client.post(
        "/account/two-factor/", {"code": current_code(device.key), "next": "/admin/"}
    )
    admin = client.get("/admin/")

    assert held["Location"] == "/account/two-factor/?next=%2Fadmin%2F"
    assert "That code is not valid." in wrong.content.decode()
    assert right["Location"] == "/admin/"
    assert admin.status_code == 200


def test_a_recovery_code_signs_in_once(client):
    user = member_of("Secretariat", "staff")
    authenticator(user)
    from cwgcop.two_factor import replace_recovery_codes

    codes = replace_recovery_codes(user=user)
    sign_in(client, "staff")
    first = client.post("/account/two-factor/", {"code": codes[0], "next": "/admin/"})
    client.logout()
    sign_in(client, "staff")
    again = client.post("/account/two-factor/", {"code": codes[0], "next": "/admin/"})

    assert first["Location"] == "/admin/"
    assert again.status_code == 200
    assert StaticToken.objects.filter(device__user=user).count() == 9


def test_password_alone_cannot_replace_an_existing_authenticator(client):
    user = member_of("Secretariat", "staff")
    device = authenticator(user)
    sign_in(client, "staff")

    response = client.get("/account/two-factor/setup/")

    assert response["Location"] == "/account/two-factor/"
    assert list(TOTPDevice.objects.filter(user=user)) == [device]


def test_a_wrong_code_holds_off_even_the_right_one_for_a_moment(client):
    user = member_of("Secretariat", "staff")
    device = authenticator(user)
    sign_in(client, "staff")

    client.post("/account/two-factor/", {"code": "000000", "next": "/admin/"})
    right = client.post("/account/two-factor/", {"code": current_code(device.key)})

    assert right.status_code == 200
    assert "That code is not valid." in right.content.decode()


def test_next_leading_elsewhere_is_ignored(client):
    user = member_of("Secretariat", "staff")
    device = authenticator(user)
    sign_in(client, "staff")

    response = client.post(
        "/account/two-factor/",
        {"code": current_code(device.key), "next": "https://attacker.example/"},
    )

    assert response["Location"] == "/admin/"


def test_delegate_signs_in_with_password_and_may_turn_on_two_factor(client):
    delegate = member_of("Delegate", "delegate")

    sign_in(client, "delegate")
    admin = client.get("/admin/")
    offer = client.get("/account/two-factor/setup/")

    assert admin.status_code == 200
    assert (
        '<a href="/account/two-factor/setup/">Set up or replace the authenticator app that '
        "signs you in with a code</a>" in admin.content.decode()
    )
    assert offer.status_code == 200
    assert offer.context["required"] is False
    assert TOTPDevice.objects.get(user=delegate).confirmed is False


def test_delegate_with_two_factor_turned_on_must_use_it(client):
    authenticator(member_of("Delegate", "delegate"))

    sign_in(client, "delegate")
    admin = client.get("/admin/")

    assert admin["Location"] == "/account/two-factor/?next=%2Fadmin%2F"


def test_five_wrong_passwords_lock_the_account_from_that_address(client):
    member_of("Delegate", "delegate")

    failures = [sign_in(client, "delegate", "wrong").status_code for _ in range(5)]
    locked = sign_in(client, "delegate")
    elsewhere = sign_in(client, "delegate", address="198.51.100.7")

    assert failures == [200, 200, 200, 200, 429]
    assert locked.status_code == 429
    assert (
        "This account has failed to sign in 5 times from your address, so signing in to it "
        "from here is locked for 30 minutes." in locked.content.decode()
    )
    assert elsewhere.status_code == 302


def test_lockout_of_one_account_leaves_others_at_that_address(client):
    member_of("Delegate", "delegate")
    member_of("Delegate", "colleague")

    for _ in range(5):
        sign_in(client, "delegate", "wrong")
    colleague = sign_in(client, "colleague")

    assert colleague.status_code == 302


@pytest.mark.parametrize(
    ("role", "status"), [("Secretariat", 200), ("Chair", 403), ("Delegate", 403)]
)
def test_sign_ins_and_lockouts_are_shown_to_the_secretariat_only(client, role, status):
    member_of("Delegate", "delegate")
    for _ in range(5):
        sign_in(client, "delegate", "wrong")
    client.force_login(member_of(role, "viewer"))

    attempts = client.get("/admin/axes/accessattempt/")
    sign_ins = client.get("/admin/axes/accesslog/")

    assert attempts.status_code == status
    assert sign_ins.status_code == status
    if status == 200:
        assert attempts.context["cl"].result_count == 1
        assert attempts.context["cl"].result_list[0].username == "delegate"
        assert attempts.context["cl"].result_list[0].failures_since_start == 5


def test_anonymous_sees_no_sign_in_records(client):
    response = client.get("/admin/axes/accessattempt/")

    assert response.status_code == 302
    assert response["Location"] == "/admin/login/?next=/admin/axes/accessattempt/"


def test_staff_session_ends_with_the_browser_and_after_eight_idle_hours(client):
    member_of("Delegate", "delegate")

    response = sign_in(client, "delegate")

    cookie = response.cookies["sessionid"]
    assert cookie["expires"] == ""
    assert cookie["max-age"] == ""
    assert client.session.get_expiry_age() == 8 * 60 * 60
    assert client.session.get_expire_at_browser_close() is True
