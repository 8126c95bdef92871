"""What a visitor notices of each write, with the page cache on: a removal from the public
pages shows on the very next request, even to a visitor who asks while another request
renders the page; after an addition, a visitor who asks meanwhile may get the page from
before, for PAGE_CACHE_STALE_SECONDS at most; a write the public never sees keeps every
kept page as it was."""

import datetime

import pytest
from django.db import transaction
from django.db.models import QuerySet
from django.db.models.signals import pre_save
from django.utils import timezone

from contributions import services
from contributions.models import Document, DocumentFile, DocumentRelation, DocumentSource
from cwgcop import kept
from cwgcop.public_changes import public_rows_written
from meetings.services import save_meeting
from tests.contributions.admin_pages import action_url, change_url, pdf, post_form
from tests.contributions.page_race import (
    ADDED_AT,
    ITALY,
    LIST,
    PAGES,
    _how_and_shows,
    _kept,
    _shows_at_once,
    _still_kept,
)
from tests.factories import MeetingFactory, SourceFactory, TopicFactory
from tests.formdata import form_data
from tests.record_check.conftest import header_pdf, store_pdf
from workinggroups.models import GroupOfficer, GroupPeriod, Participation

pytestmark = pytest.mark.django_db

YEAR_START = datetime.date(2024, 1, 1)


def _href(document_file):
    return f'href="{document_file.get_absolute_url()}"'


# ---- Removals: the next visitor never gets the page from before


def test_an_unpublication_shows_at_once(race, visitor, document_in, people):
    document = document_in("published", title="Age assurance in app stores")
    _kept(visitor, LIST, ITALY, document.get_absolute_url())

    services.unpublish_document(document=document, by=people["secretariat"], reason="Wrong file")

    assert "Age assurance in app stores" not in _shows_at_once(race, LIST)
    assert "Age assurance in app stores" not in _shows_at_once(race, ITALY)
    assert visitor.get(document.get_absolute_url()).status_code == 404


def test_an_unpublication_within_the_window_of_a_publication_shows_at_once(
    race, visitor, document_in, people, frozen_clock
):
    document = document_in("published", title="Age assurance in app stores")
    accepted = document_in("accepted", title="Safer Internet Day")
    _kept(visitor, LIST)

    services.publish_document(document=accepted, by=people["secretariat"])
    services.unpublish_document(document=document, by=people["secretariat"], reason="Wrong file")
    frozen_clock[0] += 1

    page = _shows_at_once(race, LIST)
    assert ("Safer Internet Day" in page, "Age assurance in app stores" in page) == (True, False)


def test_a_published_revision_supersedes_the_original_at_once(race, visitor, document_in, people):
    original = document_in("published", title="Age assurance in app stores")
    revision = document_in("accepted", title="Age assurance in app stores, revised")
    DocumentRelation.objects.create(
        document=revision, target=original, kind=DocumentRelation.Kind.REVISES
    )
    _kept(visitor, LIST, original.get_absolute_url())

    services.publish_document(document=revision, by=people["secretariat"])

    original.refresh_from_db()
    assert original.status == Document.Status.SUPERSEDED
    listed = _shows_at_once(race, LIST)
    assert ("in app stores, revised" in listed, "in app stores</a>" in listed) == (True, False)
    assert "Age assurance in app stores, revised" in _shows_at_once(
        race, original.get_absolute_url()
    )


def test_a_file_made_members_only_by_the_service_shows_at_once(race, visitor, document_in, people):
    document = document_in("published", title="Participants")
    document_file = document.files.get()
    assert (
        _href(document_file)
        in _kept(visitor, document.get_absolute_url())[document.get_absolute_url()].content.decode()
    )

    services.set_file_access(
        document_file=document_file, access=DocumentFile.Access.MEMBERS, by=people["secretariat"]
    )

    assert _href(document_file) not in _shows_at_once(race, document.get_absolute_url())


