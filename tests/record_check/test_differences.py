"""The first page compared with the record: each difference, and the sentence that says it."""

import datetime

import pytest

from contributions.files.record_check import Record, check, sentence, sources_agree
from tests.record_check.conftest import HEADER

AGREEING = Record(
    number="WG-CP/2/3",
    date=datetime.date(2015, 9, 30),
    sources=(("Italy", ""),),
    english_only=True,
    original_language="en",
)


def _warnings(record: Record, *, lines=HEADER, language: str = "en") -> list[str]:
    return [sentence(d) for d in check("\n".join(lines), record, file_language=language)]


def test_a_file_that_agrees_with_its_record_gives_no_warning():
    assert check("\n".join(HEADER), AGREEING, file_language="en") == []


def test_the_number():
    record = Record(**{**AGREEING.__dict__, "number": "WG-CP/2/2"})

    assert check("\n".join(HEADER), record, file_language="en") == [
        {"field": "number", "file_says": "WG-CP-2/3", "record_says": "WG-CP/2/2"}
    ]
    assert _warnings(record) == ["The file says WG-CP-2/3; the record says WG-CP/2/2."]


def test_the_date():
    record = Record(**{**AGREEING.__dict__, "date": datetime.date(2015, 9, 29)})

    assert _warnings(record) == [
        "The file is dated 30 September 2015; the record says 29 September 2015."
    ]


def test_the_source():
    record = Record(**{**AGREEING.__dict__, "sources": (("Israel", ""),)})

    assert _warnings(record) == ["The file names Italy as its source; the record says Israel."]


def test_english_only_printed_but_not_recorded():
    record = Record(**{**AGREEING.__dict__, "english_only": False})

    assert _warnings(record) == [
        "The file is labelled “English only”; the record is not issued in English only."
    ]


def test_english_only_recorded_but_not_printed():
    lines = [line for line in HEADER if line != "English only"]

    assert _warnings(AGREEING, lines=lines) == [
        "The record is issued in English only; the file is not labelled “English only”."
    ]


def test_the_original_language():
    record = Record(**{**AGREEING.__dict__, "original_language": "fr"})

    assert _warnings(record) == ["The file says its original is English; the record says French."]


def test_a_field_the_record_lacks_is_not_compared():
    record = Record(number="", date=None, sources=(), english_only=True, original_language="en")

    assert _warnings(record) == []


def test_a_french_file_is_compared_by_number_date_and_original_only():
    lines = ["Document WG-CP-2/2-F", "30 septembre 2015", "Original: anglais", "Source : Italie"]

    assert _warnings(AGREEING, lines=lines, language="fr") == [
        "The file says WG-CP-2/2; the record says WG-CP/2/3."
    ]


@pytest.mark.parametrize(
    ("printed", "agree"),
    [
        ("ITALY, BiH and UK.", True),
        ("Italy", False),
        ("Italy, Bosnia and Herzegovina and United Kingdom", True),
        ("United Kingdom, Italy and BiH", True),
        ("UK and Italy and Bosnia and Herzegovina", True),
        ("Italy and United Kingdom", False),
        ("Italy, Bosnia and Herzegovina, United Kingdom and France", False),
    ],
)
def test_sources_by_name_or_short_name_in_any_order(printed, agree):
    sources = (("Italy", ""), ("Bosnia and Herzegovina", "BiH"), ("United Kingdom", "UK"))

    assert sources_agree(printed, sources) is agree
