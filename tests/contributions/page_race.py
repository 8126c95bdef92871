"""Two visitors asking for a page at once, and the pages as the page cache keeps them: for
the tests of what a change to the public's view makes stale (test_public_change*.py)."""

import threading

from django.core.handlers.base import BaseHandler
from django.test import Client, RequestFactory

from cwgcop import kept

LIST = "/en/cwg-cop/documents/"
ITALY = "/en/countries/it/"
# When the clock is frozen: an addition is made at this time.
ADDED_AT = 1_900_000_000.0


class RenderHeldForAnother:
    """Just after the page cache, so that only a request that renders a page reaches it.

    Armed for an address (`Race.ask_twice`), it holds that page's render until a second
    visitor asking for it meanwhile has been answered or is seen waiting for this render.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        race = Race.current
        if race is not None:
            race.renders.append(request.get_full_path())
            if race.armed == request.get_full_path():
                race.armed = None
                race.let_another_ask(request.get_full_path())
        return self.get_response(request)


class Race:
    """Two visitors asking for a page at once; who renders it, and what each one gets."""

    current = None

    def __init__(self, monkeypatch):
        self.armed = None
        self.renders: list[str] = []
        self._settled = threading.Event()
        self._second = {}
        self._other = None
        waits = kept.built_meanwhile

        def seen_waiting(*args, **kwargs):
            self._settled.set()
            return waits(*args, **kwargs)

        monkeypatch.setattr(kept, "built_meanwhile", seen_waiting)

    def ask_twice(self, url):
        """The first visitor's request renders the page; a second visitor asks for it while
        that render is held. Returns both answers, first and second."""
        self.armed, self.renders = url, []
        self._settled.clear()
        first = Client().get(url)
        self._other.join(timeout=10)
        return first, self._second["answer"]

    def let_another_ask(self, url):
        def ask():
            # Straight through the middleware, as a server's other thread would: a test
            # client would send the request signals that close the test's connection.
            handler = BaseHandler()
            handler.load_middleware()
            try:
                self._second["answer"] = handler.get_response(RequestFactory().get(url))
            finally:
                self._settled.set()

        self._other = threading.Thread(target=ask)
        self._other.start()
        assert self._settled.wait(timeout=10), "the second visitor neither got a page nor waited"


def _kept(visitor, *urls):
    """Visit each page twice: the second visit is served from the cache."""
    pages = {}
    for url in urls:
        visitor.get(url)
        pages[url] = visitor.get(url)
        assert pages[url]["X-Page-Cache"] == "hit"
    return pages


def _how_and_shows(response, text: str) -> tuple[str, bool]:  # as answered, and shown?
    return response["X-Page-Cache"], text in response.content.decode()


def _shows_at_once(race, url):
    """The page as a visitor gets it after a removal, even one asking while another renders
    it: never the page from before."""
    first, second = race.ask_twice(url)
    assert (first.status_code, first["X-Page-Cache"]) == (200, "miss")
    assert (second["X-Page-Cache"], second.content) == ("hit", first.content)
    assert race.renders == [url]
    return first.content.decode()


def _still_kept(visitor, pages):
    for url, page in pages.items():
        again = visitor.get(url)
        assert (url, again["X-Page-Cache"], again.content) == (url, "hit", page.content)


PAGES = (
    LIST,
    ITALY,
    "/en/cwg-cop/",
    "/en/cwg-cop/meetings/22/",
    "/en/countries/",
    "/en/cwg-cop/topics/",
    "/en/cwg-cop/meetings/",
)
