"""E-mail alerts in the browser, through the links of the mails: the form, the
confirmation, the page that manages an address's alerts, unsubscription.

The pages these links open hold a token in their address; their forms must post as any
other page's do (a referrer policy of `no-referrer` made the browser post them with
`Origin: null`, and the CSRF check refused every button)."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from alerts.models import Alert, Subscriber
from contributions.models import Document
from contributions.services import accept_document, publish_document

READER = "reader@example.net"


@pytest.fixture
def site(live_demo, settings):
    """The live server, with the links of mails pointing at it."""
    settings.SITE_URL = live_demo.url
    return live_demo.url


def links_in_last_mail(to: str) -> list[str]:
    """The addresses in the body of the last mail sent to `to`, as a mail reader shows them."""
    [*_earlier, last] = [message for message in mail.outbox if message.to == [to]]
    return re.findall(r"https?://\S+", last.body)


def lead(page) -> str:
    return page.inner_text("main .lead")


def heading(page) -> str:
    page.wait_for_load_state("load")
    return page.get_by_role("heading", level=1).inner_text()


def ask_for_alert(page, site: str, form_path: str) -> str:
    """The alert form, opened at `form_path`, sent with the reader's address; the page's
    heading."""
    page.goto(site + form_path)
    page.fill("#id_email", READER)
    page.get_by_role("button", name="Send me the confirmation link").click()
    return heading(page)


def confirm_from_the_mail(page, site: str) -> str:
    """The confirmation link of the last mail opened, Confirm pressed; the page's heading."""
    [confirm_link] = links_in_last_mail(READER)
    assert confirm_link.startswith(site + "/en/cwg-cop/alerts/confirm/"), confirm_link
    page.goto(confirm_link)
    page.get_by_role("button", name="Confirm").click()
    return heading(page)


def publish_for_italy(title: str) -> Document:
    """The secretariat accepts and publishes Italy's submitted document (mails go out)."""
    secretariat = get_user_model().objects.get(username="secretariat")
    document = Document.objects.get(meeting__number=22, sources__slug="italy", status="submitted")
    document.title = title
    document.save(update_fields=["title"])
    accept_document(document=document, by=secretariat)
    return publish_document(document=document, by=secretariat)


def test_reader_follows_italy_confirms_changes_and_unsubscribes_from_the_mails(
    page, site, screenshot
):
    page.goto(site + "/en/countries/it/")
    page.get_by_role("link", name="Get e-mail alerts").click()
    form_path = page.url.removeprefix(site)
    requested = ask_for_alert(page, site, form_path)
    [confirmation] = [message for message in mail.outbox if message.to == [READER]]
    sent = []
    page.on("request", lambda request: sent.append((request.method, request.url, request.headers)))
    confirmed = confirm_from_the_mail(page, site)
    stylesheet_referers = {
        headers.get("referer") for method, url, headers in sent if url.endswith(".css")
    }
    [(confirm_url, confirm_headers)] = [
        (url, headers) for method, url, headers in sent if method == "POST"
    ]
    screenshot(page, "manage-after-confirm")
    after_confirm = (page.url, lead(page), page.get_by_role("heading", level=2).all_inner_texts())
    alert = Alert.objects.select_related("subscriber").get()
    kept = (alert.subscriber.email, alert.kind, alert.country.code, alert.frequency)
    document = publish_for_italy("Safer internet day in Italian schools")
    [document_link, manage_link, unsubscribe_link] = links_in_last_mail(READER)

    page.goto(manage_link)
    page.select_option(f"#frequency-{alert.pk}", "daily")
    page.get_by_role("button", name="Save").first.click()
    page.wait_for_url(manage_link)
    frequency = (page.input_value(f"#frequency-{alert.pk}"), Alert.objects.get().frequency)
    page.select_option("#id_language", "fr")
    page.get_by_role("button", name="Save").last.click()
    page.wait_for_url(manage_link)
    language = (page.input_value("#id_language"), Subscriber.objects.get().language)
    page.goto(unsubscribe_link)
    page.get_by_role("button", name="Unsubscribe").click()
    unsubscribed = heading(page)
    screenshot(page, "unsubscribed")

    assert form_path == "/en/cwg-cop/alerts/?country=IT"
    assert requested == "Check your mailbox"
    assert confirmation.subject == "Confirm your CWG-COP Documents alert"
    assert confirmed == "Your e-mail alerts"
    # The token pages name the site to what they load and post, never their own address.
    assert stylesheet_referers == {site + "/"}
    assert (confirm_headers.get("origin"), confirm_headers.get("referer")) == (site, site + "/")
    assert confirm_url.startswith(site + "/en/cwg-cop/alerts/confirm/")
    assert after_confirm == (manage_link, f"Alerts sent to {READER}.", ["Documents from Italy"])
    assert kept == (READER, "country", "IT", "immediate")
    assert document_link == f"{site}/en/cwg-cop/documents/{document.number}/"
    assert unsubscribe_link.startswith(site + "/en/cwg-cop/alerts/unsubscribe/")
    assert frequency == ("daily", "daily")
    assert language == ("fr", "fr")
    assert unsubscribed == "Unsubscribed"
    assert lead(page) == "No more alerts will be sent, and your address has been deleted."
    assert Subscriber.objects.count() == 0
    assert Alert.objects.count() == 0


def test_reader_removes_one_alert_then_all_from_the_manage_page(page, site):
    ask_for_alert(page, site, "/en/cwg-cop/alerts/?country=IT")
    confirmed = [confirm_from_the_mail(page, site)]
    manage_url = page.url
    ask_for_alert(page, site, "/en/cwg-cop/alerts/?meeting=22")
    confirmed.append(confirm_from_the_mail(page, site))
    both = page.get_by_role("heading", level=2).all_inner_texts()

    page.locator(".alert-item", has_text="Italy").get_by_role(
        "button", name="Remove this alert"
    ).click()
    page.wait_for_url(manage_url)
    left = page.get_by_role("heading", level=2).all_inner_texts()
    kept = [alert.kind for alert in Alert.objects.all()]
    page.get_by_role("button", name="Remove all my alerts and my address").click()
    removed = heading(page)

    assert confirmed == ["Your e-mail alerts", "Your e-mail alerts"]
    assert both == ["Documents from Italy", "Documents of meeting CWG-COP-22"]
    assert left == ["Documents of meeting CWG-COP-22"]
    assert kept == ["meeting"]
    assert page.url == manage_url
    assert removed == "Your alerts are removed"
    assert lead(page) == "No more alerts will be sent, and your address has been deleted."
    assert Subscriber.objects.count() == 0
