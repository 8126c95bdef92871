"""Background work: the lists of similar documents, computed by the worker."""

from django_tasks import task

from .services import refresh_similar


@task()
def refresh_similar_documents(document_id: int, named_by: list[int] | None = None) -> int:
    """Recompute one document's list (and its neighbours'), and the lists of `named_by`,
    which named it before its text changed; returns how many it names."""
    return len(refresh_similar(document_id=document_id, named_by=named_by or ()))