def test_a_file_made_members_only_in_the_admin_shows_at_once(
    race, visitor, client, document_in, people
):
    document = document_in("published", title="Participants")
    document_file = document.files.get()
    _kept(visitor, document.get_absolute_url())
    client.force_login(people["secretariat"])
    data = form_data(client.get(change_url(document)).content.decode(), form_id="document_form")
    access = next(name for name in data if name.endswith("-access"))

    response = client.post(change_url(document), {**data, access: "members"})

    assert response.status_code == 302
    assert _href(document_file) not in _shows_at_once(race, document.get_absolute_url())


def test_a_document_made_members_only_in_the_admin_shows_at_once(
    race, visitor, client, document_in, people
):
    document = document_in("published", title="Participants")
    document_file = document.files.get()
    _kept(visitor, document.get_absolute_url())
    client.force_login(people["secretariat"])

    response = post_form(client, change_url(document), access="members")

    assert response.status_code == 302
    assert _href(document_file) not in _shows_at_once(race, document.get_absolute_url())


def test_a_public_file_deleted_shows_at_once(race, visitor, document_in, people):
    document = document_in("published", title="Participants")
    document_file = document.files.get()
    href = _href(document_file)
    _kept(visitor, document.get_absolute_url())

    # No service removes a published document's file (services.remove_file refuses it):
    # a row deleted all the same, by hand, is still seen.
    document_file.delete()

    assert href not in _shows_at_once(race, document.get_absolute_url())


def test_a_published_title_corrected_shows_at_once(race, visitor, document_in, people):
    document = document_in("published", title="Age assurance in app sotres")
    _kept(visitor, LIST, document.get_absolute_url())

    services.update_document(
        document=document, by=people["secretariat"], changes={"title": "Age assurance in apps"}
    )

    for url in (LIST, document.get_absolute_url()):
        page = _shows_at_once(race, url)
        assert ("app sotres" in page, "Age assurance in apps" in page) == (False, True)


def test_a_source_renamed_in_the_admin_shows_at_once(race, visitor, client, document_in, people):
    oecd = SourceFactory(name="OECD", slug="oecd")
    document = document_in("published", title="Age assurance in app stores")
    DocumentSource.objects.create(document=document, source=oecd, order=1)
    _kept(visitor, "/en/sources/oecd/", document.get_absolute_url())
    client.force_login(people["secretariat"])
    url = f"/admin/contributions/source/{oecd.pk}/change/"
    data = form_data(client.get(url).content.decode(), form_id="source_form")

    response = client.post(url, {**data, "name": "Organisation for Economic Co-operation"})

    assert response.status_code == 302
    for page_url in ("/en/sources/oecd/", document.get_absolute_url()):
        assert "Organisation for Economic Co-operation" in _shows_at_once(race, page_url)


def test_a_topic_renamed_in_the_admin_shows_at_once(race, visitor, client, people):
    topic = TopicFactory(name="Age verification", slug="age")
    _kept(visitor, "/en/cwg-cop/topics/")
    client.force_login(people["secretariat"])
    url = f"/admin/contributions/topic/{topic.pk}/change/"
    data = form_data(client.get(url).content.decode(), form_id="topic_form")

    response = client.post(url, {**data, "name": "Age assurance"})

    assert response.status_code == 302
    page = _shows_at_once(race, "/en/cwg-cop/topics/")
    assert ("Age assurance" in page, "Age verification" in page) == (True, False)


def test_a_meeting_changed_shows_at_once(race, visitor, meeting):
    _kept(visitor, "/en/cwg-cop/meetings/22/")

    meeting.venue = "Kigali"
    save_meeting(meeting=meeting)

    assert "Kigali" in _shows_at_once(race, "/en/cwg-cop/meetings/22/")


