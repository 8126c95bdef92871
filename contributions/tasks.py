"""Background work on documents: each task loads its objects by id and calls a service."""

from django_tasks import task

from cwgcop.prepared import build_ended

from . import services
from .compare import build_comparison, storage_name
from .models import DocumentFile
from .services.mail import Tell


@task()
def extract_text_of_file(file_id: int) -> None:
    """Extract a file's text for search; a failure is recorded on the file, never raised."""
    document_file = DocumentFile.objects.select_related("document").filter(pk=file_id).first()
    if document_file is None:  # deleted before the task ran
        return
    services.extract_file_text(document_file=document_file)


@task()
def send_workflow_mail(event_id: int, audience: str, template: str) -> int:
    """Mail the people a workflow change concerns; returns how many messages went."""
    return services.send_notification(event_id=event_id, tell=Tell(audience, template))


@task()
def build_document_comparison(old_file_id: int, new_file_id: int) -> None:
    """Keep what changed between two versions' files of one language (contributions.compare)."""
    files = DocumentFile.objects.in_bulk([old_file_id, new_file_id])
    if len(files) < 2:  # deleted before the task ran
        return
    old_file, new_file = files[old_file_id], files[new_file_id]
    try:
        build_comparison(old_file=old_file, new_file=new_file)
    finally:
        # Done, or failed: a request may ask for it again.
        build_ended(storage_name(old_file, new_file))


@task()
def read_search_words_again(document_ids: list[int], named_by: str = "") -> int:
    """The search words of the documents of a source or topic renamed ("source:<key>",
    "topic:<key>"), or of these documents (those of a topic deleted)."""
    from .search import documents_named_by, read_words_in_batches

    named = documents_named_by(named_by) if named_by else []
    return read_words_in_batches([*document_ids, *named])
