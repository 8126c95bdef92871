"""Every entry of every history names who made the change: the person, or the part of the
system that made it (the demo loader, the task worker, the system). The archive import is
by the secretariat member who ran it; a change by an account deleted since says so. What
is checked is what the admin's history pages show."""

import html
import re
import signal

import pytest
from auditlog.models import LogEntry
from django.core.management import call_command
from django.urls import reverse
from django_tasks import task

from contributions import services
from contributions.models import Document, DocumentEvent
from cwgcop.change_log import author
from meetings.models import Outcome
from meetings.services import set_outcome_status
from tests.change_pages import change_rows
from tests.contributions.admin_pages import change_url, post_form
from tests.contributions.conftest import member_of
from tests.factories import OutcomeFactory

pytestmark = pytest.mark.django_db


@task()
def retitle_document(document_id: int, title: str) -> None:
    """A task that changes a document, as the worker runs it."""
    document = Document.objects.get(pk=document_id)
    document.title = title
    document.save(update_fields=["title"])


@pytest.fixture
def database_tasks(settings):
    """Tasks go to the database queue; the worker run in this process leaves the signal
    handlers it set as they were."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    handlers = {number: signal.getsignal(number) for number in (signal.SIGINT, signal.SIGTERM)}
    yield
    for number, handler in handlers.items():
        signal.signal(number, handler)


def _history(client, document: Document) -> list[tuple[str, list[str]]]:
    url = reverse("admin:contributions_document_history", args=[document.pk])
    return [(who, lines) for _when, who, lines in change_rows(client.get(url))]


def _inline_authors(response) -> list[str]:
    """The "by" column of a history inline on an admin page, oldest first."""
    cells = re.findall(r'<td class="field-by">\s*<p>(.*?)</p>', response.content.decode(), re.S)
    return [html.unescape(cell.strip()) for cell in cells]


# The worker closes its connection between tasks, as it should outside a test: so no
# transaction of the test's around it.
@pytest.mark.django_db(transaction=True)
def test_each_way_of_changing_a_document_names_its_author(client, people, draft, database_tasks):
    client.force_login(people["secretariat"])
    post_form(client, change_url(draft), title="Edited in the admin")
    services.update_document(
        document=draft, by=people["delegate"], changes={"title": "Edited by its delegate"}
    )
    retitle_document.enqueue(draft.pk, "Corrected by a task")
    call_command("run_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    # Written outside any request, service or command: a shell.
    draft.refresh_from_db()
    draft.title = "Changed in a shell"
    draft.save()

    history = _history(client, draft)

    assert history[:4] == [
        ("the system", ["Title: 'Corrected by a task' \u2192 'Changed in a shell'"]),
        ("the task worker", ["Title: 'Edited by its delegate' \u2192 'Corrected by a task'"]),
        ("delegate-italy", ["Title: 'Edited in the admin' \u2192 'Edited by its delegate'"]),
        ("secretary", ["Title: 'Safer Internet Day' \u2192 'Edited in the admin'"]),
    ]
    assert [who for who, _lines in history[4:]] == ["delegate-italy", "the system"]


def test_changes_by_a_deleted_account_say_so_in_every_history(client, people, draft, meeting):
    leaving = member_of("Secretariat", username="leaving-secretary")
    services.submit_document(document=draft, by=people["delegate"])
    services.accept_document(document=draft, by=leaving)
    outcome = OutcomeFactory(meeting=meeting, order=1, text="Report back.")
    set_outcome_status(outcome=outcome, status=Outcome.Status.DONE, by=leaving)
    leaving.delete()
    client.force_login(people["secretariat"])

    history = _history(client, draft)
    workflow = _inline_authors(client.get(change_url(draft)))
    actions = _inline_authors(
        client.get(reverse("admin:meetings_outcome_change", args=[outcome.pk]))
    )

    assert [who for who, _lines in history[:2]] == ["a deleted account", "delegate-italy"]
    assert workflow == ["delegate-italy", "a deleted account"]
    assert actions == ["a deleted account"]


def test_every_change_the_demo_loader_wrote_is_named_as_its_or_a_persons(demo):
    entry_authors = {author(entry) for entry in LogEntry.objects.all()}
    events_without_author = DocumentEvent.objects.filter(actor=None).count()

    assert entry_authors == {"the demo loader"}
    assert events_without_author == 0


def test_every_change_the_archive_import_wrote_is_by_the_importer(archive):
    entry_authors = {author(entry) for entry in LogEntry.objects.all()}
    event_authors = set(DocumentEvent.objects.values_list("actor__username", flat=True))

    assert entry_authors == {"archivist"}
    assert event_authors == {"archivist"}