def test_a_group_s_officers_and_names_changed_show_at_once(race, visitor, meeting):
    group = meeting.group
    _kept(visitor, "/en/groups/")

    chair = GroupOfficer.objects.create(
        working_group=group, role=GroupOfficer.Role.CHAIR, name="Ms Ana Ruiz", start=YEAR_START
    )

    assert "Chair: Ms Ana Ruiz" in _shows_at_once(race, "/en/groups/")
    _kept(visitor, "/en/groups/")

    chair.end = timezone.localdate() - datetime.timedelta(days=1)
    chair.save()

    assert "Ms Ana Ruiz" not in _shows_at_once(race, "/en/groups/")
    _kept(visitor, "/en/groups/")

    for acronym, start, end in (("WG-CP", 2009, 2014), ("CWG-COP", 2015, None)):
        GroupPeriod.objects.create(
            working_group=group,
            acronym=acronym,
            start=datetime.date(start, 1, 1),
            end=end and datetime.date(end, 12, 31),
        )

    # The years are joined by an en dash, as the page writes them.
    assert "<bdi>WG-CP</bdi> (2009–2014)" in _shows_at_once(race, "/en/groups/")  # noqa: RUF001
    _kept(visitor, "/en/groups/")

    Participation.objects.create(
        working_group=group, open_to=Participation.OpenTo.ALL, start=YEAR_START
    )

    assert "Open to: All stakeholders" in _shows_at_once(race, "/en/groups/")
    _kept(visitor, "/en/groups/")

    group.name = "Council Working Group on Children Online"
    group.save()

    assert "Council Working Group on Children Online" in _shows_at_once(race, "/en/groups/")


# ---- Additions: the page from before for a while, to all but the one who renders


def test_a_publication_within_the_window_leaves_the_page_from_before_to_others(
    race, visitor, document_in, people, frozen_clock
):
    accepted = document_in("accepted", title="Safer Internet Day")
    before = _kept(visitor, LIST)[LIST]

    services.publish_document(document=accepted, by=people["secretariat"])
    frozen_clock[0] += 29
    first, second = race.ask_twice(LIST)
    after = visitor.get(LIST)

    assert _how_and_shows(first, "Safer Internet Day") == ("miss", True)
    assert (second["X-Page-Cache"], second.content) == ("stale", before.content)
    assert race.renders == [LIST]
    assert (after["X-Page-Cache"], after.content) == ("hit", first.content)


def _render_delay(url: str) -> float:
    """The page's own delay: its address's share of PAGE_CACHE_RENDER_AFTER_SECONDS."""
    return kept.render_after_seconds(f"http://testserver{url}")


def test_a_publication_is_rendered_once_the_render_delay_is_past(
    race, visitor, document_in, people, frozen_clock, settings
):
    settings.PAGE_CACHE_RENDER_AFTER_SECONDS = 15
    accepted = document_in("accepted", title="Safer Internet Day")
    before = _kept(visitor, LIST)[LIST]

    services.publish_document(document=accepted, by=people["secretariat"])
    frozen_clock[0] += _render_delay(LIST) - 0.5
    waiting = visitor.get(LIST)
    frozen_clock[0] += 1
    first, second = race.ask_twice(LIST)

    # Within the delay nobody renders: every visitor gets the page from before.
    assert (waiting["X-Page-Cache"], waiting.content) == ("stale", before.content)
    assert _how_and_shows(first, "Safer Internet Day") == ("miss", True)
    assert (second["X-Page-Cache"], second.content) == ("stale", before.content)
    assert race.renders == [LIST]


def test_the_pages_an_addition_made_stale_are_rendered_each_at_its_own_time(
    visitor, document_in, people, frozen_clock, settings, page_cache
):
    """Dozens of pages show a publication: rendered all in the same second, the requests
    meanwhile would wait on the threads that render them."""
    settings.PAGE_CACHE_STALE_SECONDS = 30
    settings.PAGE_CACHE_RENDER_AFTER_SECONDS = 20
    accepted = document_in("accepted", title="Safer Internet Day")
    pages = [*PAGES[:3], *(f"{LIST}?q={word}" for word in ("child", "online", "safety"))]
    _kept(visitor, *pages)
    delays = {url: _render_delay(url) for url in pages}

    services.publish_document(document=accepted, by=people["secretariat"])
    served = []
    for url in sorted(pages, key=delays.get):
        frozen_clock[0] = ADDED_AT + delays[url] - 0.25
        before = visitor.get(url)["X-Page-Cache"]
        frozen_clock[0] = ADDED_AT + delays[url] + 0.25
        served.append((before, visitor.get(url)["X-Page-Cache"]))

    assert served == [("stale", "miss")] * len(pages)
    # From half the delay to all of it, and not two pages at once.
    assert all(10 <= delay <= 20 for delay in delays.values())
    assert len(set(delays.values())) == len(pages)


