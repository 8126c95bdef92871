"""Alert mails sent by the background worker; each task loads its rows by id."""

from django_tasks import task

from . import sending


@task()
def send_confirmation_mail(pending_id: int) -> int:
    """Mail the confirmation link of a request to follow something."""
    return sending.send_confirmation(pending_id=pending_id)


@task()
def send_publication_alerts(document_id: int) -> int:
    """Mail a just-published document to those who follow it at once."""
    return sending.send_publication_alerts(document_id=document_id)
