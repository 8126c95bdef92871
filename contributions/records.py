"""Writes of a document's record as the archive holds it: the secretariat's own fields.

The number as printed, the date on the document, the languages it was issued in, the
addressee of a liaison statement, the other meetings it belongs to, the documents it
cites, and the addenda and corrigenda the secretariat issues. The workflow (services.py)
is unchanged by these: a number given here is kept on acceptance.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cwgcop.change_log import record_created, records_changes
from meetings.models import Meeting

from . import rules
from .models import (
    Document,
    DocumentEvent,
    DocumentRelation,
    DocumentSource,
    Language,
    Source,
)
from .numbers import SUPPLEMENT_LABELS, supplement_number

User = Any

# Fields of a document that only the secretariat writes (with update_document).
RECORD_FIELDS = frozenset(
    {
        "number",
        "numbered_by",
        "document_date",
        "from_archive",
        "draft_mark",
        "english_only_label",
        "languages",
        "addressee",
        "purpose",
    }
)

# The relations the secretariat records by hand; revisions, addenda and corrigenda are
# made by their services.
HAND_RELATIONS = (
    DocumentRelation.Kind.CITES,
    DocumentRelation.Kind.ANSWERS,
    DocumentRelation.Kind.SUPERSEDES,
    DocumentRelation.Kind.REVISES,
)


def languages_value(codes: Iterable[str]) -> str:
    """The `languages` field for these codes: known codes, in the ITU's order, once each."""
    chosen = set(codes)
    unknown = chosen - set(Language.values)
    if unknown:
        raise ValidationError(
            _("Unknown language: %(codes)s. Use ar, zh, en, fr, ru or es."),
            code="language",
            params={"codes": ", ".join(sorted(unknown))},
        )
    return " ".join(code for code in Language.values if code in chosen)


SUPPLEMENT_REASONS = {
    "addendum": _("Addendum to %(number)s."),
    "corrigendum": _("Corrigendum to %(number)s."),
}


def _require_secretariat(by: User, document: Document) -> None:
    """The secretariat of the document's own group: not another group's."""
    if not rules.is_secretariat.test(by, document):
        raise PermissionDenied


@records_changes
@transaction.atomic
def set_other_meetings(*, document: Document, meetings: Iterable[Meeting], by: User) -> Document:
    """The meetings a document also belongs to, besides the one it is numbered for."""
    _require_secretariat(by, document)
    meetings = [meeting for meeting in meetings if meeting.pk != document.meeting_id]
    document.other_meetings.set(meetings)
    return document


def relation_problem(*, document: Document, target: Document, kind: str) -> str | None:
    """Why this relation cannot be recorded, in words, or None."""
    if target.pk == document.pk:
        return str(_("A document cannot be related to itself."))
    if DocumentRelation.objects.filter(document=document, target=target, kind=kind).exists():
        return str(_("This relation is already recorded."))
    return None


@records_changes
@transaction.atomic
def relate_documents(
    *, document: Document, target: Document, kind: str, by: User
) -> DocumentRelation:
    """Record that a document cites, answers, supersedes or revises another."""
    _require_secretariat(by, document)
    problem = relation_problem(document=document, target=target, kind=kind)
    if problem:
        raise ValidationError(problem, code="relation")
    return DocumentRelation.objects.create(document=document, target=target, kind=kind)


@records_changes
@transaction.atomic
def remove_relation(*, relation: DocumentRelation, by: User) -> None:
    _require_secretariat(by, relation.document)
    relation.delete()


@records_changes
@transaction.atomic
def issue_supplement(*, document: Document, kind: str, by: User) -> Document:
    """A new draft that is an addendum or a corrigendum to a numbered document.

    It is numbered at once as ITU writes it (`CWG-COP-22/INF/3(Add.1)`, `(Corr.1)`), the
    next of its kind for that document; acceptance keeps that number. Same meeting, kind,
    sources and agenda item as the document.
    """
    _require_secretariat(by, document)
    if kind not in SUPPLEMENT_LABELS:
        raise ValidationError(_("Choose an addendum or a corrigendum."), code="kind")
    if not document.number:
        raise ValidationError(
            _("Only a numbered document can have an addendum or a corrigendum."), code="number"
        )
    # Locked so that two people issuing at once get Add.1 and Add.2.
    Document.objects.select_for_update().filter(pk=document.pk).first()
    earlier = DocumentRelation.objects.filter(target=document, kind=kind).count()
    supplement = Document.objects.create(
        meeting=document.meeting,
        kind=document.kind,
        number=supplement_number(document.number, kind=kind, position=earlier + 1),
        title=document.title,
        agenda_item=document.agenda_item,
        original_language=document.original_language,
        status=Document.Status.DRAFT,
        created_by=by,
    )
    # bulk_create sends no signal: its rows are recorded in the history explicitly (the
    # public pages are told by the queryset, cwgcop.public_rows).
    links = DocumentSource.objects.bulk_create(
        DocumentSource(document=supplement, source_id=link.source_id, order=link.order)
        for link in document.document_sources.select_related("source")
    )
    record_created(links)
    DocumentRelation.objects.create(document=supplement, target=document, kind=kind)
    DocumentEvent.objects.create(
        document=supplement,
        actor=by,
        at=timezone.now(),
        from_status="",
        to_status=Document.Status.DRAFT,
        reason=str(SUPPLEMENT_REASONS[kind] % {"number": document.number}),
    )
    return supplement


def source_problems(*, kind: str, country: str, parent: Source | None) -> dict[str, str]:
    """What is wrong with a source's kind, country and parent, by field, in words.

    The database holds the same rules as constraints (a ministry has a country and a
    parent); these say them before it does, and add the rule it cannot hold: the parent of
    a ministry or agency is the Member State of its country.
    """
    problems: dict[str, str] = {}
    if kind == Source.Kind.STATE_UNIT:
        if parent is None or parent.kind != Source.Kind.MEMBER_STATE:
            problems["parent"] = str(
                _("Choose the Member State this ministry or agency belongs to.")
            )
        elif country and str(country) != str(parent.country):
            problems["country"] = str(
                _("A ministry or agency has the country of its Member State (%(country)s).")
                % {"country": parent.country.name}
            )
    if kind == Source.Kind.MEMBER_STATE and not country:
        problems["country"] = str(_("A Member State needs its country."))
    return problems
