"""The forms of an account in the browser, through the links of the mails: a forgotten
password, the invitation of a delegate, and two-factor sign-in set up and used."""

import base64
import re
from binascii import hexlify

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django_otp.oath import hotp, totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from contributions.models import Source
from contributions.rules import SECRETARIAT_GROUP
from tests.browser.signin import sign_in

NEW_PASSWORD = "Quiet harbour lanterns 2027"


@pytest.fixture
def site(live_demo, settings):
    """The live server, with the links of mails pointing at it."""
    settings.SITE_URL = live_demo.url
    return live_demo.url


@pytest.fixture
def new_page(browser):
    """A page in a browser of its own (no cookie shared with another page)."""
    contexts = []

    def open_page():
        contexts.append(browser.new_context(viewport={"width": 1280, "height": 900}))
        return contexts[-1].new_page()

    yield open_page
    for context in contexts:
        context.close()


def links_in_last_mail(to: str) -> list[str]:
    [*_earlier, last] = [message for message in mail.outbox if message.to == [to]]
    return re.findall(r"https?://\S+", last.body)


def heading(page) -> str:
    page.wait_for_load_state("load")
    return page.get_by_role("heading", level=1).inner_text()


def lead(page) -> str:
    return page.inner_text("main .lead")


def choose_password(page, link: str) -> list[str]:
    """The link of a mail opened and a password chosen; the headings and leads of the two
    pages the person sees."""
    page.goto(link)
    seen = [heading(page), lead(page)]
    page.fill("#id_new_password1", NEW_PASSWORD)
    page.fill("#id_new_password2", NEW_PASSWORD)
    page.get_by_role("button", name="Save my password").click()
    return [*seen, heading(page), lead(page)]


def sign_in_with_password(page, site: str, name: str, password: str) -> None:
    page.goto(site + "/admin/login/")
    page.fill("#id_username", name)
    page.fill("#id_password", password)
    page.click("input[type=submit]")
    page.wait_for_load_state("load")


def test_delegate_resets_a_forgotten_password_from_the_mail(page, new_page, site):
    user = get_user_model().objects.get(username="delegate-italy")
    page.goto(site + "/admin/login/")
    page.get_by_role("link", name="Forgotten your password?").click()
    page.fill("#id_email", user.email)
    page.get_by_role("button", name="Send me the link").click()
    sent = heading(page)
    [link] = links_in_last_mail(user.email)
    [user_name] = re.findall(r"^Your user name: (.+)$", mail.outbox[-1].body, re.MULTILINE)

    seen = choose_password(page, link)
    page.get_by_role("link", name="Sign in", exact=True).click()
    page.wait_for_url(site + "/admin/login/")
    sign_in_with_password(page, site, user_name, NEW_PASSWORD)
    again = new_page()
    again.goto(link)

    assert sent == "Check your e-mail"
    assert link.startswith(site + "/admin/password/")
    assert seen == [
        "Choose your password",
        "For the account delegate-italy@example.org. Type it twice.",
        "Your password is saved",
        "Sign in with your e-mail address and the password you chose.",
    ]
    assert user_name == "delegate-italy"
    assert page.url == site + "/admin/"
    assert page.inner_text("#content h1") == "Your documents and deadlines"
    assert heading(again) == "This link no longer works"
    user.refresh_from_db()
    assert (user.check_password(NEW_PASSWORD), user.check_password("cwgcop-demo")) == (True, False)


