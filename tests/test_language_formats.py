"""Dates, ordinals and names read right in each of the six languages."""
# ruff: noqa: RUF001 -- Russian dates end with the Cyrillic abbreviation of "year"

import datetime
import re

import pytest
from django.contrib.auth.models import Group
from django.utils import formats, translation

from meetings.models import Meeting
from meetings.report import dates_in_words, ordinal_in_words
from tests.factories import (
    DocumentFactory,
    MeetingFactory,
    OutcomeFactory,
    SourceFactory,
    TopicFactory,
    UserFactory,
)

DAY = datetime.date(2024, 9, 30)
MOMENT = datetime.datetime(2024, 9, 16, 23, 59, tzinfo=datetime.UTC)


@pytest.mark.parametrize(
    ("language", "date", "moment"),
    [
        ("en", "30 September 2024", "16 September 2024, 23:59"),
        ("fr", "30 septembre 2024", "16 septembre 2024 à 23:59"),
        ("es", "30 de septiembre de 2024", "16 de septiembre de 2024, 23:59"),
        ("ar", "30 سبتمبر 2024", "16 سبتمبر 2024، 23:59"),
        ("ru", "30 сентября 2024 г.", "16 сентября 2024 г., 23:59"),
        ("zh-hans", "2024年9月30日", "2024年9月16日 23:59"),
    ],
)
def test_every_language_has_its_date_and_moment(language, date, moment):
    with translation.override(language):
        assert formats.date_format(DAY, "DATE_FORMAT") == date
        assert formats.date_format(MOMENT, "DATETIME_FORMAT") == moment


@pytest.mark.parametrize(
    ("language", "short_date", "short_moment"),
    [
        ("en", "30 Sep 2024", "16 September 2024, 23:59"),
        ("fr", "30/09/2024", "16/09/2024 23:59"),
        ("es", "30/09/2024", "16/09/2024 23:59"),
        ("ar", "30 سبتمبر 2024", "16 سبتمبر 2024، 23:59"),
        ("ru", "30.09.2024", "16.09.2024 23:59"),
        ("zh-hans", "2024年9月30日", "2024年9月16日 23:59"),
    ],
)
def test_short_dates_are_day_first_and_on_the_24_hour_clock(language, short_date, short_moment):
    """No language falls back to the American "09/16/2024 11:59 p.m." (the admin's lists)."""
    with translation.override(language):
        assert formats.date_format(DAY, "SHORT_DATE_FORMAT") == short_date
        assert formats.date_format(MOMENT, "SHORT_DATETIME_FORMAT") == short_moment


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("en", "on 30 September and 1 October 2024"),
        ("fr", "les 30 septembre et 1 octobre 2024"),
        ("ru", "30 сентября 2024 г. и 1 октября 2024 г."),
        ("zh-hans", "2024年9月30日和2024年10月1日"),
    ],
)
def test_the_report_dates_in_words_use_the_language_s_date(language, words):
    with translation.override(language):
        written = dates_in_words(DAY, datetime.date(2024, 10, 1))
    assert words in written
    assert "Сентябрь" not in written
    assert "九月" not in written


@pytest.mark.parametrize(
    ("number", "french", "arabic"),
    [
        (20, "vingtième", "العشرين"),
        (21, "vingt et unième", "الحادي والعشرين"),
        (22, "vingt-deuxième", "الثاني والعشرين"),
        (30, "trentième", "الثلاثين"),
        (31, "trente et unième", "الحادي والثلاثين"),
        (70, "soixante-dixième", "السبعين"),
        (71, "soixante et onzième", "الحادي والسبعين"),
        (77, "soixante-dix-septième", "السابع والسبعين"),
        (80, "quatre-vingtième", "الثمانين"),
        (81, "quatre-vingt-unième", "الحادي والثمانين"),
        (91, "quatre-vingt-onzième", "الحادي والتسعين"),
        (99, "quatre-vingt-dix-neuvième", "التاسع والتسعين"),
    ],
)
def test_compound_ordinals_in_french_and_arabic(number, french, arabic):
    with translation.override("fr"):
        assert ordinal_in_words(number) == french
    with translation.override("ar"):
        assert ordinal_in_words(number) == arabic


