"""A relation names another document on its document's admin pages (the related documents,
the list of changes, the admin's log, what deleting removes) only to those who may read
that other document; to anyone else it is "an unpublished document", without its number
or title.

A joint Italian and Israeli draft cites an accepted Italian document, answers an accepted
French one, cites a French one of another working group and cites a published French one.
Italy's delegate reads the Italian one; Israel's none of the unpublished ones; the chair
and the secretariat both of their group, not the other group's; everyone the published
one. Every unpublished title carries a word that must appear only where it may be read.
"""

import html
import importlib
import json
import re

import pytest
from auditlog.models import LogEntry
from django.apps import apps
from django.contrib.admin.models import CHANGE
from django.contrib.admin.models import LogEntry as AdminLogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from contributions import records
from contributions.changes import document_changes
from contributions.models import Document, DocumentRelation
from cwgcop.change_log import recording
from tests.change_pages import change_rows
from tests.contributions.admin_pages import change_url, post_form
from tests.factories import DocumentFactory, MeetingFactory, SourceFactory, UserFactory
from workinggroups.models import WorkingGroup

pytestmark = pytest.mark.django_db

WORD = re.compile(r"(?:Wombat|Kakapo|Quoll)quest")
UNREADABLE = "an unpublished document"
ITALIAN = "CWG-COP-22/INF/2 Wombatquest report"
FRENCH = "CWG-COP-22/INF/7 Kakapoquest report"
OTHER_GROUP = "CWG-TEST-22/INF/3 Quollquest report"
PUBLISHED = "CWG-COP-22/INF/9 Published report on age checks"

# The word in each unpublished title.
WORDS = {ITALIAN: "Wombatquest", FRENCH: "Kakapoquest", OTHER_GROUP: "Quollquest"}
# What each role reads of each related document: its number and title, or not.
NAMED = {
    "delegate": {ITALIAN, PUBLISHED},
    "other_delegate": {PUBLISHED},
    "chair": {ITALIAN, FRENCH, PUBLISHED},
    "secretariat": {ITALIAN, FRENCH, PUBLISHED},
}
ROLES = list(NAMED)


def history_url(document: Document) -> str:
    return reverse("admin:contributions_document_history", args=[document.pk])


def delete_url(document: Document) -> str:
    return reverse("admin:contributions_document_delete", args=[document.pk])


def _numbered(meeting, source, status: str, sequence: int, title: str) -> Document:
    return DocumentFactory(
        meeting=meeting,
        sources=[source],
        status=status,
        sequence=sequence,
        number=f"{meeting.code}/INF/{sequence}",
        title=title,
        published_at=timezone.now() if status in Document.Status.PUBLIC else None,
    )


@pytest.fixture
def france(db):
    return SourceFactory(kind="member_state", name="France", slug="france", country="FR")


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", is_staff=True, is_superuser=True)


@pytest.fixture
def targets(meeting, italy, france, people):
    """The four documents the joint draft relates to, by the name the secretariat reads."""
    second = WorkingGroup.objects.create(
        slug="cwg-test", acronym="CWG-TEST", name="Council Working Group on Testing", order=2
    )
    other_meeting = MeetingFactory(number=22, group=second, document_prefix="CWG-TEST")
    accepted = Document.Status.ACCEPTED
    return {
        ITALIAN: _numbered(meeting, italy, accepted, 2, "Wombatquest report"),
        FRENCH: _numbered(meeting, france, accepted, 7, "Kakapoquest report"),
        OTHER_GROUP: _numbered(other_meeting, france, accepted, 3, "Quollquest report"),
        PUBLISHED: _numbered(
            meeting, france, Document.Status.PUBLISHED, 9, "Published report on age checks"
        ),
    }


@pytest.fixture
def joint(meeting, italy, israel, targets, superuser):
    """The joint draft, related to the four in one change (a superuser's: one group's
    secretariat could not reach the other group's document)."""
    document = DocumentFactory(meeting=meeting, sources=[italy, israel], title="Joint note")
    kinds = {ITALIAN: "cites", FRENCH: "answers", OTHER_GROUP: "cites", PUBLISHED: "cites"}
    with recording(via="service", by=superuser):
        for name, kind in kinds.items():
            records.relate_documents(
                document=document, target=targets[name], kind=kind, by=superuser
            )
    return document


def _expected(role: str) -> list[list[str]]:
    def name(target: str) -> str:
        return target if target in NAMED[role] else UNREADABLE

    return [
        ["cites", name(ITALIAN)],
        ["answers", name(FRENCH)],
        ["cites", name(OTHER_GROUP)],
        ["cites", name(PUBLISHED)],
    ]


