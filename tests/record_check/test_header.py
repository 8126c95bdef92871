"""What the first page of a file prints, read from its text in the layouts ITU uses."""

import datetime

import pytest

from contributions.files.record_check import Header, first_page, read_date, read_header
from tests.record_check.conftest import HEADER


def test_the_council_working_group_header_is_read_label_by_label():
    assert read_header("\n".join(HEADER)) == Header(
        number="WG-CP-2/3",
        date=datetime.date(2015, 9, 30),
        source="Italy",
        english_only=True,
        original_language="en",
    )


def test_a_header_in_another_order_with_labels_in_lower_case():
    text = "\n".join(
        [
            "Document CWG-COP-21/INF/9",
            "2016-01-18",
            "For information",
            "Original: French",
            "Source: Italy, France and Bosnia and Herzegovina",
            "Title: Helplines in Europe",
        ]
    )

    assert read_header(text) == Header(
        number="CWG-COP-21/INF/9",
        date=datetime.date(2016, 1, 18),
        source="Italy, France and Bosnia and Herzegovina",
        english_only=False,
        original_language="fr",
    )


def test_the_date_on_the_line_of_the_number_and_a_revision():
    header = read_header("DOCUMENT CWG-COP-18/INF/3 Rev.1 2 February 2023\nORIGINAL: ENGLISH")

    assert (header.number, header.date, header.original_language) == (
        "CWG-COP-18/INF/3 Rev.1",
        datetime.date(2023, 2, 2),
        "en",
    )


def test_a_french_file_names_the_original_in_french():
    header = read_header("Document WG-CP-2/3-F\nOriginal: anglais\nSource : Italie")

    assert (header.number, header.original_language, header.source) == ("WG-CP-2/3", "en", "Italie")


@pytest.mark.parametrize(
    ("written", "date"),
    [
        ("30th September 2015", datetime.date(2015, 9, 30)),
        ("1st October 2015", datetime.date(2015, 10, 1)),
        ("22nd March 2016", datetime.date(2016, 3, 22)),
        ("3rd May 2017", datetime.date(2017, 5, 3)),
        ("30 September 2015", datetime.date(2015, 9, 30)),
        ("30 SEPTEMBER 2015", datetime.date(2015, 9, 30)),
        ("September 30, 2015", datetime.date(2015, 9, 30)),
        ("2015-09-30", datetime.date(2015, 9, 30)),
        ("31 February 2015", None),
        ("Geneva", None),
    ],
)
def test_dates_as_they_are_written(written, date):
    assert read_date(written) == date


def test_a_meeting_s_dates_in_its_title_are_not_the_document_s_date():
    header = read_header(
        "Eighth meeting, Geneva, 29-30 September 2015\nDocument WG-CP-8/2\nSource: Italy"
    )

    assert (header.number, header.date) == ("WG-CP-8/2", None)


def test_what_follows_the_title_is_not_read():
    text = "Document WG-CP-2/3\nTITLE: Helplines\nSource: a survey\nEnglish only\n1 March 2015"

    assert first_page(text) == "Document WG-CP-2/3\nTITLE: Helplines"
    assert read_header(text) == Header(number="WG-CP-2/3")


def test_only_the_beginning_of_a_long_text_is_the_first_page():
    text = "Document WG-CP-2/3\n" + "x" * 3000 + "\nEnglish only"

    assert read_header(text) == Header(number="WG-CP-2/3")


def test_a_text_without_a_header_reads_as_nothing():
    header = read_header("Guidelines for industry on child online protection")

    assert (header, header.found) == (Header(), False)
