"""The secretariat enters the archive through the admin: numbers as written, dates,
languages, liaison addressees, relations, several meetings, addenda, sources."""

import datetime

import pytest
from django.urls import reverse

from contributions.models import Document, DocumentRelation, Source
from tests.factories import MeetingFactory
from tests.formdata import form_data

pytestmark = pytest.mark.django_db


def _change_url(document: Document) -> str:
    return reverse("admin:contributions_document_change", args=[document.pk])


def _post_change_form(client, document: Document, **changes):
    page = client.get(_change_url(document))
    data = form_data(page.content.decode(), form_id="document_form")
    data.update(changes)
    return client.post(_change_url(document), data)


def _errors(response) -> list[str]:
    form = response.context["adminform"].form
    return [message for messages in form.errors.values() for message in messages]


def test_secretariat_gives_the_number_as_printed_and_acceptance_keeps_it(
    client, people, document_in
):
    document = document_in("submitted")
    client.force_login(people["secretariat"])

    response = _post_change_form(
        client,
        document,
        number="CWG-COP-18/INF/3 Rev.1",
        document_date="2019-01-20",
        languages=["en"],
    )
    client.post(reverse("admin:contributions_document_workflow", args=[document.pk, "accept"]))
    client.post(reverse("admin:contributions_document_workflow", args=[document.pk, "publish"]))

    document.refresh_from_db()
    assert response.status_code == 302
    assert (document.status, document.number, document.number_key) == (
        "published",
        "CWG-COP-18/INF/3 Rev.1",
        "cwgcop 18 inf 3 rev 1",
    )
    assert (document.document_date, document.languages) == (datetime.date(2019, 1, 20), "en")
    assert client.get("/en/cwg-cop/documents/CWG-COP-18/INF/3%20Rev.1/").status_code == 200


def test_publishing_without_a_date_dates_the_document_that_day(client, people, document_in):
    document = document_in("accepted")
    client.force_login(people["secretariat"])

    client.post(reverse("admin:contributions_document_workflow", args=[document.pk, "publish"]))

    document.refresh_from_db()
    assert document.status == "published"
    assert document.document_date is not None


def test_a_number_taken_in_the_meeting_is_refused_in_words(client, people, document_in):
    taken = document_in("published")
    document = document_in("submitted")
    client.force_login(people["secretariat"])

    response = _post_change_form(client, document, number=taken.number)

    assert _errors(response) == ["Another document of this meeting has this number."]
    assert "document_number_unique_in_meeting" not in response.content.decode()
    document.refresh_from_db()
    assert document.number == ""


def test_an_addressee_on_a_document_that_is_not_a_liaison_is_refused(client, people, document_in):
    document = document_in("submitted")
    client.force_login(people["secretariat"])

    response = _post_change_form(client, document, addressee="ITU-T SG17", purpose="action")

    assert _errors(response) == [
        "Only a liaison statement is addressed to someone.",
        "Only a liaison statement is addressed to someone.",
    ]


def test_secretariat_records_a_liaison_addressee(client, people, document_in):
    document = document_in("submitted", kind="liaison")
    client.force_login(people["secretariat"])

    _post_change_form(client, document, addressee="ITU-T SG17", purpose="information")

    document.refresh_from_db()
    assert (document.addressee, document.purpose) == ("ITU-T SG17", "information")


def test_secretariat_records_a_citation_shown_on_both_pages(client, people, document_in):
    cited = document_in("published")
    citing = document_in("published")
    client.force_login(people["secretariat"])

    _post_change_form(
        client,
        citing,
        **{
            "relations-TOTAL_FORMS": "1",
            "relations-0-kind": "cites",
            "relations-0-target": str(cited.pk),
        },
    )

    assert list(DocumentRelation.objects.values_list("document", "kind", "target")) == [
        (citing.pk, "cites", cited.pk)
    ]
    client.logout()
    citing_page = client.get(citing.get_absolute_url())
    cited_page = client.get(cited.get_absolute_url())
    assert [(r.label, r.document) for r in citing_page.context["related"]] == [("Cites", cited)]
    assert [(r.label, r.document) for r in cited_page.context["related"]] == [("Cited by", citing)]