EXPORTS = ("/en/cwg-cop/documents.csv", "/en/cwg-cop/documents.json")


def _exported(visitor, url: str) -> str:
    return visitor.get(url).getvalue().decode()


@pytest.mark.parametrize("export", EXPORTS)
def test_an_export_from_before_a_publication_is_served_until_its_delay_is_past(
    visitor, document_in, people, frozen_clock, settings, page_cache, export
):
    """Exports wait like pages: rebuilt after each publication of a deadline, they took more
    of the servers than every page."""
    settings.COUNTS_CACHE_SECONDS = 600
    settings.PAGE_CACHE_STALE_SECONDS = 30
    settings.PAGE_CACHE_RENDER_AFTER_SECONDS = 20
    accepted = document_in("accepted", title="Safer Internet Day")
    before = _exported(visitor, export)

    services.publish_document(document=accepted, by=people["secretariat"])
    frozen_clock[0] += _render_delay(export) - 0.25
    waiting = _exported(visitor, export)
    frozen_clock[0] += 0.5
    after = _exported(visitor, export)

    assert "Safer Internet Day" not in before
    assert waiting == before
    assert "Safer Internet Day" in after


@pytest.mark.parametrize("export", EXPORTS)
def test_an_export_from_before_a_removal_is_never_served_again(
    visitor, document_in, people, frozen_clock, settings, page_cache, export
):
    settings.COUNTS_CACHE_SECONDS = 600
    settings.PAGE_CACHE_STALE_SECONDS = 30
    settings.PAGE_CACHE_RENDER_AFTER_SECONDS = 20
    accepted = document_in("accepted", title="Safer Internet Day")
    published = document_in("published", title="Age assurance in app stores")
    before = _exported(visitor, export)

    services.publish_document(document=accepted, by=people["secretariat"])
    frozen_clock[0] += 1
    services.unpublish_document(document=published, by=people["secretariat"], reason="Wrong.")
    after = _exported(visitor, export)

    assert "Age assurance in app stores" in before
    assert ("Age assurance in app stores" in after, "Safer Internet Day" in after) == (False, True)


def test_a_removal_within_the_render_delay_shows_at_once(
    race, visitor, document_in, people, frozen_clock, settings
):
    settings.PAGE_CACHE_RENDER_AFTER_SECONDS = 15
    accepted = document_in("accepted", title="Safer Internet Day")
    published = document_in("published", title="Age assurance in app stores")
    _kept(visitor, LIST)

    services.publish_document(document=accepted, by=people["secretariat"])
    frozen_clock[0] += 5
    services.unpublish_document(document=published, by=people["secretariat"], reason="Wrong.")

    assert "Age assurance in app stores" not in _shows_at_once(race, LIST)


def test_a_publication_past_the_window_is_what_every_visitor_gets(
    race, visitor, document_in, people, frozen_clock
):
    accepted = document_in("accepted", title="Safer Internet Day")
    _kept(visitor, LIST, ITALY)

    services.publish_document(document=accepted, by=people["secretariat"])
    frozen_clock[0] += 30

    assert "Safer Internet Day" in _shows_at_once(race, LIST)
    assert "Safer Internet Day" in _shows_at_once(race, ITALY)


