"""The workflow's confirmations in the browser, reached through the links of its mails:
the secretariat returns a submission and rejects it, the delegate corrects and submits it
again, a delegate withdraws, the secretariat unpublishes, a delegate starts a revision.

Submitting, accepting and publishing from the document form are in test_workflow.py."""

import re

import pytest
from django.core import mail

from contributions.models import Document
from tests.browser.signin import sign_in

SECRETARIAT = "secretariat@example.org"
ITALY = "delegate-italy@example.org"
DRAFT = "Follow-up on the Interinstitutional Consultative Committee for media and digital literacy"
RETURN_REASON = "Please give the committee's full name in the title."
REJECT_REASON = "The meeting considered this committee's work at its last session."


@pytest.fixture
def site(live_demo, settings):
    """The live server, with the links of mails pointing at it."""
    settings.SITE_URL = live_demo.url
    return live_demo.url


@pytest.fixture
def signed_in(browser, site):
    """A page in a browser of its own, signed in as one of the demo's people."""
    contexts = []

    def open_page(username: str):
        contexts.append(browser.new_context(viewport={"width": 1280, "height": 900}))
        page = contexts[-1].new_page()
        sign_in(page, site, username)
        return page

    yield open_page
    for context in contexts:
        context.close()


def last_mail(to: str):
    [*_earlier, last] = [message for message in mail.outbox if message.to == [to]]
    return last


def links_in(message) -> list[str]:
    return re.findall(r"https?://\S+", message.body)


def confirm(page, action: str, reason: str = "") -> str:
    """The action's button on the document's page, then on its confirmation page (the
    reason typed); the message the person is shown."""
    page.locator(f".workflow-button-{action}").click()
    page.wait_for_url(re.compile(rf".*/workflow/{action}/$"))
    if reason:
        page.fill("#id_reason", reason)
    page.locator("input[name=confirm]").click()
    page.wait_for_load_state("load")
    return page.inner_text(".messagelist")


def test_secretariat_returns_and_rejects_from_the_mails_delegate_corrects_between(
    signed_in, site, screenshot
):
    document = Document.objects.get(title=DRAFT)
    delegate = signed_in("delegate-italy")
    secretariat = signed_in("secretariat")

    delegate.get_by_role("link", name=DRAFT).click()
    submitted = confirm(delegate, "submit")
    [review_link] = links_in(last_mail(SECRETARIAT))
    secretariat.goto(review_link)
    returned = confirm(secretariat, "return", RETURN_REASON)
    screenshot(secretariat, "returned")
    returned_mail = last_mail(ITALY)
    [correct_link] = links_in(returned_mail)
    delegate.goto(correct_link)
    reason_shown = delegate.inner_text(".workflow-reason p >> nth=1")
    delegate.fill("#id_title", DRAFT + " (CICMDL)")
    submitted_again = confirm(delegate, "submit")
    [second_review_link] = links_in(last_mail(SECRETARIAT))
    secretariat.goto(second_review_link)
    rejected = confirm(secretariat, "reject", REJECT_REASON)
    screenshot(secretariat, "rejected")
    rejected_mail = last_mail(ITALY)

    change_url = f"{site}/admin/contributions/document/{document.pk}/change/"
    assert review_link == second_review_link == correct_link == change_url
    assert (
        submitted
        == submitted_again
        == ("Submitted. The secretariat has been told and will review it.")
    )
    assert returned == "Returned to the delegates with your reason."
    assert returned_mail.body.splitlines()[:7] == [
        "The secretariat has returned your document to you:",
        "",
        DRAFT,
        "",
        "The reason:",
        "",
        RETURN_REASON,
    ]
    assert reason_shown == RETURN_REASON
    assert rejected == "Rejected. The delegates have been told why."
    assert rejected_mail.body.splitlines()[:7] == [
        "The secretariat has not accepted your document:",
        "",
        DRAFT + " (CICMDL)",
        "",
        "The reason:",
        "",
        REJECT_REASON,
    ]
    document.refresh_from_db()
    assert (document.title, document.status) == (DRAFT + " (CICMDL)", "rejected")
    assert [(event.from_status, event.to_status, event.reason) for event in document.events.all()][
        -4:
    ] == [
        ("draft", "submitted", ""),
        ("submitted", "returned", RETURN_REASON),
        ("returned", "submitted", ""),
        ("submitted", "rejected", REJECT_REASON),
    ]


def test_delegate_withdraws_secretariat_unpublishes_delegate_starts_a_revision(
    signed_in, site, browser
):
    returned = Document.objects.get(meeting__number=22, status="returned")
    italian = Document.objects.get(sources__slug="italy", status="published")
    israeli = Document.objects.get(sources__slug="israel", status="published")
    israel = signed_in("delegate-israel")
    secretariat = signed_in("secretariat")
    visitor = browser.new_context()

    israel.goto(f"{site}/admin/contributions/document/{returned.pk}/change/")
    withdrawn = confirm(israel, "withdraw", "Superseded by our next contribution.")
    secretariat.goto(f"{site}/admin/contributions/document/{italian.pk}/change/")
    unpublished = confirm(secretariat, "unpublish", "The file holds a draft.")
    unpublished_mail = last_mail(ITALY)
    public = visitor.request.get(site + italian.get_absolute_url())
    visitor.close()
    israel.goto(f"{site}/admin/contributions/document/{israeli.pk}/change/")
    revised = confirm(israel, "revise")

    assert withdrawn == "Withdrawn."
    assert unpublished == "Taken off the public pages. The delegates have been told why."
    assert unpublished_mail.body.splitlines()[:7] == [
        "The secretariat has taken your document CWG-COP-21/INF/1 off the public site:",
        "",
        italian.title,
        "",
        "The reason:",
        "",
        "The file holds a draft.",
    ]
    assert public.status == 404
    assert revised == "A revision has been started. Upload its files, then submit it."
    returned.refresh_from_db()
    italian.refresh_from_db()
    assert (returned.status, returned.events.last().reason) == (
        "withdrawn",
        "Superseded by our next contribution.",
    )
    assert (italian.status, italian.number, italian.events.last().reason) == (
        "accepted",
        "CWG-COP-21/INF/1",
        "The file holds a draft.",
    )
    assert list(
        Document.objects.filter(relations__target=israeli, relations__kind="revises").values_list(
            "status", "title"
        )
    ) == [("draft", israeli.title)]
