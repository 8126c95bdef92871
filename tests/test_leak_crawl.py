"""The leak crawl: as each role, follow every link from the public home and the admin index,
with canary words in every field that is not public, and count who reads which canary.

Three canaries: one in what a document's own delegates may read (title, summary, the return
reason, the text and name of its file, its number before publication), one in what only the
secretariat and the chair read (internal notes), and one in what only members read: the
name and the text of the files of a published members-only document, and of a members-only
file of a public document. The members' canary is read by a delegate of a Member State
that did not write the document, and never by an anonymous visitor nor by the delegate of
a civil-society organisation (not a member). Each role must find exactly the canaries
it may read: the secretariat finding all proves the crawl went through every door; the
page counts, asserted against a floor, prove that no crawl stopped at one. Every link a
role is shown must open for it: a 403 or 404 behind a link is a dead end.
"""

import re
from collections import deque
from urllib.parse import parse_qsl, quote, urlencode, urljoin, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from contributions import records, services
from contributions.models import Document, Source
from meetings.models import Meeting, Outcome
from tests.contributions import corpus
from tests.factories import PresentationFactory, ReportListItemFactory

pytestmark = pytest.mark.django_db

DOCUMENT_CANARY = "Quokkaphobia"  # the document's own delegates, the chair, the secretariat
NOTE_CANARY = "Wombatgate"  # the secretariat and the chair only
MEMBERS_CANARY = "Numbatwhisper"  # members: delegates of Member States, chair, secretariat
CANARIES = (DOCUMENT_CANARY, NOTE_CANARY, MEMBERS_CANARY)
# A word of the members-only files' text (not the canary, which a search would echo back).
MEMBERS_WORD = "dugong"

OTHER_LANGUAGE = re.compile(r"^/(?:ar|zh-hans|fr|ru|es)/")
LINK = re.compile(r'(?:href|src|action)="([^"#]*)')
# Not pages: the language switch and static files. Logging out would end the crawl.
SKIP = ("/i18n/", "/static/", "/admin/logout/", "/admin/jsi18n/")
# Query parameters that only repeat a page in another order or with the list filters kept.
NOISE = {"o", "_changelist_filters", "p", "page", "sort", "all", "e"}
# Each page is visited with at most this many distinct filter queries, and each kind of
# page (its address with the ids taken out) for at most this many objects: every room is
# entered, not every one of sixty sources' identical change pages. The canary documents
# come first (they are start pages), so they are always among those visited.
VARIANTS_PER_PATH = 2
OBJECTS_PER_KIND = 4
LIMIT = 700

ROLES = {
    "anonymous": None,
    "non_member": "delegate-dq-institute",
    "other_delegate": "delegate-israel",
    "delegate": "delegate-italy",
    "chair": "chair",
    "secretariat": "secretariat",
}
MAY_READ = {
    "anonymous": set(),
    "non_member": set(),
    "other_delegate": {MEMBERS_CANARY},
    "delegate": {DOCUMENT_CANARY, MEMBERS_CANARY},
    "chair": set(CANARIES),
    "secretariat": set(CANARIES),
}
STEPS = ["draft", "submitted", "returned", "accepted"]
_INSIDE = [f"{step} {room}" for step in STEPS for room in ("change", "history", "file")]
# The rooms behind the doors that each role must have entered (see _rooms).
_MEMBERS_ROOMS = ["members-only document file", "members-only file"]
# The members-only documents as the API answers everyone: listed, without those files.
_API_ROOMS = ["members-only document in the API", "members-only file's document in the API"]
ROOMS = {
    "anonymous": _API_ROOMS,
    "non_member": _API_ROOMS,
    "other_delegate": [*_MEMBERS_ROOMS, *_API_ROOMS],
    "delegate": [*_INSIDE, "submitted withdraw", *_MEMBERS_ROOMS, *_API_ROOMS],
    "chair": [*_INSIDE, *_MEMBERS_ROOMS, *_API_ROOMS],
    "secretariat": [*_INSIDE, "submitted withdraw", *_MEMBERS_ROOMS, *_API_ROOMS],
}
# The fewest pages each role must reach: today 146, 138, 141, 149, 217 and 269 (printed
# with -s).
FLOOR = {
    "anonymous": 95,
    "non_member": 95,
    "other_delegate": 95,
    "delegate": 100,
    "chair": 160,
    "secretariat": 205,
}


