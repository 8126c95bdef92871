"""Kept values and exports are built once: a request that asks while another builds one
waits for it, and an answer nobody reads (to a HEAD request) builds nothing and holds
nobody up."""

import threading

import pytest
from django.test import Client

from cwgcop import kept_streams, page_cache
from cwgcop.kept_streams import kept_stream
from cwgcop.page_cache import kept_until_public_change

pytestmark = pytest.mark.django_db


@pytest.fixture
def kept(settings):
    from django.core.cache import cache

    settings.COUNTS_CACHE_SECONDS = 600
    settings.KEPT_STREAM_BYTES = 1000
    cache.clear()


def test_a_request_asking_while_another_builds_the_export_waits_for_it(kept, monkeypatch):
    monkeypatch.setattr(page_cache, "POLL_SECONDS", 0.01)
    builds = []

    def make():
        builds.append("built")
        yield "number,title\n"
        yield "CWG-COP-22/1,Safer Internet Day\n"

    first = iter(kept_stream("/en/documents.csv", make))
    shown_first = [next(first)]
    waited = {}
    waiter = threading.Thread(
        target=lambda: waited.update(chunks=list(kept_stream("/en/documents.csv", make)))
    )
    waiter.start()
    shown_first += list(first)
    waiter.join(timeout=10)

    assert shown_first == ["number,title\n", "CWG-COP-22/1,Safer Internet Day\n"]
    assert waited["chunks"] == ["number,title\nCWG-COP-22/1,Safer Internet Day\n"]
    assert builds == ["built"]


def test_a_request_stops_waiting_when_the_export_is_too_long_to_keep(kept, monkeypatch):
    monkeypatch.setattr(page_cache, "POLL_SECONDS", 0.01)
    rows = [f"CWG-COP-22/{number},A contribution of some length\n" for number in range(60)]
    builds = []

    def make():
        builds.append("built")
        yield from rows

    first = iter(kept_stream("/en/documents.csv", make))
    next(first)
    waited = {}
    waiter = threading.Thread(
        target=lambda: waited.update(chunks=list(kept_stream("/en/documents.csv", make)))
    )
    waiter.start()
    list(first)
    waiter.join(timeout=10)

    assert "".join(waited["chunks"]) == "".join(rows)
    assert builds == ["built", "built"]


def test_a_head_request_builds_nothing_and_holds_up_no_one(kept, monkeypatch, document_in):
    document_in("published", title="Safer Internet Day")
    waits = []
    monkeypatch.setattr(kept_streams, "built_meanwhile", lambda *args: waits.append(args))
    visitor = Client()

    head = visitor.head("/en/documents.csv")
    body = b"".join(visitor.get("/en/documents.csv").streaming_content).decode()

    assert head.status_code == 200
    assert "Safer Internet Day" in body
    assert waits == []


def test_a_request_asking_while_another_computes_a_kept_value_waits_for_it(kept, monkeypatch):
    monkeypatch.setattr(page_cache, "POLL_SECONDS", 0.01)
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
    release.set()
    first.join(timeout=10)
    second.join(timeout=10)

    assert found == {"first": {"IT": 2}, "second": {"IT": 2}}
    assert computed == ["first"]
