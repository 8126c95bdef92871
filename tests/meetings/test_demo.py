"""The demo data is the 21st meeting as its report records it."""

import io
from collections import Counter

import pytest
from django.apps import apps
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import RequestFactory
from pypdf import PdfReader

from contributions.models import Document, DocumentFile, Source
from meetings.demo import load_demo
from meetings.models import Meeting, Outcome, Presentation, ReportParagraph

pytestmark = pytest.mark.django_db

# Counted from the seed report: section 4.1 lists 2 contributions (the regional offices,
# the SRSG), 16 information documents and the secretariat's presentation; section 6 adds
# 2 liaison statements; the report itself is published as CWG-COP-21/REP/1.
SEED_DOCUMENTS_PER_KIND = {
    "contribution": 2,
    "information": 16,
    "presentation": 1,
    "liaison": 2,
    "report": 1,
}
# Paragraphs 5.1-5.20, 6.1-6.2 and 7.1: 5.4 and 5.7 not presented (no representative),
# 5.18 (Meta) not held, 7.1 (Greece) oral, the other 19 presented.
SEED_PRESENTATIONS_PER_STATUS = {"presented": 19, "absent": 2, "not_held": 1, "oral": 1}


def test_load_demo_meeting_21_documents_per_kind_as_the_seed(demo):
    documents = Document.objects.filter(meeting__number=21)

    per_kind = Counter(documents.values_list("kind", flat=True))

    assert dict(per_kind) == SEED_DOCUMENTS_PER_KIND
    assert set(documents.values_list("status", flat=True)) == {"published"}


def test_load_demo_meeting_21_presentations_per_status_as_the_seed(demo):
    presentations = Presentation.objects.filter(meeting__number=21)

    per_status = Counter(presentations.values_list("status", flat=True))

    assert dict(per_status) == SEED_PRESENTATIONS_PER_STATUS
    assert list(presentations.order_by("order").values_list("order", flat=True)) == list(
        range(1, 24)
    )


def test_load_demo_meeting_21_facts(demo):
    meeting = Meeting.objects.get(number=21)

    chair = meeting.officers.get()

    assert (str(meeting.start_date), str(meeting.end_date)) == ("2024-09-30", "2024-10-01")
    assert (meeting.format, meeting.participants, meeting.participants_approximate) == (
        "hybrid",
        125,
        True,
    )
    assert chair.formal_name == "Mr Abdelaziz Alzarooni (UAE)"
    assert meeting.status == "held"


def test_load_demo_four_sources_in_the_seed_order(demo):
    document = Document.objects.get(
        meeting__number=21, title__startswith="Advancing digital literacy"
    )

    names = [link.source.name for link in document.document_sources.all()]

    assert names == ["Armenia", "Belarus", "Russian Federation", "Tajikistan"]


def test_load_demo_presentations_not_given_as_the_seed_says(demo):
    def status_of(order):
        return Presentation.objects.get(meeting__number=21, order=order)

    croatia, north_macedonia, meta, greece = (
        status_of(4),
        status_of(7),
        status_of(18),
        status_of(23),
    )

    assert (croatia.status, croatia.presenters.get().name) == ("absent", "Croatia")
    assert (north_macedonia.status, north_macedonia.presenters.get().name) == (
        "absent",
        "North Macedonia",
    )
    assert (meta.status, meta.document) == ("not_held", None)
    assert (greece.status, greece.document, greece.presenters.get().name) == (
        "oral",
        None,
        "Greece",
    )
    assert (
        croatia.summary
        == "The information document by Croatia was not presented as no represented was present."
    )


def test_load_demo_outcomes_with_who_must_act(demo):
    outcomes = Outcome.objects.filter(meeting__number=21).order_by("order")

    responsible = [
        sorted(source.slug for source in outcome.responsible.all()) for outcome in outcomes
    ]

    assert responsible == [["itu-bdt"], [], ["pakistan"], ["itu-bdt"]]
    assert [outcome.kind for outcome in outcomes] == [
        "action",
        "agreement",
        "invitation",
        "decision",
    ]
    assert outcomes[2].text.startswith(
        "The Chair invites Pakistan to share the translation of the COP Guidelines in Urdu"
    )
    assert outcomes[0].due_meeting.number == 22


def test_load_demo_report_paragraphs_no_record_holds(demo):
    paragraphs = ReportParagraph.objects.filter(meeting__number=21)

    per_section = Counter(paragraphs.values_list("section", flat=True))

    assert dict(per_section) == {"opening": 2, "agenda": 1, "discussion": 4}
    assert paragraphs.get(section="agenda").text == "The Agenda was adopted as drafted."


def test_load_demo_every_published_document_has_a_readable_pdf(demo):
    # The meeting's report is published as the Word file the secretariat issues.
    published = Document.objects.listed().exclude(kind="report")

    pdfs = DocumentFile.objects.filter(document__in=published, content_type="application/pdf")
    docx = DocumentFile.objects.filter(document__in=published, original_name__endswith=".docx")

    assert set(pdfs.values_list("document", flat=True)) == set(
        published.values_list("pk", flat=True)
    )
    assert docx.count() == 7
    first = pdfs.order_by("document__number").first()
    with first.file.open("rb") as stored:
        text = PdfReader(io.BytesIO(stored.read())).pages[0].extract_text()
    assert first.document.number in text


def test_load_demo_meeting_22_open_with_documents_in_the_workflow(demo):
    meeting = Meeting.objects.get(number=22)

    statuses = Counter(Document.objects.filter(meeting=meeting).values_list("status", flat=True))

    assert meeting.status == "open"
    assert dict(statuses) == {"draft": 1, "submitted": 1, "returned": 1}
    assert set(Document.objects.filter(meeting=meeting).values_list("number", flat=True)) == {""}


def test_load_demo_accounts_sign_in_with_the_printed_password(demo):
    request = RequestFactory().post("/admin/login/")
    delegate = authenticate(request, username="delegate-italy", password=demo.password)

    assert demo.password == "cwgcop-demo"
    assert delegate is not None
    assert list(delegate.represented_sources.values_list("slug", flat=True)) == ["italy"]
    assert [username for username, _role in demo.accounts] == [
        "secretariat",
        "chair",
        "delegate-italy",
        "delegate-israel",
    ]


def _snapshot() -> dict:
    rows = {}
    for app_label in ("contributions", "meetings", "auth"):
        for model in apps.get_app_config(app_label).get_models():
            rows[model._meta.label] = sorted(map(repr, model.objects.order_by("pk").values()))
    return rows


def test_load_demo_second_run_changes_nothing(demo):
    before = _snapshot()

    second = load_demo()

    assert second.changed_anything is False
    assert _snapshot() == before


def test_load_demo_command_refuses_without_debug(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="--force"):
        call_command("load_demo")

    assert Source.objects.count() == 0


def test_load_demo_command_with_force_loads(settings, capsys):
    settings.DEBUG = False

    call_command("load_demo", "--force")

    output = capsys.readouterr().out
    assert "cwgcop-demo" in output
    assert "delegate-israel" in output
    assert Document.objects.filter(meeting__number=21).count() == 22


def test_load_demo_summary_of_a_document_not_presented_is_left_empty(demo):
    croatia = Document.objects.get(meeting__number=21, sources__slug="croatia")
    italy = Document.objects.get(meeting__number=21, sources__slug="italy")

    assert croatia.summary == ""
    assert italy.summary.startswith(
        "The information document by Italy presented Italy's initiative"
    )