def test_secretariat_invites_a_delegate_who_chooses_a_password_and_signs_in(
    page, new_page, site, screenshot
):
    email = "focal.point@example.it"
    sign_in(page, site, "secretariat")
    page.goto(site + "/admin/contributions/source/")
    page.get_by_role("link", name="Invite a delegate").click()
    page.fill("#id_email", email)
    page.fill("#id_first_name", "Giulia")
    page.fill("#id_last_name", "Rossi")
    page.locator(".invite-sources").get_by_label("Italy", exact=True).check()
    screenshot(page, "invite-form")
    page.get_by_role("button", name="Send the invitation").click()
    page.wait_for_load_state("load")
    [password_link, sign_in_link] = links_in_last_mail(email)

    delegate_page = new_page()
    seen = choose_password(delegate_page, password_link)
    sign_in_with_password(delegate_page, site, email, NEW_PASSWORD)
    screenshot(delegate_page, "delegate-desk")

    assert password_link.startswith(site + "/admin/password/")
    assert sign_in_link == site + "/admin/"
    assert seen == [
        "Choose your password",
        f"For the account {email}. Type it twice.",
        "Your password is saved",
        "Sign in with your e-mail address and the password you chose.",
    ]
    assert delegate_page.url == site + "/admin/"
    assert delegate_page.inner_text("#content h1") == "Your documents and deadlines"
    delegate = get_user_model().objects.get(email=email)
    assert (delegate.get_full_name(), delegate.check_password(NEW_PASSWORD)) == (
        "Giulia Rossi",
        True,
    )
    assert list(Source.objects.filter(delegates=delegate).values_list("slug", flat=True)) == [
        "italy"
    ]


def code_for(secret: str) -> str:
    """The code an authenticator app shows now for the key typed from the page."""
    key = base64.b32decode(secret.replace(" ", ""))
    return f"{totp(key):06d}"


def next_code(secret: str, user) -> str:
    """The code of the period after the one the device last accepted: a code once used is
    refused until the next period. Counted from the device, not the clock: had the code
    typed at setup been accepted just after its period ended, the clock's next period
    would be two past it, outside what the device accepts."""
    key = base64.b32decode(secret.replace(" ", ""))
    return f"{hotp(key, TOTPDevice.objects.get(user=user).last_t + 1):06d}"


def test_new_secretariat_member_sets_up_two_factor_then_signs_in_with_it(
    page, new_page, site, screenshot
):
    member = get_user_model().objects.create_user(
        username="amira@example.org",
        email="amira@example.org",
        password=NEW_PASSWORD,
        is_staff=True,
        first_name="Amira",
    )
    member.groups.add(Group.objects.get(name=SECRETARIAT_GROUP))

    sign_in_with_password(page, site, member.email, NEW_PASSWORD)
    setup_url = page.url
    setup = (heading(page), page.inner_text("main p >> nth=0"))
    secret = page.inner_text(".otp-secret")
    page.fill("#id_code", code_for(secret))
    page.get_by_role("button", name="Confirm").click()
    turned_on = heading(page)
    codes = page.locator(".recovery-codes li").all_inner_texts()
    screenshot(page, "recovery-codes")
    page.get_by_role("link", name="Continue").click()
    page.wait_for_url(site + "/admin/")
    with_code = new_page()
    sign_in_with_password(with_code, site, member.email, NEW_PASSWORD)
    asked = (with_code.url, heading(with_code))
    with_code.fill("#id_code", next_code(secret, member))
    with_code.get_by_role("button", name="Sign in").click()
    with_code.wait_for_url(site + "/admin/")
    with_recovery_code = new_page()
    sign_in_with_password(with_recovery_code, site, member.email, NEW_PASSWORD)
    with_recovery_code.fill("#id_code", codes[0])
    with_recovery_code.get_by_role("button", name="Sign in").click()
    with_recovery_code.wait_for_url(site + "/admin/")

    assert setup_url == site + "/account/two-factor/setup/?next=%2Fadmin%2F"
    assert setup == (
        "Set up two-factor sign-in",
        "Your role requires a second factor: a code from an authenticator app on your phone, "
        "asked after your password.",
    )
    assert turned_on == "Two-factor sign-in is on"
    assert len(codes) == 10
    assert asked == (site + "/account/two-factor/?next=%2Fadmin%2F", "Two-factor sign-in")
    assert TOTPDevice.objects.filter(user=member, confirmed=True).count() == 1
    assert hexlify(TOTPDevice.objects.get(user=member).bin_key) == hexlify(
        base64.b32decode(secret.replace(" ", ""))
    )
    assert sorted(
        StaticToken.objects.filter(device__user=member).values_list("token", flat=True)
    ) == (sorted(codes[1:]))
