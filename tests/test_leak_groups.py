"""The leak matrix across working groups: who reads which document, at every door.

Two groups, CWG-COP (the first) and CWG-TEST, each with a meeting numbered 22, its own
secretariat and chair, and an Italian document in every status; Italy's delegates
represent it in both. Every document's title carries a word naming its group and status
("QuokkaAdraft", "QuokkaBpublished"); each role opens every door (the public pages of both
groups, the shared pages, the file downloads, the API, the admin) and the words found
behind each are compared, as exact sets, with what the role may read:

- the public pages and the API show everyone the published documents (and a superseded
  one's own page), of their own group only;
- the admin and the files show the secretariat and the chair every document of the groups
  they hold their role in, and nothing of another group's unpublished work; a delegate
  of Italy every Italian document, in both groups; a superuser everything.
"""

import re

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.utils import timezone

from contributions import search
from contributions.models import Document
from tests.contributions.conftest import attach_pdf
from tests.factories import (
    DocumentFactory,
    MeetingFactory,
    MemberStateFactory,
    UserFactory,
)
from tests.test_leak_crawl import _body
from workinggroups.models import GroupRole, WorkingGroup, default_group

pytestmark = pytest.mark.django_db

Status = Document.Status
GROUPS = {"A": "cwg-cop", "B": "cwg-test"}
STATUSES = [status.value for status in Status]
WORD = re.compile(r"Quokka[AB][a-z]+")
NUMBERED = {Status.ACCEPTED, Status.PUBLISHED, Status.SUPERSEDED}

# Who each role is: the groups it is secretariat and chair of, whether it represents Italy.
ROLES = {
    "anonymous": None,
    "delegate_italy": {"delegate": "italy"},
    "delegate_france": {"delegate": "france"},
    "secretariat_a": {"secretariat": ["A"]},
    "secretariat_b": {"secretariat": ["B"]},
    "chair_a": {"chair": ["A"]},
    "chair_b": {"chair": ["B"]},
    "secretariat_a_chair_b": {"secretariat": ["A"], "chair": ["B"]},
    "superuser": {"superuser": True},
}


def word(group: str, status: str) -> str:
    return f"Quokka{group}{status}"


def words(groups: str, statuses) -> set[str]:
    return {word(group, status) for group in groups for status in statuses}


@pytest.fixture
def world(settings):
    """The two groups, their meetings, Italy's documents in every status, and the people."""
    # Every role asks the API for every document, from the same address.
    settings.API_RATE_LIMIT = "100000/min"
    first = default_group()
    second = WorkingGroup.objects.create(
        slug="cwg-test", acronym="CWG-TEST", name="Council Working Group on Testing", order=2
    )
    groups = {"A": first, "B": second}
    italy = MemberStateFactory()
    france = MemberStateFactory(name="France", slug="france", country="FR")
    meetings = {
        "A": MeetingFactory(number=22, group=first, document_prefix="CWG-COP"),
        "B": MeetingFactory(number=22, group=second, document_prefix="CWG-TEST"),
    }
    documents = {}
    for letter, meeting in meetings.items():
        for sequence, status in enumerate(STATUSES, start=1):
            numbered = status in NUMBERED
            document = DocumentFactory(
                meeting=meeting,
                sources=[italy],
                status=status,
                title=f"{word(letter, status)} on child online safety",
                sequence=sequence if numbered else None,
                number=f"{meeting.code}/INF/{sequence}" if numbered else "",
                submitted_at=timezone.now() if status != Status.DRAFT else None,
                published_at=timezone.now() if status in Status.PUBLIC else None,
            )
            attach_pdf(document, text=f"Findings {word(letter, status)}")
            documents[word(letter, status)] = document
    # Found by the search as a document published through the services is.
    search.refresh_search_index(document_ids=[document.pk for document in documents.values()])
    people = {}
    for role, holds in ROLES.items():
        if holds is None:
            continue
        user = UserFactory(
            username=role.replace("_", "-"),
            is_staff=True,
            is_superuser=holds.get("superuser", False),
        )
        if "delegate" in holds:
            user.groups.add(Group.objects.get(name="Delegate"))
            {"italy": italy, "france": france}[holds["delegate"]].delegates.add(user)
        for name in ("secretariat", "chair"):
            for letter in holds.get(name, []):
                GroupRole.objects.create(working_group=groups[letter], user=user, role=name)
        people[role] = user
    return {"documents": documents, "meetings": meetings, "people": people}


def _found(response) -> set[str]:
    if response.status_code != 200:
        return set()
    return set(WORD.findall(_body(response).decode("utf-8", "replace")))