def test_secretariat_adds_a_document_to_another_meeting(client, people, document_in):
    document = document_in("published")
    other = MeetingFactory(number=23)
    client.force_login(people["secretariat"])

    _post_change_form(client, document, other_meetings=[str(other.pk)])

    assert list(document.other_meetings.all()) == [other]
    client.logout()
    page = client.get("/en/cwg-cop/meetings/23/")
    assert [d.pk for d in page.context["documents"]] == [document.pk]


def test_delegate_has_no_record_fields(client, people, document_in):
    document = document_in("draft")
    client.force_login(people["delegate"])

    page = client.get(_change_url(document))
    _post_change_form(client, document, number="FORGED/1", from_archive="on")

    fields = page.context["adminform"].form.fields
    assert {"number", "document_date", "languages", "from_archive", "other_meetings"} & set(
        fields
    ) == set()
    document.refresh_from_db()
    assert (document.number, document.from_archive) == ("", False)


def test_secretariat_issues_addenda_and_a_corrigendum_numbered_as_itu_writes_them(
    client, people, document_in
):
    document = document_in("published")
    client.force_login(people["secretariat"])
    changelist = reverse("admin:contributions_document_changelist")

    for action in ("issue_addendum", "issue_addendum", "issue_corrigendum"):
        client.post(changelist, {"action": action, "_selected_action": [str(document.pk)]})

    supplements = Document.objects.filter(relations__target=document).order_by("pk")
    assert [(d.number, d.status, d.relations.get().kind) for d in supplements] == [
        (f"{document.number}(Add.1)", "draft", "addendum"),
        (f"{document.number}(Add.2)", "draft", "addendum"),
        (f"{document.number}(Corr.1)", "draft", "corrigendum"),
    ]
    assert [link.source for link in supplements[0].document_sources.all()] == [
        link.source for link in document.document_sources.all()
    ]


def test_addendum_action_is_not_offered_to_delegates(client, people, document_in):
    document_in("published")
    client.force_login(people["delegate"])

    page = client.get(reverse("admin:contributions_document_changelist"))

    assert "issue_addendum" not in page.content.decode()


def _source_form(client, **changes):
    url = reverse("admin:contributions_source_add")
    data = {"kind": "", "name": "", "short_name": "", "slug": "", "country": "", "itu_region": ""}
    data.update(changes)
    return client.post(url, data)


def test_a_second_member_state_for_a_country_is_refused_in_words(client, people, italy):
    client.force_login(people["secretariat"])

    response = _source_form(client, kind="member_state", name="Italia", slug="italia", country="IT")

    errors = [m for ms in response.context["adminform"].form.errors.values() for m in ms]
    assert errors == [
        "This country already has its Member State. A ministry or agency of it is a "
        "“Ministry or agency of a Member State”, part of that Member State."
    ]
    assert "source_one_member_state_per_country" not in response.content.decode()


def test_a_ministry_without_its_member_state_is_refused_in_words(client, people, italy):
    client.force_login(people["secretariat"])

    response = _source_form(client, kind="state_unit", name="A ministry", slug="a-ministry")

    errors = response.context["adminform"].form.errors
    assert dict(errors) == {
        "parent": ["Choose the Member State this ministry or agency belongs to."]
    }
    assert "source_state_unit_in_member_state" not in response.content.decode()


def test_a_ministry_takes_the_country_of_its_member_state(client, people, italy):
    client.force_login(people["secretariat"])

    response = _source_form(
        client, kind="state_unit", name="A ministry", slug="a-ministry", parent=str(italy.pk)
    )

    ministry = Source.objects.get(slug="a-ministry")
    assert response.status_code == 302
    assert (ministry.country.code, ministry.itu_region, ministry.parent) == ("IT", "europe", italy)
