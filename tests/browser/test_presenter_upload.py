"""A presenter without an account follows the link the secretariat mailed and sends the
slides through the page's form; the slides arrive in the review queue, unpublished."""

import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from contributions.models import Document
from meetings.presenter_uploads import make_upload_token
from tests.browser.signin import sign_in
from tests.contributions.corpus import pdf_bytes
from tests.factories import MeetingFactory, PresentationFactory

PRESENTER = "ines.presenter@example.net"
TITLE = "Helpline results of the youth consultation"


@pytest.fixture
def site(live_demo, settings):
    settings.SITE_URL = live_demo.url
    return live_demo.url


@pytest.fixture
def presentation(site):
    meeting = MeetingFactory(
        number=40, start_date=datetime.date(2027, 3, 1), end_date=datetime.date(2027, 3, 2)
    )
    return PresentationFactory(meeting=meeting, order=1, title=TITLE)


def test_presenter_sends_slides_through_the_link_of_the_mail(
    browser, page, site, presentation, screenshot, tmp_path
):
    sign_in(page, site, "secretariat")
    page.goto(site + reverse("admin:meetings_presentation_change", args=[presentation.pk]))
    page.get_by_role("link", name="Send an upload link").click()
    screenshot(page, "admin-form-1280")
    page.fill("#id_email", PRESENTER)
    page.fill("#id_name", "Inès Presenter")
    page.get_by_role("button", name="Send an upload link").click()
    page.wait_for_load_state("load")
    sent_message = page.locator(".messagelist").inner_text()
    [message] = [message for message in mail.outbox if message.to == [PRESENTER]]
    [link] = re.findall(r"https?://\S+", message.body)
    presenter = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    upload_page = presenter.new_page()
    slides = tmp_path / "Helpline results.pdf"
    slides.write_bytes(pdf_bytes())

    upload_page.goto(link)
    lead = upload_page.inner_text("main .lead")
    screenshot(upload_page, "form-1280")
    upload_page.set_viewport_size({"width": 390, "height": 844})
    screenshot(upload_page, "form-390")
    upload_page.set_input_files("#id_slides", str(slides))
    upload_page.get_by_role("button", name="Send the slides").click()
    upload_page.wait_for_load_state("load")
    heading = upload_page.get_by_role("heading", level=1).inner_text()
    screenshot(upload_page, "received-390")
    presenter.close()

    presentation.refresh_from_db()
    document = presentation.document
    assert sent_message == (f"An upload link was sent to {PRESENTER}; it works until 2 March 2027.")
    assert link.startswith(site + "/en/presentations/upload/")
    assert lead == f"For your presentation “{TITLE}” at CWG-COP-40."
    assert heading == "Your slides were received"
    assert (document.kind, document.status, document.title) == (
        Document.Kind.PRESENTATION,
        Document.Status.SUBMITTED,
        TITLE,
    )
    assert [f.original_name for f in document.files.all()] == ["Helpline results.pdf"]


def test_upload_page_in_arabic(browser, site, presentation, screenshot, django_user_model):
    secretary = django_user_model.objects.get(username="secretariat")
    token = make_upload_token(presentation=presentation, email=PRESENTER, name="", by=secretary)
    with translation.override("ar"):
        path = reverse("meetings:presenter-upload", args=[token])
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ar")
    arabic = context.new_page()

    arabic.goto(site + path)
    direction = arabic.get_attribute("html", "dir")
    screenshot(arabic, "arabic-1280")
    arabic.set_viewport_size({"width": 390, "height": 844})
    screenshot(arabic, "arabic-390")
    context.close()

    assert path.startswith("/ar/presentations/upload/")
    assert direction == "rtl"