def test_without_a_window_a_publication_is_what_every_visitor_gets(
    race, visitor, document_in, people, settings
):
    settings.PAGE_CACHE_STALE_SECONDS = 0
    accepted = document_in("accepted", title="Safer Internet Day")
    _kept(visitor, LIST)

    services.publish_document(document=accepted, by=people["secretariat"])

    assert "Safer Internet Day" in _shows_at_once(race, LIST)


def test_the_next_visitor_alone_renders_a_publication_at_once(visitor, document_in, people, race):
    accepted = document_in("accepted", title="Safer Internet Day")
    _kept(visitor, LIST)

    services.publish_document(document=accepted, by=people["secretariat"])
    after = visitor.get(LIST)

    assert _how_and_shows(after, "Safer Internet Day") == ("miss", True)


# ---- Additions: only the pages that can show what was added


@pytest.fixture
def added_and_unrelated(document_in, israel):
    """An accepted Italian document about age assurance (to be published) that revises a
    published one; and pages that cannot show it: a published Israeli document on education,
    its country and topic, and another meeting."""
    age, education = TopicFactory(name="Age", slug="age"), TopicFactory(slug="education")
    original = document_in("published", title="Age assurance, first edition")
    accepted = document_in("accepted", title="Age assurance in app stores")
    accepted.topics.set([age])
    DocumentRelation.objects.create(
        document=accepted, target=original, kind=DocumentRelation.Kind.ANSWERS
    )
    unrelated = document_in("published", title="Safer Internet Day")
    unrelated.sources.set([israel])
    unrelated.topics.set([education])
    MeetingFactory(number=23)
    listing = (LIST, ITALY, "/en/cwg-cop/", "/en/cwg-cop/topics/age/", "/en/cwg-cop/meetings/22/")
    counting = ("/en/countries/", "/en/cwg-cop/topics/", "/en/cwg-cop/meetings/")
    cannot = (unrelated.get_absolute_url(), "/en/countries/il/", "/en/cwg-cop/topics/education/")
    return (
        accepted,
        (*listing, original.get_absolute_url()),
        counting,
        (*cannot, "/en/cwg-cop/meetings/23/"),
    )


def test_a_publication_makes_stale_only_the_pages_that_can_show_it(
    race, visitor, added_and_unrelated, people
):
    accepted, showing, counting, cannot_show = added_and_unrelated
    kept = _kept(visitor, *showing, *counting, *cannot_show)

    services.publish_document(document=accepted, by=people["secretariat"])

    for url in showing + counting:
        page = visitor.get(url)
        assert (url, page["X-Page-Cache"]) == (url, "miss")
        assert (url, "app stores" in page.content.decode()) == (url, url not in counting)
    _still_kept(visitor, {url: kept[url] for url in cannot_show})


def test_a_new_file_of_a_public_document_makes_stale_only_its_pages(
    race, visitor, document_in, israel, people
):
    document = document_in("published", title="Participants")
    unrelated = document_in("published", title="Safer Internet Day")
    unrelated.sources.set([israel])
    pages = _kept(visitor, document.get_absolute_url(), unrelated.get_absolute_url(), ITALY)

    services.add_file(
        document=document,
        language="fr",
        upload=pdf("p.pdf", "Participants"),
        by=people["secretariat"],
    )

    for url in (document.get_absolute_url(), ITALY):
        assert visitor.get(url)["X-Page-Cache"] == "miss"
    _still_kept(visitor, {unrelated.get_absolute_url(): pages[unrelated.get_absolute_url()]})


# ---- A write judged while a publication of its document commits