def _text(fragment: str) -> str:
    return html.unescape(" ".join(re.sub(r"<[^>]+>", " ", fragment).split()))


def relation_rows(response) -> list[list[str]]:
    """The recorded relations on a document's page, each as [kind, document], sorted."""
    page = response.content.decode()
    start = page.index('id="relations-group"')
    section = page[start : page.index("</fieldset>", start)]
    rows = re.findall(r'<tr class="form-row has_original.*?</tr>', section, re.S)
    cells = [re.findall(r'<td class="field-[^"]*">(.*?)</td>', row, re.S) for row in rows]
    return sorted([_text(cell) for cell in row] for row in cells)


def words(response) -> set[str]:
    return set(WORD.findall(response.content.decode()))


# ---- The related documents on the document's page


@pytest.mark.parametrize("role", ROLES)
def test_related_documents_are_named_only_to_who_may_read_them(client, people, joint, role):
    client.force_login(people[role])

    response = client.get(change_url(joint))

    assert response.status_code == 200
    assert relation_rows(response) == sorted(_expected(role))
    assert words(response) == {WORDS[name] for name in NAMED[role] if name in WORDS}


def test_related_document_is_linked_when_readable(client, people, joint, targets):
    client.force_login(people["delegate"])

    page = client.get(change_url(joint)).content.decode()

    assert f'<a href="{change_url(targets[ITALIAN])}">{ITALIAN}</a>' in page
    assert change_url(targets[FRENCH]) not in page


def test_secretariat_adds_a_relation_beside_those_it_may_not_name(
    client, people, meeting, france, joint
):
    new_target = _numbered(meeting, france, Document.Status.ACCEPTED, 8, "Another report")
    client.force_login(people["secretariat"])

    response = post_form(
        client,
        change_url(joint),
        **{"relations-4-kind": "supersedes", "relations-4-target": str(new_target.pk)},
    )

    assert response.status_code == 302
    assert relation_rows(client.get(change_url(joint))) == sorted(
        [*_expected("secretariat"), ["supersedes", "CWG-COP-22/INF/8 Another report"]]
    )


# ---- The list of changes and the admin's log


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", [history_url, change_url])
def test_changes_name_related_documents_only_to_who_may_read_them(
    client, people, joint, role, page
):
    client.force_login(people[role])

    rows = change_rows(client.get(page(joint)))

    assert rows[0][1:] == (
        "root",
        [f"Related documents: added {kind} {_quoted(name)}" for kind, name in _expected(role)],
    )


def _quoted(name: str) -> str:
    return name if name == UNREADABLE else f"'{name}'"


def test_removed_relation_is_not_named_either(client, people, joint, targets):
    relation = DocumentRelation.objects.get(document=joint, target=targets[FRENCH])
    records.remove_relation(relation=relation, by=people["secretariat"])
    client.force_login(people["delegate"])

    rows = change_rows(client.get(history_url(joint)))

    assert rows[0][1:] == ("secretary", [f"Related documents: removed answers {UNREADABLE}"])
    assert "Kakapoquest" not in client.get(history_url(joint)).content.decode()


def test_relation_history_keeps_the_other_documents_key(joint, targets):
    relation = DocumentRelation.objects.get(document=joint, target=targets[FRENCH])

    entry = LogEntry.objects.get_for_object(relation).get()

    assert entry.serialized_data["fields"] == {"document": joint.pk, "target": targets[FRENCH].pk}


def test_admin_log_of_a_relation_added_on_the_page_names_no_document(
    client, people, meeting, italy, targets
):
    document = DocumentFactory(meeting=meeting, sources=[italy], title="Italian note")
    client.force_login(people["secretariat"])
    post_form(
        client,
        change_url(document),
        **{"relations-0-kind": "answers", "relations-0-target": str(targets[FRENCH].pk)},
    )
    client.force_login(people["delegate"])

    page = client.get(history_url(document)).content.decode()

    entry = AdminLogEntry.objects.get(object_id=str(document.pk))
    assert json.loads(entry.change_message) == [
        {"added": {"name": "document relation", "object": "\u2026"}}
    ]
    assert "Added document relation “…”." in page
    assert "Kakapoquest" not in page


# ---- What deleting a draft removes


def test_deleting_a_draft_lists_its_relations_naming_only_readable_documents(
    client, people, meeting, france, joint, targets, superuser
):
    citing = DocumentFactory(meeting=meeting, sources=[france], title="Kakapoquest citing")
    records.relate_documents(document=citing, target=joint, kind="cites", by=superuser)
    client.force_login(people["delegate"])

    page = client.get(delete_url(joint)).content.decode()

    listed = sorted(
        html.unescape(item) for item in re.findall(r"<li>(Document relation: [^<]*)", page)
    )
    assert listed == sorted(
        [
            f"Document relation: Joint note cites {ITALIAN}",
            f"Document relation: Joint note answers {UNREADABLE}",
            f"Document relation: Joint note cites {UNREADABLE}",
            f"Document relation: Joint note cites {PUBLISHED}",
            f"Document relation: {UNREADABLE} cites Joint note",
        ]
    )
    assert words(client.get(delete_url(joint))) == {"Wombatquest"}


