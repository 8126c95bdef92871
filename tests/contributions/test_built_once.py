"""Kept values and pages are built once: a request that asks while another builds one
waits for it."""

import threading
import time

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from cwgcop import kept, page_cache
from cwgcop.kept import LISTS, PUBLIC, public_view_changed


def kept_until_public_change(name, compute):
    return kept.kept_until_public_change(name, compute, audience=PUBLIC, scopes=[LISTS])


pytestmark = pytest.mark.django_db


@pytest.fixture
def kept_on(settings):
    from django.core.cache import cache

    settings.COUNTS_CACHE_SECONDS = 600
    cache.clear()


class _TimeWithSleepsSeen:
    """The time module, but for its sleep."""

    def __init__(self, sleep):
        self.sleep = sleep

    def __getattr__(self, name: str):
        return getattr(time, name)


class Looks:
    """The looks at the cache that requests waiting for another's answer take, by thread.

    A request that finds another building what it asks for sleeps between looks
    (kept.built_meanwhile): a thread seen sleeping there is waiting, which a test
    knows without guessing how long a thread takes to get there.
    """

    def __init__(self, monkeypatch):
        self._by: list[str] = []
        self._changed = threading.Condition()
        monkeypatch.setattr(kept, "POLL_SECONDS", 0.01)
        monkeypatch.setattr(kept, "time", _TimeWithSleepsSeen(self._sleep))

    def _sleep(self, seconds: float) -> None:
        with self._changed:
            self._by.append(threading.current_thread().name)
            self._changed.notify_all()
        time.sleep(seconds)

    def taken(self) -> int:
        """How many looks were taken so far: a mark for `seen_waiting(since=...)`."""
        with self._changed:
            return len(self._by)

    def seen_waiting(self, *names: str, since: int = 0) -> bool:
        """Whether each named thread waited (since the mark), within ten seconds."""
        with self._changed:
            return self._changed.wait_for(lambda: set(names) <= set(self._by[since:]), timeout=10)

    def wait_for(self, *threads: threading.Thread) -> None:
        names = [thread.name for thread in threads]
        assert self.seen_waiting(*names), f"{names} never waited"


def test_a_request_asking_while_another_computes_a_kept_value_waits_for_it(kept_on, monkeypatch):
    looks = Looks(monkeypatch)
    computed = []
    started, release = threading.Event(), threading.Event()

    def slow_counts():
        computed.append("first")
        started.set()
        release.wait(timeout=10)
        return {"IT": 2}

    def other_counts():
        computed.append("second")
        return {"IT": 3}

    found = {}
    first = threading.Thread(
        target=lambda: found.update(first=kept_until_public_change("counts", slow_counts))
    )
    first.start()
    started.wait(timeout=10)
    second = threading.Thread(
        target=lambda: found.update(second=kept_until_public_change("counts", other_counts))
    )
    second.start()
    looks.wait_for(second)
    release.set()
    first.join(timeout=10)
    second.join(timeout=10)

    assert found == {"first": {"IT": 2}, "second": {"IT": 2}}
    assert computed == ["first"]


def _page_cache_with_a_held_view(monkeypatch, answers):
    """The page cache in front of a view that answers `answers` in turn, each once the test
    lets it (`release`), and says when it starts (`started`)."""
    looks = Looks(monkeypatch)
    rendered = []
    started, release = threading.Event(), threading.Event()

    def view(request):
        rendered.append(request.path)
        started.set()
        release.wait(timeout=10)
        status, body = answers[len(rendered) - 1]
        return HttpResponse(body, status=status)

    return page_cache.PageCacheMiddleware(view), rendered, started, release, looks


def _asked_side_by_side(middleware, started, release, looks, path="/en/cwg-cop/documents/"):
    """The first visitor's request, held while it renders; a second asks meanwhile."""
    answers = {}

    def ask(name):
        response = middleware(RequestFactory().get(path))
        answers[name] = (response.status_code, response.content.decode())

    first = threading.Thread(target=ask, args=("first",))
    first.start()
    started.wait(timeout=10)
    second = threading.Thread(target=ask, args=("second",))
    second.start()
    looks.wait_for(second)
    release.set()
    first.join(timeout=10)
    second.join(timeout=10)
    return answers


@pytest.mark.usefixtures("page_cache")
def test_a_visitor_asking_for_a_page_another_renders_gets_that_page(monkeypatch):
    middleware, rendered, started, release, looks = _page_cache_with_a_held_view(
        monkeypatch, [(200, "12 documents"), (200, "13 documents")]
    )

    answers = _asked_side_by_side(middleware, started, release, looks)

    assert answers == {"first": (200, "12 documents"), "second": (200, "12 documents")}
    assert rendered == ["/en/cwg-cop/documents/"]