@pytest.fixture
def chair_client(client, db):
    chair = UserFactory(username="chair-reader", is_staff=True)
    chair.groups.add(Group.objects.get(name="Chair"))
    client.force_login(chair)
    return client


def test_the_report_heading_in_french_names_the_twenty_first_meeting(chair_client):
    MeetingFactory(number=21, status=Meeting.Status.HELD)

    content = chair_client.get("/fr/cwg-cop/meetings/21/report/").content.decode()

    assert "vingt et unième" in content
    assert "vingt-première" not in content


@pytest.mark.parametrize("language", ["ar", "fr", "zh-hans", "ru", "es"])
def test_the_report_marks_the_record_s_english_paragraphs(chair_client, language):
    meeting = MeetingFactory(number=41, status=Meeting.Status.HELD)
    OutcomeFactory(meeting=meeting, order=1, text="The group agreed to meet again.")
    direction = "rtl" if language == "ar" else "ltr"

    content = chair_client.get(f"/{language}/cwg-cop/meetings/41/report/").content.decode()

    assert re.search(
        r'<p class="report-paragraph" id="outcome-1" lang="en" dir="ltr">'
        r'<span class="paragraph-number">\d+\.1</span> The group agreed to meet again\.</p>',
        content,
    )
    # The report's own sentences are in the page's language, unmarked.
    purpose = re.search(r'<section aria-labelledby="purpose">.*?<p ([^>]*)>', content, re.S)
    assert purpose.group(1) == 'class="report-paragraph"'
    assert f'dir="{direction}"' in content


def test_the_report_in_english_marks_nothing(chair_client):
    meeting = MeetingFactory(number=42, status=Meeting.Status.HELD)
    OutcomeFactory(meeting=meeting, order=1, text="The group agreed to meet again.")

    content = chair_client.get("/en/cwg-cop/meetings/42/report/").content.decode()

    article = content.split("<article", 1)[1].split("</article>", 1)[0]
    assert "The group agreed to meet again." in article
    assert "lang=" not in article


def test_english_names_between_arabic_commas_are_isolated(client, db):
    meeting = MeetingFactory(number=43, status=Meeting.Status.HELD)
    first = SourceFactory(name="Child Helpline International", slug="chi")
    second = SourceFactory(name="ITU Development Sector", slug="itu-d")
    topic_a = TopicFactory(name="Online safety", slug="online-safety")
    topic_b = TopicFactory(name="Age assurance", slug="age-assurance")
    document = DocumentFactory(meeting=meeting, published=True, sources=[first, second])
    document.topics.set([topic_a, topic_b])

    page = client.get(f"/ar/cwg-cop/documents/{document.number}/").content.decode()
    listing = client.get("/ar/cwg-cop/documents/").content.decode()

    names = (
        '<bdi class="list-name"><a href="/ar/sources/chi/">'
        '<span lang="en" dir="ltr">Child Helpline International</span></a></bdi>'
    )
    assert names in page
    assert names in listing
    assert (
        '<bdi class="list-name"><a href="/ar/cwg-cop/topics/online-safety/">'
        '<span lang="en" dir="ltr">Online safety</span></a></bdi>'
    ) in page


@pytest.mark.parametrize(
    ("language", "month"),
    [("en", "May 2025"), ("zh-hans", "2025年5月"), ("ru", "Май 2025 г."), ("es", "mayo de 2025")],
)
def test_a_subject_s_meetings_are_dated_by_month_in_the_page_s_language(
    client, db, language, month
):
    source = SourceFactory(name="Child Helpline International", slug="chi")
    for number in (31, 32):
        meeting = MeetingFactory(number=number, start_date=datetime.date(2025, 5, number - 20))
        DocumentFactory(meeting=meeting, published=True, sources=[source])

    page = client.get(f"/{language}/sources/chi/").content.decode()

    assert f'<span class="muted">({month})</span>' in page