# ---- What the log held before


def test_migration_gives_earlier_relation_entries_their_documents_key(
    people, meeting, italy, targets
):
    document = DocumentFactory(meeting=meeting, sources=[italy], title="Italian note")
    secretary = people["secretariat"]
    kept, removed, lost = (
        records.relate_documents(document=document, target=targets[name], kind=kind, by=secretary)
        for name, kind in [(ITALIAN, "cites"), (FRENCH, "answers"), (PUBLISHED, "cites")]
    )
    keys = {"kept": kept.pk, "removed": removed.pk, "lost": lost.pk}
    records.remove_relation(relation=removed, by=secretary)
    records.remove_relation(relation=lost, by=secretary)
    targets[PUBLISHED].title = "Retitled since"
    targets[PUBLISHED].save()
    relation_type = ContentType.objects.get_for_model(DocumentRelation)
    for entry in LogEntry.objects.filter(content_type=relation_type):
        del entry.serialized_data["fields"]["target"]
        entry.save()
    migration = importlib.import_module(
        "contributions.migrations.0025_relation_history_without_names"
    )

    migration.keep_relation_targets(apps, None)

    kept_keys = {
        (entry.object_id, entry.action, entry.serialized_data["fields"]["target"])
        for entry in LogEntry.objects.filter(content_type=relation_type)
    }
    assert kept_keys == {
        (keys["kept"], LogEntry.Action.CREATE, targets[ITALIAN].pk),
        # Removed since: found by the number and title it was written with.
        (keys["removed"], LogEntry.Action.CREATE, targets[FRENCH].pk),
        (keys["removed"], LogEntry.Action.DELETE, targets[FRENCH].pk),
        # Its document's title has changed since: no document reads as the entry wrote it.
        (keys["lost"], LogEntry.Action.CREATE, None),
        (keys["lost"], LogEntry.Action.DELETE, None),
    }


def test_migration_removes_relation_names_from_the_admin_log(people, joint):
    written = [
        {"changed": {"fields": ["Title"]}},
        {"added": {"name": "document relation", "object": f"Joint note answers {FRENCH}"}},
        {"deleted": {"name": "document relation", "object": f"Joint note cites {ITALIAN}"}},
    ]
    entry = AdminLogEntry.objects.create(
        user=people["secretariat"],
        content_type=ContentType.objects.get_for_model(Document),
        object_id=str(joint.pk),
        object_repr=str(joint),
        action_flag=CHANGE,
        change_message=json.dumps(written),
    )
    migration = importlib.import_module(
        "contributions.migrations.0025_relation_history_without_names"
    )

    migration.remove_relation_names(apps, None)

    entry.refresh_from_db()
    assert json.loads(entry.change_message) == [
        {"changed": {"fields": ["Title"]}},
        {"added": {"name": "document relation", "object": "\u2026"}},
        {"deleted": {"name": "document relation", "object": "\u2026"}},
    ]


# ---- Cost


def _unpublished_targets(meeting, france, count: int) -> list[Document]:
    return [
        _numbered(meeting, france, Document.Status.ACCEPTED, 100 + number, f"Target {number}")
        for number in range(count)
    ]


@pytest.mark.parametrize("page", [change_url, history_url])
def test_document_pages_queries_same_with_one_and_five_relations(
    client, people, meeting, italy, france, page
):
    document = DocumentFactory(meeting=meeting, sources=[italy], title="Italian note")
    secretary = people["secretariat"]
    first, *others = _unpublished_targets(meeting, france, 5)
    records.relate_documents(document=document, target=first, kind="cites", by=secretary)
    client.force_login(people["delegate"])
    client.get(page(document))
    with CaptureQueriesContext(connection) as one:
        client.get(page(document))
    for target in others:
        records.relate_documents(document=document, target=target, kind="cites", by=secretary)

    with CaptureQueriesContext(connection) as five:
        response = client.get(page(document))

    assert response.status_code == 200
    assert len(five) == len(one)


def test_unreadable_document_is_named_in_the_readers_language(people, joint):
    with translation.override("fr"):
        (row, *_) = document_changes(joint, reader=people["other_delegate"])

    assert row.lines[1] == "Documents connexes\u00a0: ajout de répond à un document non publié"