def _doors(world) -> dict[str, list[str]]:
    """Each door, named, and the addresses behind it (one per document for the doors of one
    document)."""
    documents = world["documents"].values()
    doors = {}
    for letter, slug in GROUPS.items():
        base = f"/en/{slug}"
        doors |= {
            f"{letter} home": [f"{base}/"],
            f"{letter} list": [f"{base}/documents/"],
            f"{letter} search": [f"{base}/documents/?q=safety"],
            f"{letter} feed": [f"{base}/feeds/documents.atom"],
            f"{letter} csv": [f"{base}/documents.csv"],
            f"{letter} json": [f"{base}/documents.json"],
            f"{letter} meetings": [f"{base}/meetings/"],
            f"{letter} meeting": [f"{base}/meetings/22/"],
            f"{letter} calendars": [f"{base}/meetings.ics", f"{base}/meetings/22.ics"],
            # Every document's address in this group's pages, by id: another group's
            # documents are not found there.
            f"{letter} document by id": [
                f"{base}/documents/id/{document.pk}/" for document in documents
            ],
        }
    return doors | {
        "document page": [document.get_absolute_url() for document in documents],
        "country": ["/en/countries/it/"],
        "source": ["/en/sources/italy/"],
        "source feed": ["/en/feeds/sources/italy.atom"],
        "file": [document.files.get().get_absolute_url() for document in documents],
        "api list": ["/api/v1/documents?limit=100"],
        "api search": ["/api/v1/documents?q=safety&limit=100"],
        "api document": [f"/api/v1/documents/{document.pk}" for document in documents],
        "admin list": ["/admin/contributions/document/"],
        "admin search": ["/admin/contributions/document/?q=Quokka"],
        "admin change": [
            f"/admin/contributions/document/{document.pk}/change/" for document in documents
        ],
        "admin history": [
            f"/admin/contributions/document/{document.pk}/history/" for document in documents
        ],
        "review queue": ["/admin/contributions/document/review-queue/"],
    }


def _opened(client: Client, world) -> dict[str, set[str]]:
    files = {
        document.files.get().get_absolute_url(): name
        for name, document in world["documents"].items()
    }
    results = {}
    for door, urls in _doors(world).items():
        found = set()
        for url in urls:
            response = client.get(url, follow=True)
            if door == "file":
                # The file's bytes are compressed: that the download answers is what counts.
                found |= {files[url]} if response.status_code == 200 else set()
            else:
                found |= _found(response)
        results[door] = found
    return results


def _expected(role: str) -> dict[str, set[str]]:
    holds = ROLES[role] or {}
    superuser = holds.get("superuser", False)
    officer = set(holds.get("secretariat", [])) | set(holds.get("chair", []))
    # The admin: every document of the groups of one's roles, and one's own source's.
    if superuser or holds.get("delegate") == "italy":
        admin = words("AB", STATUSES)
    else:
        admin = words("".join(sorted(officer)), STATUSES)
    public = words("AB", Status.PUBLIC)
    listed = {letter: words(letter, Status.LISTED) for letter in GROUPS}
    page = {letter: words(letter, Status.PUBLIC) for letter in GROUPS}
    in_admin = role != "anonymous" and (superuser or officer or holds.get("delegate") == "italy")
    queue_reader = superuser or bool(officer)
    expected = {}
    for letter in GROUPS:
        expected |= {
            f"{letter} home": listed[letter],
            f"{letter} list": listed[letter],
            f"{letter} search": listed[letter],
            f"{letter} feed": listed[letter],
            f"{letter} csv": listed[letter],
            f"{letter} json": listed[letter],
            f"{letter} meetings": set(),
            f"{letter} meeting": listed[letter],
            f"{letter} calendars": set(),
            f"{letter} document by id": page[letter],
        }
    return expected | {
        "document page": public,
        "country": words("AB", Status.LISTED),
        "source": words("AB", Status.LISTED),
        "source feed": words("AB", Status.LISTED),
        "file": admin | public,
        "api list": words("AB", Status.LISTED),
        "api search": words("AB", Status.LISTED),
        "api document": public,
        "admin list": admin if in_admin else set(),
        "admin search": admin if in_admin else set(),
        "admin change": admin if in_admin else set(),
        "admin history": admin if in_admin else set(),
        "review queue": (admin & words("AB", [Status.SUBMITTED])) if queue_reader else set(),
    }


@pytest.mark.parametrize("role", ROLES)
def test_each_role_reads_only_its_groups_documents_at_every_door(world, role):
    client = Client()
    if role != "anonymous":
        client.force_login(world["people"][role])

    opened = _opened(client, world)

    assert opened == _expected(role)
