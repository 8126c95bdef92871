"""What a document's page and the API show of the documents like it."""

from contributions.models import Document

from .models import SimilarDocument
from .services import candidates, may_have_list

# What the page and the API show of each similar document: its number, title, language
# and address, and its meeting's code.
SHOWN = (
    "document",
    "rank",
    "score",
    "shared_words",
    "similar__number",
    "similar__title",
    "similar__original_language",
    "similar__meeting__group",
    "similar__meeting__number",
    "similar__meeting__document_prefix",
)


def similar_documents(document: Document) -> list[SimilarDocument]:
    """The kept list of a public document, in one query, each row with its `similar`
    document and that one's meeting. Only documents the public may still see are named:
    one unpublished or made members only since the list was computed is left out at once."""
    if not may_have_list(document):
        return []
    return list(
        SimilarDocument.objects.filter(document=document, similar__in=candidates())
        .select_related("similar__meeting")
        .only(*SHOWN)
        .order_by("rank")
    )