def _body(response) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def _normalise(url: str) -> str:
    parts = urlsplit(url)
    query = sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True))
    query = [(k, v) for k, v in query if k not in NOISE]
    return parts.path + (f"?{urlencode(query)}" if query else "")


def _kind_of_page(path: str) -> str:
    """The address with what names one object taken out: ids, and the last part of a
    country's, source's, topic's or file's address. The pages in the five other languages
    show the same records as the English ones: they count as one kind, so a few are read."""
    if OTHER_LANGUAGE.match(path):
        return "/(another language)/"
    kind = re.sub(r"\d+", "N", path)
    return re.sub(r"^(/en)?/(countries|sources|topics|files/N)/[^/]+", r"\1/\2/*", kind)


def crawl(client: Client, start: list[str]) -> tuple[dict[str, tuple[int, bytes]], list]:
    """Breadth-first from the start pages: {url: (status, body)} and the dead ends found,
    as (page, link, status)."""
    seen: dict[str, tuple[int, bytes]] = {}
    variants: dict[str, int] = {}
    kinds: dict[str, int] = {}
    dead_ends = []
    queue = deque((url, "start") for url in start)
    queued = set(start)
    while queue and len(seen) < LIMIT:
        url, linked_from = queue.popleft()
        response = client.get(url)
        if response.status_code in (301, 302):
            target = _normalise(urljoin(url, response["Location"]))
            seen[url] = (response.status_code, b"")
            if urlsplit(response["Location"]).netloc not in ("", "testserver"):
                continue
            if target not in queued:
                queued.add(target)
                queue.append((target, linked_from))
            continue
        body = _body(response)
        seen[url] = (response.status_code, body)
        if response.status_code != 200:
            dead_ends.append((linked_from, url, response.status_code))
            continue
        if not response.get("Content-Type", "").startswith("text/html"):
            continue
        for link in LINK.findall(body.decode()):
            absolute = urljoin(url, link.replace("&amp;", "&"))
            parts = urlsplit(absolute)
            if parts.scheme not in ("", "http", "https") or parts.netloc not in ("", "testserver"):
                continue
            target = _normalise(absolute)
            if target.startswith(SKIP) or target in queued:
                continue
            path = urlsplit(target).path
            kind = _kind_of_page(path)
            if kind != path:
                if kinds.get(kind, 0) >= OBJECTS_PER_KIND:
                    continue
                kinds[kind] = kinds.get(kind, 0) + 1
            if "?" in target:
                if variants.get(path, 0) >= VARIANTS_PER_PATH:
                    continue
                variants[path] = variants.get(path, 0) + 1
            queued.add(target)
            queue.append((target, url))
    return seen, dead_ends


def _israeli_document() -> Document:
    return Document.objects.filter(sources__slug="israel").order_by("pk").first()


@pytest.fixture
def canaries(demo, django_capture_on_commit_callbacks):
    """Italian documents in every unpublished state, each with the canaries in every field."""
    users = get_user_model().objects
    delegate, secretary = users.get(username="delegate-italy"), users.get(username="secretariat")
    italy = Source.objects.get(slug="italy")
    meeting = Meeting.objects.get(number=22)
    documents = {}
    with django_capture_on_commit_callbacks(execute=True):
        for step in ("draft", "submitted", "returned", "accepted"):
            document = services.create_draft(
                by=delegate,
                meeting=meeting,
                kind="information",
                title=f"{DOCUMENT_CANARY} {step} and child online protection",
                summary=f"Summary of the {DOCUMENT_CANARY} study, {step}.",
                sources=[italy],
            )
            services.add_file(
                document=document,
                language="en",
                upload=SimpleUploadedFile(
                    f"{DOCUMENT_CANARY}-{step}.pdf",
                    corpus.pdf_bytes(f"{DOCUMENT_CANARY} marsupial findings {step}"),
                ),
                by=delegate,
            )
            services.add_internal_note(
                document=document, by=secretary, text=f"{NOTE_CANARY}: check the {step} figures."
            )
            if step != "draft":
                services.submit_document(document=document, by=delegate)
            if step == "returned":
                services.return_document(
                    document=document, by=secretary, reason=f"{DOCUMENT_CANARY}: cite sources."
                )
            if step == "accepted":
                services.accept_document(document=document, by=secretary)
            documents[step] = document
    accepted = documents["accepted"]
    accepted.refresh_from_db()
    # An Israeli document that answers the accepted one, whose number and title Israel's
    # delegates may not read on their own document's pages either.
    records.relate_documents(
        document=_israeli_document(), target=accepted, kind="answers", by=secretary
    )
    # The accepted, unpublished document in the meeting's programme and report.
    PresentationFactory(
        meeting=meeting, order=90, document=accepted, summary=f"{DOCUMENT_CANARY} presented."
    )
    ReportListItemFactory(meeting=meeting, order=90, document=accepted, text="By Italy.")
    # An action fulfilled by the accepted, unpublished document.
    Outcome.objects.create(
        meeting=meeting,
        order=90,
        kind=Outcome.Kind.ACTION,
        text="Italy to report on its study.",
        status=Outcome.Status.OPEN,
        fulfilled_by_document=accepted,
    )
    return documents