def test_an_edit_judged_before_a_concurrent_publication_shows_after_its_commit(
    page_cache, visitor, document_in, people, django_capture_on_commit_callbacks, monkeypatch
):
    """The edit read its document as accepted, then waited on the publication's row lock:
    meanwhile a visitor got the list with the published document's old title."""
    with django_capture_on_commit_callbacks(execute=True):
        accepted = document_in("accepted", title="Age assurance in app sotres")
    _kept(visitor, LIST)
    served_meanwhile = []

    def publication_committed_meanwhile(sender, instance, **kwargs):
        if instance.pk != accepted.pk or served_meanwhile:
            return
        # Written as another connection's transaction would: told on its own, below.
        QuerySet.update(
            Document.objects.filter(pk=accepted.pk),
            status=Document.Status.PUBLISHED,
            published_at=timezone.now(),
        )
        with monkeypatch.context() as committed:
            # Its commit is past: what it does after its commit is done already.
            committed.setattr(transaction, "on_commit", lambda callback, robust=False: callback())
            public_rows_written([Document.objects.get(pk=accepted.pk)], before=[accepted])
        served_meanwhile.append(visitor.get(LIST))

    # After the receivers' own reading of the row as stored.
    pre_save.connect(publication_committed_meanwhile, sender=Document)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            services.update_document(
                document=accepted, by=people["secretariat"], changes={"title": "Age assurance"}
            )
    finally:
        pre_save.disconnect(publication_committed_meanwhile, sender=Document)
    after = visitor.get(LIST)

    assert "app sotres" in served_meanwhile[0].content.decode()
    assert (after["X-Page-Cache"], "app sotres" in after.content.decode()) == ("miss", False)
    assert "Age assurance" in after.content.decode()


# ---- Writes the public never sees


def test_drafting_submitting_and_returning_through_the_services_keep_every_page(
    race, visitor, document_in, meeting, italy, people
):
    document_in("published", title="Age assurance in app stores")
    pages = _kept(visitor, *PAGES)
    delegate, secretariat = people["delegate"], people["secretariat"]

    draft = services.create_draft(
        by=delegate, meeting=meeting, kind="contribution", title="Draft", sources=[italy]
    )
    services.update_document(document=draft, by=delegate, changes={"title": "Still a draft"})
    services.add_file(document=draft, language="en", upload=pdf("d.pdf", "Draft"), by=delegate)
    services.submit_document(document=draft, by=delegate)
    services.return_document(document=draft, by=secretariat, reason="Add the French version.")
    services.add_file(document=draft, language="fr", upload=pdf("f.pdf", "Projet"), by=delegate)
    services.submit_document(document=draft, by=delegate)
    services.accept_document(document=draft, by=secretariat)
    services.withdraw_document(document=draft, by=delegate)

    _still_kept(visitor, pages)


def test_drafting_submitting_and_returning_in_the_admin_keep_every_page(
    race, visitor, client, draft, document_in, people
):
    document_in("published", title="Age assurance in app stores")
    pages = _kept(visitor, *PAGES)
    client.force_login(people["delegate"])

    saved = post_form(client, change_url(draft), title="Safer Internet Day 2027")
    filed = post_form(
        client,
        change_url(draft),
        **{"files-2-0-language": "fr", "files-2-0-file": pdf("jour.pdf", "Jour")},
    )
    submitted = client.post(action_url(draft, "submit"))
    client.force_login(people["secretariat"])
    returned = client.post(action_url(draft, "return"), {"reason": "Add the Spanish version."})

    assert [response.status_code for response in (saved, filed, submitted, returned)] == [302] * 4
    draft.refresh_from_db()
    assert (draft.status, draft.files.count()) == (Document.Status.RETURNED, 2)
    _still_kept(visitor, pages)


def test_a_new_files_first_text_is_an_addition_even_where_it_differs_from_the_record(
    race, visitor, document_in, frozen_clock
):
    """Where the file prints otherwise than the record is shown to the secretariat only:
    the first text read from a public document's new file adds to the pages, whatever it
    finds there."""
    document = document_in("published", title="Safer Internet Day")
    document_file = store_pdf(document, header_pdf(), language="fr")
    before = _kept(visitor, LIST)[LIST]

    services.extract_file_text(document_file=document_file)
    first, second = race.ask_twice(LIST)

    document_file.refresh_from_db()
    assert [difference["field"] for difference in document_file.record_differences] == ["number"]
    assert (second["X-Page-Cache"], second.content) == ("stale", before.content)
    assert first["X-Page-Cache"] == "miss"
