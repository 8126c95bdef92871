"""The 21st meeting's documents grouped as ITU's pages group them, on a phone and a screen,
in English and in Arabic: the groups in ITU's order, the members-only list of participants
marked and not linked for the public, nothing wider than the screen."""

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from contributions.models import Document, DocumentFile
from meetings.models import Meeting

SECTION = ".meeting-documents"


def _add_letter_and_participants() -> None:
    meeting = Meeting.objects.get(number=21)
    for kind, title, number, access in [
        (Document.Kind.INVITATION_LETTER, "Invitation to the 21st meeting", "CL-24/67", "public"),
        (Document.Kind.PARTICIPANTS, "Final list of participants", "", "members"),
    ]:
        document = Document.objects.create(
            meeting=meeting,
            kind=kind,
            title=title,
            number=number,
            numbered_by="Circular Letter" if number else "",
            access=access,
            status=Document.Status.PUBLISHED,
            published_at=timezone.now(),
        )
        DocumentFile.objects.create(
            document=document,
            language="en",
            file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="letter.pdf"),
            original_name="letter.pdf",
            size=15,
            sha256="0" * 64,
            content_type="application/pdf",
        )


@pytest.mark.parametrize("language", ["en", "ar"])
@pytest.mark.parametrize("width", [390, 1280])
def test_documents_of_the_meeting_fit_the_screen(browser, live_demo, screenshot, language, width):
    _add_letter_and_participants()
    context = browser.new_context(viewport={"width": width, "height": 844}, locale=language)
    page = context.new_page()
    page.goto(f"{live_demo.url}/{language}/cwg-cop/meetings/21/")
    section = page.locator(SECTION)
    section.scroll_into_view_if_needed()
    screenshot(page, f"{language}-{width}")

    direction = section.evaluate("element => getComputedStyle(element).direction")
    group_ids = section.locator("h3").evaluate_all("headings => headings.map(h => h.id)")
    participants = section.locator("li", has_text="Final list of participants")
    marked = participants.locator(".badge-members").inner_text()
    file_links = participants.locator("a[download]").count()
    page_width = page.evaluate("document.documentElement.scrollWidth")
    context.close()

    assert direction == ("rtl" if language == "ar" else "ltr")
    assert group_ids == [
        "by-kind-invitation_letter",
        "by-kind-contribution",
        "by-kind-information",
        "by-kind-participants",
        "by-kind-report",
    ]
    assert marked == ("للأعضاء فقط" if language == "ar" else "Members only")
    assert file_links == 0
    assert page_width <= width
