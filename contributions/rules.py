"""Who may do what with documents: named predicates that views, the admin and tests ask.

Two kinds of question live here. Role predicates say who someone is (`is_secretariat`,
`is_delegate_of`). Action predicates say who may take an action on a document
(`can_accept`); in which status an action is possible is not repeated here: that is the
ACTIONS table in services/workflow.py, which names one of these predicates for each
action. Predicates that are not transitions (viewing, editing, downloading)
depend on the status and say so. Every predicate is tested as (user, document): rules
passes a one-argument predicate the user, so the document-only ones take both.

Who may read a document, a file or members-only text, and the roles that decide it, are
answered in visibility.py; they are named here too, for the predicates built on them.
"""

from __future__ import annotations

from typing import Any

import rules

from .models import Document

# The reading questions and their roles, named here too for those who ask rules.
from .visibility import (  # noqa: F401 -- names kept for the callers of rules
    CHAIR_GROUP,
    SECRETARIAT_GROUP,
    audience,
    can_download_file,
    can_read_file_text,
    can_read_restricted,
    can_view_document,
    is_chair,
    is_delegate_of,
    is_member,
    is_public,
    is_restricted,
    is_secretariat,
    is_signed_in,
)

DELEGATE_GROUP = "Delegate"

# Kinds the secretariat writes itself: the meeting's report and agenda, its invitation
# letter and its list of participants.
SECRETARIAT_KINDS = frozenset(
    {
        Document.Kind.REPORT,
        Document.Kind.AGENDA,
        Document.Kind.INVITATION_LETTER,
        Document.Kind.PARTICIPANTS,
    }
)


@rules.predicate
def is_delegate(user: Any) -> bool:
    """A focal point of at least one source."""
    return is_signed_in(user) and user.represented_sources.exists()


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


def may_give_kind(user: Any, kind: str | None, meeting: Any = None) -> bool:
    """Whether someone may give a document of this meeting this kind: SECRETARIAT_KINDS
    are its group's secretariat's (of any group's, the meeting not chosen yet), every
    other kind anyone who may draft."""
    if kind is None:
        return False
    return kind not in SECRETARIAT_KINDS or is_secretariat.test(user, meeting)


@rules.predicate
def may_draft_kind(user: Any, kind: str | None) -> bool:
    """may_give_kind, the meeting not chosen yet (the kinds a form offers)."""
    return may_give_kind(user, kind)


@rules.predicate
def is_open(_user: Any, document: Document | None) -> bool:
    return document is not None and document.status not in Document.Status.CLOSED


# Reading: documents, files and members-only text are visibility.py's questions.
can_view_review_queue = is_secretariat | is_chair
can_read_internal_notes = is_secretariat | is_chair
# The history of every change of a document, with old and new values: its own delegates
# and the secretariat and chair; never another source's delegates, never the public.
can_read_changes = is_delegate_of | is_secretariat | is_chair


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
