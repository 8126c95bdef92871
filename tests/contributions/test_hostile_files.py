"""Files built against the walks (tests/contributions/hostile_files.py): each is accepted,
or refused for what it is, well within the checking ceiling.

A walk over a file's structure is linear in its objects and has a node budget, so none of
these is ever refused at the checking limit ("check-limit"): that refusal would mean a
walk that loops, recurses or visits the same nodes again. Only the last test reaches the
ceiling, on purpose.
"""

import functools

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from contributions.files import FileRejected, inspect_upload
from tests.contributions import hostile_files

ACCEPTED = "accepted"
many_objects = functools.cache(hostile_files.many_objects)


def case(name: str, make, expected: str, **options):
    return pytest.param(name, make, expected, id=name, **options)


CASES = [
    # Cycles through /Parent and /Kids.
    case("page-tree-parent-cycle.pdf", hostile_files.page_tree_parent_cycle, ACCEPTED),
    case("page-parent-cycle.pdf", hostile_files.page_parent_cycle, ACCEPTED),
    case("page-tree-kids-cycle.pdf", hostile_files.page_tree_kids_cycle, "corrupt"),
    # Cycles through action /Next chains, by dictionary and by array.
    case("open-action-next-itself.pdf", hostile_files.open_action_next_to_itself, ACCEPTED),
    case("open-action-next-array-loop.pdf", hostile_files.open_action_next_array_loop, ACCEPTED),
    case("page-action-next-itself.pdf", hostile_files.page_open_action_next_to_itself, ACCEPTED),
    case(
        "loop-to-web-address.pdf",
        hostile_files.looping_chain_to_a_web_address,
        "pdf-active-content",
    ),
    case(
        "next-chain-10000.pdf", functools.partial(hostile_files.long_next_chain, 10_000), ACCEPTED
    ),
    # Cycles through the outline: /Next loops, a child whose /First is an ancestor.
    case("outline-loops.pdf", hostile_files.outline_loops, ACCEPTED),
    # Size.
    case("kids-100000.pdf", functools.partial(hostile_files.kids_of_one_page, 100_000), ACCEPTED),
    # Office packages.
    case(
        "relationships-10000.docx",
        functools.partial(hostile_files.word_with_relationships, 10_000),
        ACCEPTED,
    ),
    case(
        "relationships-10000-to-one-part.docx",
        functools.partial(hostile_files.word_with_relationships, 10_000, external=False),
        ACCEPTED,
    ),
    case(
        "documents-nested-20-deep.docx",
        functools.partial(hostile_files.nested_word_documents, 20),
        "archive-bomb",
    ),
    case(
        "archives-nested-20-deep.docx",
        functools.partial(hostile_files.nested_zip_archives, 20),
        "active-content",
    ),
]


def judged(name: str, content: bytes) -> str:
    """The code of the refusal, or "accepted"."""
    try:
        inspect_upload(SimpleUploadedFile(name, content))
    except FileRejected as refused:
        return refused.code
    return ACCEPTED


@pytest.mark.parametrize(
    ("name", "make", "expected"),
    CASES,
)
def test_hostile_file_is_judged_for_what_it_is(name, make, expected):
    content = make()

    outcome = judged(name, content)

    assert outcome == expected


@pytest.mark.parametrize("pages", [4, 6, 20, 300])
def test_blank_pdf_opening_at_a_page_is_accepted_within_a_budget_linear_in_its_pages(
    pages, settings
):
    # About eleven nodes a blank page; the walk that followed the open destination's page
    # through /Parent and /Kids needed pages**32.
    content = hostile_files.blank_pdf_opening_at_a_page(pages)
    settings.DOCUMENT_WALK_MAX_NODES = 20 * pages + 100

    outcome = judged(f"blank-{pages}-pages.pdf", content)

    assert outcome == ACCEPTED


def test_a_pdf_of_100000_objects_is_refused_by_the_node_budget(settings):
    # The budget is what refuses it: the ceiling is lifted out of its way, so that a
    # loaded machine, where each node costs more time on the clock, gives the same answer.
    content = many_objects(100_000)
    settings.DOCUMENT_CHECK_SECONDS = 120

    outcome = judged("objects-100000.pdf", content)

    assert outcome == "too-complex"


def test_check_past_its_ceiling_is_refused_at_the_limit(settings):
    # pypdf takes seconds of CPU to read 100,000 objects; with the node budget out of the
    # way, only the ceiling stops the check.
    content = many_objects(100_000)
    settings.DOCUMENT_WALK_MAX_NODES = 10**9
    settings.DOCUMENT_CHECK_SECONDS = 1

    outcome = judged("objects-100000.pdf", content)

    assert outcome == "check-limit"