@pytest.mark.usefixtures("page_cache")
def test_a_page_kept_before_a_removal_is_not_what_a_waiting_visitor_gets(monkeypatch):
    middleware, rendered, started, release, looks = _page_cache_with_a_held_view(
        monkeypatch, [(200, "12 documents"), (200, "13 documents"), (200, "14 documents")]
    )
    release.set()
    assert middleware(RequestFactory().get("/en/cwg-cop/documents/")).content == b"12 documents"
    public_view_changed(removal=True)
    release.clear()
    started.clear()

    answers = _asked_side_by_side(middleware, started, release, looks)

    assert answers == {"first": (200, "13 documents"), "second": (200, "13 documents")}
    assert rendered == ["/en/cwg-cop/documents/", "/en/cwg-cop/documents/"]


@pytest.mark.usefixtures("page_cache")
def test_a_waiting_visitor_renders_the_page_when_the_first_answer_is_not_kept(monkeypatch):
    middleware, rendered, started, release, looks = _page_cache_with_a_held_view(
        monkeypatch, [(503, "Busy"), (200, "12 documents")]
    )

    answers = _asked_side_by_side(middleware, started, release, looks)

    assert answers == {"first": (503, "Busy"), "second": (200, "12 documents")}
    assert rendered == ["/en/cwg-cop/documents/", "/en/cwg-cop/documents/"]


@pytest.mark.usefixtures("page_cache")
def test_visitors_asking_for_an_answer_that_is_not_kept_are_answered_side_by_side(monkeypatch):
    monkeypatch.setattr(kept, "POLL_SECONDS", 0.01)
    rendered = []
    # Once the first answer is known not to be kept, each render of the next two waits
    # until the other has started too: had one waited for the other, neither would finish.
    side_by_side = threading.Barrier(3, timeout=5)

    def view(request):
        rendered.append(request.path)
        if len(rendered) > 1:
            side_by_side.wait()
        return HttpResponse(status=302)

    middleware = page_cache.PageCacheMiddleware(view)
    assert middleware(RequestFactory().get("/")).status_code == 302
    visitors = [
        threading.Thread(target=middleware, args=(RequestFactory().get("/"),)) for _ in range(2)
    ]
    for visitor in visitors:
        visitor.start()
    side_by_side.wait()
    for visitor in visitors:
        visitor.join(timeout=10)

    assert rendered == ["/", "/", "/"]


@pytest.mark.usefixtures("page_cache")
@pytest.mark.parametrize("status", [304, 404, 503])
def test_an_error_or_a_304_does_not_keep_the_page_from_being_kept(status):
    answers = iter([HttpResponse(status=status), HttpResponse("12 documents"), None])
    middleware = page_cache.PageCacheMiddleware(lambda request: next(answers))

    first = middleware(RequestFactory().get("/en/cwg-cop/documents/"))
    second = middleware(RequestFactory().get("/en/cwg-cop/documents/"))
    third = middleware(RequestFactory().get("/en/cwg-cop/documents/"))

    assert (first.status_code, second.content, third.content) == (
        status,
        b"12 documents",
        b"12 documents",
    )
    assert third["X-Page-Cache"] == "hit"


@pytest.mark.usefixtures("page_cache")
def test_visitors_waiting_on_an_error_take_turns_rather_than_render_all_at_once(monkeypatch):
    looks = Looks(monkeypatch)
    answers_in_turn = iter([(503, "Busy"), (200, "12 documents"), (200, "13 documents")])
    rendered = []
    started, release = threading.Event(), threading.Event()

    def view(request):
        rendered.append(request.path)
        status, body = next(answers_in_turn)
        if status == 503:
            started.set()
            release.wait(timeout=10)
        else:
            # Rendered until the other visitor, who saw the error too, is seen waiting for
            # this render rather than starting its own (which it would never wait in).
            other = ({"second", "third"} - {threading.current_thread().name}).pop()
            looks.seen_waiting(other, since=looks.taken())
        return HttpResponse(body, status=status)

    middleware = page_cache.PageCacheMiddleware(view)
    answers = {}

    def ask(name):
        answers[name] = middleware(RequestFactory().get("/en/cwg-cop/documents/")).content.decode()

    first = threading.Thread(target=ask, args=("first",))
    first.start()
    started.wait(timeout=10)
    waiting = [
        threading.Thread(target=ask, args=(name,), name=name) for name in ("second", "third")
    ]
    for visitor in waiting:
        visitor.start()
    looks.wait_for(*waiting)
    release.set()
    for visitor in (first, *waiting):
        visitor.join(timeout=10)

    assert answers == {"first": "Busy", "second": "12 documents", "third": "12 documents"}
    assert rendered == ["/en/cwg-cop/documents/", "/en/cwg-cop/documents/"]


def test_a_value_kept_for_one_audience_is_not_read_by_another(kept_on):
    kept.kept_until_public_change("counts", lambda: {"IT": 3}, audience="members", scopes=[LISTS])

    public = kept.kept_until_public_change("counts", lambda: {"IT": 2}, audience=PUBLIC, scopes=[])

    assert public == {"IT": 2}
