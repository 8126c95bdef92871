"""The people and meetings of the contributions tests, and documents of the new kinds."""

import pytest
from django.utils import timezone

from contributions.models import Document
from tests.contributions.conftest import (  # noqa: F401 -- fixtures, for pytest
    attach_pdf,
    israel,
    italy,
    meeting,
    people,
)
from tests.factories import DocumentFactory


@pytest.fixture
def published(meeting, italy):  # noqa: F811 -- the imported fixtures, asked by name
    """make(kind, title, **fields) -> a published document of the meeting with an English PDF."""

    def make(kind: str, title: str, **fields) -> Document:
        document = DocumentFactory(
            meeting=meeting,
            sources=[italy],
            kind=kind,
            title=title,
            status=Document.Status.PUBLISHED,
            published_at=timezone.now(),
            **fields,
        )
        attach_pdf(document)
        return document

    return make
