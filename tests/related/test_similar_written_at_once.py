"""Two workers writing one document's list of similar documents at once (PostgreSQL)."""

import threading
import time

import pytest
from django.db import connection

from contributions.models import AccessLevel, Document
from related import services
from related.models import SimilarDocument
from related.services import refresh_similar
from tests.factories import MeetingFactory
from tests.related.test_similar_documents import _compute, _documents

pytestmark = [pytest.mark.postgresql, pytest.mark.django_db(transaction=True)]


def _list_of(document: Document) -> list[tuple[int, int]]:
    rows = SimilarDocument.objects.filter(document=document).order_by("rank")
    return list(rows.values_list("rank", "similar_id"))


def _wait_until_it_waits_on_a_lock(pid: int) -> None:
    """Until the connection `pid` waits on a lock: another process's state, which no
    event of this one can tell."""
    with connection.cursor() as cursor:
        for _attempt in range(400):
            cursor.execute("SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s", [pid])
            if cursor.fetchone() == ("Lock",):
                return
            time.sleep(0.025)
    raise AssertionError("the second worker never waited on the first")


def test_two_workers_writing_one_list_at_once_both_finish_and_the_last_list_is_kept(
    monkeypatch,
):
    """The first worker has written the list and not yet committed when the second, which
    found one document fewer (made members only meanwhile), writes it: the second waits for
    the first, then replaces its list, rather than failing on a rank the first has taken."""
    made = _documents(MeetingFactory(number=21))
    _compute([document for group in made.values() for document in group])
    document, second, third = made["bullying"]
    written, go_on = threading.Event(), threading.Event()
    connected = {"first": threading.Event(), "second": threading.Event()}
    pids: dict[str, int] = {}
    found: dict[str, list[tuple[int, int]]] = {}
    errors: list[BaseException] = []
    told = services.similar_lists_written

    def written_then_held(ids):
        told(ids)
        if threading.current_thread().name == "first":
            written.set()
            assert go_on.wait(30)

    monkeypatch.setattr(services, "similar_lists_written", written_then_held)

    def write(name: str) -> None:
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                pids[name] = cursor.fetchone()[0]
            connected[name].set()
            rows = refresh_similar(document_id=document.pk, neighbours=False)
            found[name] = [(row.rank, row.similar_id) for row in rows]
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    first = threading.Thread(target=write, args=("first",), name="first")
    first.start()
    assert written.wait(30)
    Document.objects.filter(pk=second.pk).update(access=AccessLevel.MEMBERS)
    later = threading.Thread(target=write, args=("second",), name="second")
    later.start()
    assert connected["second"].wait(30)
    _wait_until_it_waits_on_a_lock(pids["second"])
    go_on.set()
    first.join()
    later.join()

    assert errors == []
    assert found == {"first": [(1, second.pk), (2, third.pk)], "second": [(1, third.pk)]}
    assert _list_of(document) == [(1, third.pk)]
