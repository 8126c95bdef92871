"""What a document's page and the API show of the documents like it."""

from contributions.models import Document
from contributions.selectors import SEARCH_VECTORS

from .models import SimilarDocument
from .services import candidates, may_have_list


def similar_documents(document: Document) -> list[SimilarDocument]:
    """The kept list of a public document, in one query, each row with its `similar`
    document and that one's meeting. Only documents the public may still see are named:
    one unpublished or made members only since the list was computed is left out at once."""
    if not may_have_list(document):
        return []
    return list(
        SimilarDocument.objects.filter(document=document, similar__in=candidates())
        .select_related("similar__meeting")
        .defer(*(f"similar__{name}" for name in SEARCH_VECTORS))
        .order_by("rank")
    )
