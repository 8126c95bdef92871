"""What changed between two versions: the paragraphs and words marked, the unchanged ones
folded, the comparison built by the worker and served with its ETag, and the links on a
document's page."""

import pytest
from django_tasks import task_backends

from contributions.compare import compare_texts, paragraphs
from contributions.models import DocumentFile
from contributions.tasks import build_document_comparison

from .conftest import ORIGINAL_TEXT, REVISED_TEXT

pytestmark = pytest.mark.django_db

ADDRESS = "/en/cwg-cop/documents/CWG-COP-40/INF/7/compare/CWG-COP-40/INF/7(Rev.1)/en/"


def test_paragraphs_join_wrapped_lines_and_part_at_other_breaks():
    text = "First line \nwrapped.\nSecond.\n\n  Third   with  spaces.\n"

    assert paragraphs(text) == ["First line wrapped.", "Second.", "Third with spaces."]


def test_revision_marks_the_changed_the_deleted_and_the_inserted_paragraph():
    blocks = compare_texts(ORIGINAL_TEXT, REVISED_TEXT)

    assert blocks == [
        {"same": ["Report on helplines"]},
        {
            "old": [
                ["=", "Helplines answered "],
                ["-", "1200"],
                ["=", " calls in the first quarter."],
            ],
            "new": [
                ["=", "Helplines answered "],
                ["+", "1500"],
                ["=", " calls in the first quarter."],
            ],
        },
        {"old": [["-", "The survey covered ten countries."]], "new": None},
        {"same": ["Volunteers were trained in March."]},
        {"old": None, "new": [["+", "A new helpline opened in Rome."]]},
        {"same": ["Next steps are set out below.", "Funding is asked for two more years."]},
    ]


def test_paragraphs_too_unlike_are_deleted_and_inserted_not_changed():
    blocks = compare_texts("Alpha beta gamma delta.", "Something else entirely here.")

    assert blocks == [
        {"old": [["-", "Alpha beta gamma delta."]], "new": None},
        {"old": None, "new": [["+", "Something else entirely here."]]},
    ]


def test_comparison_page_marks_changes_in_words_and_folds_the_rest(client, versions):
    response = client.get(ADDRESS)

    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<del><span") == 2
    assert html.count("<ins><span") == 2
    assert (
        '<del><span class="visually-hidden" lang="en">[deleted: </span>1200'
        '<span class="visually-hidden" lang="en"> end of deletion]</span></del>'
    ) in html
    assert (
        '<ins><span class="visually-hidden" lang="en">[inserted: </span>A new helpline opened in Rome.'
        '<span class="visually-hidden" lang="en"> end of insertion]</span></ins>'
    ) in html
    assert html.count('<details class="compare-same">') == 3
    assert html.count("<summary>1 unchanged paragraph</summary>") == 2
    assert html.count("<summary>2 unchanged paragraphs</summary>") == 1
    assert "1 paragraph changed,\n1 inserted,\n1 deleted." in html


def test_pair_asked_the_other_way_round_redirects_to_the_earlier_first(client, versions):
    response = client.get(
        "/en/cwg-cop/documents/CWG-COP-40/INF/7(Rev.1)/compare/CWG-COP-40/INF/7/en/"
    )

    assert response.status_code == 301
    assert response["Location"] == ADDRESS


@pytest.mark.parametrize(
    "address",
    [
        # Not versions of one another.
        "/en/cwg-cop/documents/CWG-COP-40/INF/7/compare/CWG-COP-40/INF/7(Rev.1)(Add.1)/en/",
        # No French files.
        "/en/cwg-cop/documents/CWG-COP-40/INF/7/compare/CWG-COP-40/INF/7(Rev.1)/fr/",
        "/en/cwg-cop/documents/CWG-COP-40/INF/7/compare/CWG-COP-40/INF/7(Rev.1)/xx/",
        "/en/cwg-cop/documents/CWG-COP-40/INF/9/compare/CWG-COP-40/INF/7(Rev.1)/en/",
    ],
)
def test_no_such_comparison_is_not_found(client, versions, address):
    assert client.get(address).status_code == 404


def test_file_without_text_offers_no_comparison(client, versions):
    DocumentFile.objects.filter(document=versions[1]).update(text="")

    page = client.get(versions[0].get_absolute_url()).content.decode()

    assert client.get(ADDRESS).status_code == 404
    assert "Compare versions" not in page


def test_while_building_the_page_asks_to_come_back_and_queues_one_build(client, versions, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    task_backends["default"].clear()
    original, revision, _addendum = versions

    first = client.get(ADDRESS)
    second = client.get(ADDRESS)

    queued = [(result.task.name, result.args) for result in task_backends["default"].results]
    old_file, new_file = original.files.get(), revision.files.get()
    assert (first.status_code, second.status_code) == (202, 202)
    assert first["Retry-After"] == "30"
    assert "The comparison is being prepared from the text of both files." in first.content.decode()
    assert queued == [("build_document_comparison", [old_file.pk, new_file.pk])]

    build_document_comparison.call(old_file.pk, new_file.pk)
    built = client.get(ADDRESS)

    assert built.status_code == 200
    assert built.content.decode().count("<ins><span") == 2


def test_built_comparison_answers_not_modified_to_its_etag(client, versions):
    first = client.get(ADDRESS)

    again = client.get(ADDRESS, headers={"If-None-Match": first["ETag"]})

    assert first.status_code == 200
    assert again.status_code == 304
    assert again["ETag"] == first["ETag"]


def test_document_page_offers_each_version_in_each_language_with_text(client, versions):
    _original, revision, _addendum = versions

    page = client.get(revision.get_absolute_url()).content.decode()

    assert page.count('class="plain compare-links"') == 1
    assert f'<a href="{ADDRESS}">Compare with <bdi>CWG-COP-40/INF/7</bdi> (English)</a>' in page
    assert (
        '<a href="/en/cwg-cop/documents/CWG-COP-40/INF/7(Rev.1)/compare/CWG-COP-40/INF/7(Rev.1)(Add.1)/en/">'
        "Compare with <bdi>CWG-COP-40/INF/7(Rev.1)(Add.1)</bdi> (English)</a>"
    ) in page
    assert page.count("Compare with <bdi>") == 2


def test_text_repeated_at_length_is_matched_copy_to_copy():
    # Matched by the longest run alone, the second copy would be shown deleted and a whole
    # copy inserted.
    report = [f"Paragraph {number} of the report says {number * 7} things." for number in range(6)]
    first, second = list(report), list(report)
    first[1] = "Paragraph 1 of the report says 8 things."
    second[0] = "Paragraph 0 of the report says 1 things."

    blocks = compare_texts("\n".join(report + report), "\n".join(first + second))

    assert blocks == [
        {"same": report[:1]},
        {
            "old": [["=", "Paragraph 1 of the report says "], ["-", "7"], ["=", " things."]],
            "new": [["=", "Paragraph 1 of the report says "], ["+", "8"], ["=", " things."]],
        },
        {"same": report[2:]},
        {
            "old": [["=", "Paragraph 0 of the report says "], ["-", "0"], ["=", " things."]],
            "new": [["=", "Paragraph 0 of the report says "], ["+", "1"], ["=", " things."]],
        },
        {"same": report[1:]},
    ]
