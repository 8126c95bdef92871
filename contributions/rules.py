"""Who may do what with documents: named predicates that views, the admin and tests ask.

Two kinds of question live here. Role predicates say who someone is (`is_secretariat`,
`is_delegate_of`). Action predicates say who may take an action on a document
(`can_accept`); in which status an action is possible is not repeated here: that is the
ACTIONS table in services/workflow.py, which names one of these predicates for each
action. Predicates that are not transitions (viewing, editing, downloading)
depend on the status and say so. Every predicate is tested as (user, document): rules
passes a one-argument predicate the user, so the document-only ones take both.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import rules
from django.conf import settings

from .models import Document, DocumentSource

if TYPE_CHECKING:
    from .models import DocumentFile, Source

SECRETARIAT_GROUP = "Secretariat"
CHAIR_GROUP = "Chair"
DELEGATE_GROUP = "Delegate"

# Kinds the secretariat writes itself: the meeting's report and agenda.
SECRETARIAT_KINDS = frozenset({Document.Kind.REPORT, Document.Kind.AGENDA})


def _is_signed_in(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def _group_names(user: Any) -> frozenset[str]:
    # Asked many times per admin page; the groups of one user do not change within a request.
    if not hasattr(user, "_role_group_names"):
        user._role_group_names = frozenset(user.groups.values_list("name", flat=True))
    return user._role_group_names


@rules.predicate
def is_secretariat(user: Any) -> bool:
    """A member of the ITU secretariat; a superuser counts as one."""
    if not _is_signed_in(user):
        return False
    return user.is_superuser or SECRETARIAT_GROUP in _group_names(user)


@rules.predicate
def is_chair(user: Any) -> bool:
    """The chair or a vice-chair of the working group."""
    return _is_signed_in(user) and CHAIR_GROUP in _group_names(user)


@rules.predicate
def is_delegate(user: Any) -> bool:
    """A focal point of at least one source."""
    return _is_signed_in(user) and user.represented_sources.exists()


@rules.predicate
def is_delegate_of(user: Any, document: Document | None) -> bool:
    """A focal point of one of the document's sources."""
    if document is None or document.pk is None or not _is_signed_in(user):
        return False
    return DocumentSource.objects.filter(document=document, source__delegates=user).exists()


@rules.predicate
def is_delegate_of_source(user: Any, source: Source | None) -> bool:
    if source is None or not _is_signed_in(user):
        return False
    return source.delegates.filter(pk=user.pk).exists()


@rules.predicate
def is_member(user: Any) -> bool:
    """A member of ITU for members-only material: the secretariat, the chair, and the
    delegates of a source whose kind counts as a member (settings.MEMBER_SOURCE_KINDS:
    Member States and their ministries, Sector Members, Academia)."""
    if not _is_signed_in(user):
        return False
    if not hasattr(user, "_is_member"):
        user._is_member = (
            is_secretariat.test(user)
            or is_chair.test(user)
            or user.represented_sources.filter(kind__in=settings.MEMBER_SOURCE_KINDS).exists()
        )
    return user._is_member


@rules.predicate
def is_restricted(_user: Any, document: Document | None) -> bool:
    """Its files and their text are for members only (Document.Access.MEMBERS)."""
    return document is not None and document.is_restricted


@rules.predicate
def is_public(_user: Any, document: Document | None) -> bool:
    """Anyone may read it (Document.Status.PUBLIC): published, or superseded by a revision."""
    return document is not None and document.is_public


@rules.predicate
def is_listed(_user: Any, document: Document | None) -> bool:
    """The current, published version (Document.Status.LISTED)."""
    return document is not None and document.is_listed


@rules.predicate
def is_editable_by_delegate(_user: Any, document: Document | None) -> bool:
    return document is not None and document.status in Document.Status.DELEGATE_EDITABLE


@rules.predicate
def is_draft(_user: Any, document: Document | None) -> bool:
    """A draft never submitted: a document leaves the draft status for good once submitted."""
    return document is not None and document.status == Document.Status.DRAFT


@rules.predicate
def may_draft_kind(user: Any, kind: str | None) -> bool:
    """Whether someone may give a document this kind: reports and agendas are the
    secretariat's, every other kind anyone who may draft."""
    if kind is None:
        return False
    return kind not in SECRETARIAT_KINDS or is_secretariat.test(user)


@rules.predicate
def is_open(_user: Any, document: Document | None) -> bool:
    return document is not None and document.status not in Document.Status.CLOSED


# Reading
can_view_document = is_public | is_delegate_of | is_secretariat | is_chair
can_view_review_queue = is_secretariat | is_chair
can_read_internal_notes = is_secretariat | is_chair
# The history of every change of a document, with old and new values: its own delegates
# and the secretariat and chair; never another source's delegates, never the public.
can_read_changes = is_delegate_of | is_secretariat | is_chair


# Members-only files and text: to members, and to the document's own delegates, who wrote
# them. DocumentFile.objects.readable_by and Document.objects.restricted_open_to are the
# same rule as querysets.
can_read_restricted = is_member | is_delegate_of


def audience(user: Any) -> str:
    """Whose eyes a public page serves, as far as members-only material goes: everyone
    ("public"), members, who read all of it ("members"), or one person, a delegate who is
    not a member and reads only their own sources' ("user-<id>"). A page's kept fragments
    are kept per audience (cwgcop.page_cache.fragment_version)."""
    if not _is_signed_in(user):
        return "public"
    if is_member.test(user):
        return "members"
    return f"user-{user.pk}"


@rules.predicate
def can_download_file(user: Any, document_file: DocumentFile | None) -> bool:
    """A published document's files to anyone, members-only ones to those who may read
    members' material; the files of an unpublished document as the document itself.
    DocumentFile.objects.open_to is the same rule as a queryset."""
    if document_file is None:
        return False
    document = document_file.document
    if not can_view_document.test(user, document):
        return False
    return not document_file.is_restricted or can_read_restricted.test(user, document)


# Writing outside the workflow
can_edit_document = (is_delegate_of & is_editable_by_delegate) | (is_secretariat & is_open)
# Topics and the agenda item are the secretariat's classification of a document.
can_classify_document = is_secretariat & is_open
# ITU issues language versions after publication: their titles may be given until the
# document is closed.
can_edit_titles = (is_secretariat | is_delegate_of) & is_open
can_add_internal_note = is_secretariat
# Who may read the files (public or members only) is the secretariat's decision.
can_set_access = is_secretariat & is_open
# A draft never submitted leaves no trace worth keeping: its delegates may delete it.
can_delete_draft = (is_secretariat | is_delegate_of) & is_draft
# Only the latest, published revision is revised; superseded ones stay as they are.
can_revise = (is_secretariat | is_delegate_of) & is_listed

# Workflow actions: who may take them. The statuses they need are in services.ACTIONS.
# The secretariat is asked first: its groups are read once a request, whereas
# is_delegate_of asks the database each time (a document's admin page asks dozens of times).
can_submit = is_secretariat | is_delegate_of
can_withdraw = is_secretariat | is_delegate_of
can_accept = is_secretariat
can_return = is_secretariat
can_reject = is_secretariat
can_publish = is_secretariat
can_unpublish = is_secretariat