@pytest.fixture
def members_only(demo, django_capture_on_commit_callbacks):
    """Two published Italian documents of meeting 22 with the members' canary in a file's
    name and text: one members only, the other public with one members-only file. And a
    delegate of the DQ Institute, a civil-society organisation: not a member."""
    users = get_user_model().objects
    delegate, secretary = users.get(username="delegate-italy"), users.get(username="secretariat")
    services.set_source_delegates(
        source=Source.objects.get(slug="dq-institute"),
        delegates=[users.create_user("delegate-dq-institute", "dq@example.org")],
        by=secretary,
    )
    italy = Source.objects.get(slug="italy")
    meeting = Meeting.objects.get(number=22)
    documents = {}
    with django_capture_on_commit_callbacks(execute=True):
        for name, files in (("whole", ["en"]), ("one file", ["en", "fr"])):
            document = services.create_draft(
                by=delegate,
                meeting=meeting,
                kind="information",
                title=f"Final list of participants ({name})",
                summary="Who attended.",
                sources=[italy],
            )
            for language in files:
                canary = language == "fr" or name == "whole"
                services.add_file(
                    document=document,
                    language=language,
                    upload=SimpleUploadedFile(
                        f"{MEMBERS_CANARY}-{language}.pdf" if canary else f"list-{language}.pdf",
                        corpus.pdf_bytes(
                            f"{MEMBERS_CANARY} {MEMBERS_WORD} census of participants"
                            if canary
                            else "Participants, by delegation."
                        ),
                    ),
                    by=delegate,
                )
            services.submit_document(document=document, by=delegate)
            services.accept_document(document=document, by=secretary)
            if name == "whole":
                services.update_document(
                    document=document, by=secretary, changes={"access": "members"}
                )
            else:
                services.set_file_access(
                    document_file=document.files.get(language="fr"),
                    access="members",
                    by=secretary,
                )
            services.publish_document(document=document, by=secretary)
            documents[name] = document
    return documents


def _members_rooms(members_only) -> dict[str, str]:
    return {
        "members-only document file": members_only["whole"].files.get().get_absolute_url(),
        "members-only file": members_only["one file"].files.get(language="fr").get_absolute_url(),
        "members-only document in the API": f"/api/v1/documents/{members_only['whole'].pk}",
        "members-only file's document in the API": (
            f"/api/v1/documents/{members_only['one file'].pk}"
        ),
    }


def _api_pages(canaries, members_only) -> list[str]:
    documents = [*canaries.values(), *members_only.values()]
    return [
        "/api/v1/documents",
        f"/api/v1/documents?q={MEMBERS_WORD}",
        "/api/v1/documents?meeting=22&limit=100",
        "/api/v1/meetings",
        "/api/v1/meetings/22",
        "/api/v1/countries",
        "/api/v1/actions",
        "/api/v1/sources",
        "/api/v1/topics",
        *[f"/api/v1/documents/{document.pk}" for document in documents],
        *[
            f"/api/v1/documents/by-number?number={quote(document.number)}"
            for document in members_only.values()
        ],
    ]


def _rooms(documents) -> dict[str, str]:
    """The pages behind the doors: each canary document's change page, history, file
    download and a confirmation page."""
    rooms = {}
    for step, document in documents.items():
        admin_url = f"/admin/contributions/document/{document.pk}"
        rooms[f"{step} change"] = f"{admin_url}/change/"
        rooms[f"{step} history"] = f"{admin_url}/history/"
        rooms[f"{step} file"] = document.files.get().get_absolute_url()
    rooms["submitted withdraw"] = (
        f"/admin/contributions/document/{documents['submitted'].pk}/workflow/withdraw/"
    )
    return rooms


def _start_pages(documents) -> list[str]:
    return [
        "/",
        "/admin/",
        "/en/cwg-cop/documents/?q=marsupial",
        "/admin/contributions/document/?q=marsupial",
        # Addresses of the unpublished documents, as someone guessing them would type them.
        *[f"/en/cwg-cop/documents/id/{document.pk}/" for document in documents.values()],
        *[
            f"/admin/contributions/document/{document.pk}/change/"
            for document in documents.values()
        ],
        # A confirmation page that a button inside the form leads to (after saving), for
        # those who may change the document: typed here, as no link leads there.
        *[
            f"/admin/contributions/document/{document.pk}/workflow/withdraw/"
            for document in documents.values()
        ],
    ]


def _crawled(roles: list[str], canaries, members_only) -> dict[str, dict]:
    """Each role's crawl in turn, one after the other: the canaries it found, the rooms it
    entered, how many pages it reached and the dead ends behind links it was shown."""
    number = canaries["accepted"].number
    start = [
        *_start_pages(canaries),
        f"/en/cwg-cop/documents/?q={MEMBERS_WORD}",
        # The members-only files and the admin pages of their documents, typed by someone
        # who is shown no link to them.
        *list(_members_rooms(members_only).values())[:2],
        *[
            f"/admin/contributions/document/{document.pk}/change/"
            for document in members_only.values()
        ],
        # The pages of the Israeli document that answers the accepted canary document.
        *[
            f"/admin/contributions/document/{_israeli_document().pk}/{page}/"
            for page in ("change", "history")
        ],
        # The API: its answers are JSON, which the crawl does not follow; each door is
        # named here, the members-only documents' own included.
        *_api_pages(canaries, members_only),
    ]
    guessed = set(start[4:])
    every_room = _rooms(canaries) | _members_rooms(members_only)
    results = {}
    for role in roles:
        client = Client()
        if ROLES[role]:
            client.force_login(get_user_model().objects.get(username=ROLES[role]))
        pages, dead_ends = crawl(client, start)
        found = set()
        for _status, body in pages.values():
            text = body.decode("utf-8", "replace")
            found |= {canary for canary in CANARIES if canary in text}
            if re.search(re.escape(number) + r"(?![\d(])", text):
                found.add(DOCUMENT_CANARY)
        results[role] = {
            "found": found,
            "rooms": [
                room for room, url in every_room.items() if pages.get(url, (0, b""))[0] == 200
            ],
            "pages": len(pages),
            "dead": [end for end in dead_ends if end[1] not in guessed],
        }
    print({role: result["pages"] for role, result in results.items()})
    return results


def _assert_each_role_read_what_it_may(results: dict[str, dict]) -> None:
    roles = list(results)
    assert {role: results[role]["found"] for role in roles} == {
        role: MAY_READ[role] for role in roles
    }
    assert {role: results[role]["rooms"] for role in roles} == {role: ROOMS[role] for role in roles}
    assert {role: results[role]["pages"] >= FLOOR[role] for role in roles} == dict.fromkeys(
        roles, True
    )
    assert {role: results[role]["dead"] for role in roles} == {role: [] for role in roles}


@pytest.mark.parametrize("role", ROLES)
def test_every_page_a_role_reaches_shows_only_the_canaries_it_may_read(
    canaries, members_only, role
):
    results = _crawled([role], canaries, members_only)

    _assert_each_role_read_what_it_may(results)


# The fragments that pages keep (lists, filters, a document's page) are on, and roles crawl
# one after the other in one cache, from the most privileged down, so that anything kept
# for one audience and served to another would carry a canary to someone who may not read
# it. Every role crawls once, in one of two chains of about 500 pages each, each opened by
# a role that reads every canary: the members (one audience, whose kept fragments must
# hold nothing that only some of them may read), and those outside it.
KEPT_CHAINS = {
    "members": ["secretariat", "delegate", "other_delegate"],
    "outsiders": ["chair", "non_member", "anonymous"],
}


@pytest.mark.parametrize("chain", KEPT_CHAINS)
def test_no_page_kept_for_one_audience_shows_another_a_canary(
    canaries, members_only, settings, chain
):
    settings.COUNTS_CACHE_SECONDS = 600
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"leak-crawl-kept-fragments-{chain}",
        }
    }

    results = _crawled(KEPT_CHAINS[chain], canaries, members_only)

    _assert_each_role_read_what_it_may(results)
