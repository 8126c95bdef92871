"""Who may read what: each question answered once, as a queryset and a predicate side by side.

- May this user read this document (its page, its metadata)?
  `documents_readable_by` / `can_view_document`
- May this user read this file (its name, text and bytes)?
  `files_readable_by` / `can_download_file`
- May this user read a document's members-only text (its members-only files, their text,
  a search in it)? `members_text_readable_by` / `can_read_restricted`
- May this user read the whole text of a document (a report, whose page is its text)?
  `document_text_readable_by` / `can_read_document_text`
- May this user read a file's text and name, its document's status aside (for a search or
  a listing whose documents the caller chose)? `file_text_readable_by` / `can_read_file_text`
- What does an audience of the public pages see? `documents_seen_by` /
  `audience_sees_document`, `files_seen_by` / `audience_sees_file`

An audience (`audience(user)`) is whose eyes a public page serves: "public", "members", or
"user-<id>", a delegate who is not a member and reads only their own sources' material.

The roles that decide what someone reads (secretariat, chair, member, a document's
delegates) are defined here; rules.py names them for every other question. The querysets
and predicates are built from the same conditions, and
tests/contributions/test_visibility_agreement.py checks that they agree for every role,
status and access level.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import rules
from django.conf import settings
from django.db.models import Q, QuerySet

from .models import AccessLevel, Document, DocumentFile, DocumentSource, DocumentStatus
from .models.documents import RESTRICTED_FILE

if TYPE_CHECKING:
    from collections.abc import Iterable

# The groups of accounts that open the admin's pages to a role (contributions/roles.py);
# which working groups' records the role reaches is its GroupRole rows (workinggroups).
SECRETARIAT_GROUP = "Secretariat"
CHAIR_GROUP = "Chair"

PUBLIC_AUDIENCE = "public"
MEMBERS_AUDIENCE = "members"
_USER_AUDIENCE = "user-"


# Roles that decide reading


def is_signed_in(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def working_groups_of(user: Any, role: str) -> frozenset[int]:
    """The working groups in which this person has this role ("secretariat", "chair")."""
    if not is_signed_in(user):
        return frozenset()
    if not hasattr(user, "_working_group_roles"):
        roles: dict[str, set[int]] = {}
        for group_id, name in user.group_roles.values_list("working_group_id", "role"):
            roles.setdefault(name, set()).add(group_id)
        user._working_group_roles = {name: frozenset(ids) for name, ids in roles.items()}
    return user._working_group_roles.get(role, frozenset())


def group_of(target: Any) -> int | None:
    """The working group a record belongs to: a document's or file's meeting's, a
    meeting's own, or that of the meeting of an agenda item, presentation or outcome.
    None for what every group shares (a source, a kind, nothing)."""
    if target is None or isinstance(target, str):
        return None
    if isinstance(target, DocumentFile):
        target = target.document
    group_id = getattr(target, "group_id", None)
    if group_id is not None:
        return group_id
    if getattr(target, "meeting_id", None) is not None:
        return target.meeting.group_id
    return None


def _has_role(user: Any, role: str, target: Any) -> bool:
    groups = working_groups_of(user, role)
    if not groups:
        return False
    group_id = group_of(target)
    return group_id is None or group_id in groups


@rules.predicate
def is_secretariat(user: Any, target: Any = None) -> bool:
    """A member of the ITU secretariat of the target's working group (of any group when
    the target is shared or none); a superuser counts as one of every group."""
    if not is_signed_in(user):
        return False
    return user.is_superuser or _has_role(user, "secretariat", target)


@rules.predicate
def is_chair(user: Any, target: Any = None) -> bool:
    """The chair or a vice-chair of the target's working group (of any, as is_secretariat)."""
    return is_signed_in(user) and _has_role(user, "chair", target)


@rules.predicate
def is_delegate_of(user: Any, document: Document | None) -> bool:
    """A focal point of one of the document's sources."""
    if document is None or document.pk is None or not is_signed_in(user):
        return False
    return _is_delegate(user.pk, document)


@rules.predicate
def is_member(user: Any) -> bool:
    """A member of ITU for members-only material: the secretariat, the chair, and the
    delegates of a source whose kind counts as a member (settings.MEMBER_SOURCE_KINDS:
    Member States and their ministries, Sector Members, Academia)."""
    if not is_signed_in(user):
        return False
    if not hasattr(user, "_is_member"):
        user._is_member = (
            is_secretariat.test(user)
            or is_chair.test(user)
            or user.represented_sources.filter(kind__in=settings.MEMBER_SOURCE_KINDS).exists()
        )
    return user._is_member


@rules.predicate
def is_public(_user: Any, document: Document | None) -> bool:
    """Anyone may read it (Document.Status.PUBLIC): published, or superseded by a revision."""
    return document is not None and document.is_public


@rules.predicate
def is_restricted(_user: Any, document: Document | None) -> bool:
    """Its files and their text are for members only (Document.Access.MEMBERS)."""
    return document is not None and document.is_restricted


# The conditions the querysets share


def _documents_of_delegate(user_id: int) -> QuerySet[DocumentSource]:
    """The keys of the documents of the sources this person is a focal point of."""
    return DocumentSource.objects.filter(source__delegates=user_id).values("document_id")


def _is_delegate(user_id: int, document: Document) -> bool:
    return DocumentSource.objects.filter(document=document, source__delegates=user_id).exists()


def _officer_groups(user: Any) -> frozenset[int]:
    """The groups whose every document this person reads: as secretariat or chair."""
    return working_groups_of(user, "secretariat") | working_groups_of(user, "chair")


def _readable_documents(user: Any, path: str = "") -> Q | None:
    """Under which condition this user may read a document (`path` leads from the rows
    to it); None when they read every one (a superuser)."""
    if is_signed_in(user) and user.is_superuser:
        return None
    condition = Q(**{f"{path}status__in": DocumentStatus.PUBLIC})
    if is_signed_in(user):
        condition |= Q(**{f"{path}pk__in": _documents_of_delegate(user.pk)})
        groups = _officer_groups(user)
        if groups:
            condition |= Q(**{f"{path}meeting__group__in": sorted(groups)})
    return condition


def _readable_text(*, member: bool, user_id: int | None) -> Q | None:
    """Under which condition a file's text and name may be read, its document's status
    aside: every file for a member (None), else the files that are not for members, and
    every file of a document of one's own sources, which one wrote."""
    if member:
        return None
    condition = ~RESTRICTED_FILE
    if user_id is not None:
        condition |= Q(document__pk__in=_documents_of_delegate(user_id))
    return condition


def _filtered(rows: QuerySet, condition: Q | None) -> QuerySet:
    return rows if condition is None else rows.filter(condition)


def _documents(documents: QuerySet[Document] | None) -> QuerySet[Document]:
    return Document.objects.all() if documents is None else documents


def _files(files: QuerySet[DocumentFile] | None) -> QuerySet[DocumentFile]:
    return DocumentFile.objects.all() if files is None else files


def _signed_in_id(user: Any) -> int | None:
    return user.pk if is_signed_in(user) else None


# May this user read this document: its page and its metadata.


def documents_readable_by(
    user: Any, documents: QuerySet[Document] | None = None
) -> QuerySet[Document]:
    """Of these documents (all by default), those this user may read: the public ones,
    those of their own sources, and every one for the secretariat and the chair."""
    return _filtered(_documents(documents), _readable_documents(user))


can_view_document = is_public | is_delegate_of | is_secretariat | is_chair


# May this user read the members-only text of a document: its members' files, their text,
# the search over it. Whether the document itself may be read is the caller's filter.


def members_text_readable_by(
    user: Any, documents: QuerySet[Document] | None = None
) -> QuerySet[Document]:
    """Of these documents, those whose members-only files and text this user may read:
    every one for a member, the documents of their own sources for any other delegate."""
    documents = _documents(documents)
    if is_member.test(user):
        return documents
    if not is_signed_in(user):
        return documents.none()
    return documents.filter(pk__in=_documents_of_delegate(user.pk))


can_read_restricted = is_member | is_delegate_of


def document_text_readable_by(
    user: Any, documents: QuerySet[Document] | None = None
) -> QuerySet[Document]:
    """Of these documents, those whose whole text this user may read: every one that is
    not for members only, and the members-only ones of members_text_readable_by."""
    documents = _documents(documents)
    open_to_user = members_text_readable_by(user, Document.objects.restricted())
    return documents.filter(~Q(access=AccessLevel.MEMBERS) | Q(pk__in=open_to_user.values("pk")))


can_read_document_text = ~is_restricted | can_read_restricted


# May this user read a file's text and name, whatever its document's status: for a search
# or a listing whose documents the caller chose.


def file_text_readable_by(
    user: Any, files: QuerySet[DocumentFile] | None = None
) -> QuerySet[DocumentFile]:
    """Of these files, those whose access level lets this user read them (name, text,
    bytes): all for a member, members' files of their own documents for another delegate."""
    condition = _readable_text(member=is_member.test(user), user_id=_signed_in_id(user))
    return _filtered(_files(files), condition)


@rules.predicate
def can_read_file_text(user: Any, document_file: DocumentFile | None) -> bool:
    """The file is not for members only, or this user may read its document's members'
    text (can_read_restricted)."""
    if document_file is None:
        return False
    return not document_file.is_restricted or can_read_restricted.test(user, document_file.document)


# May this user read this file: its name, its text, its bytes.


def files_readable_by(
    user: Any, files: QuerySet[DocumentFile] | None = None
) -> QuerySet[DocumentFile]:
    """Of these files, those this user may download: the files of the documents they may
    read, members' files only to members and to the document's own delegates."""
    files = _filtered(_files(files), _readable_documents(user, "document__"))
    return file_text_readable_by(user, files)


@rules.predicate
def can_download_file(user: Any, document_file: DocumentFile | None) -> bool:
    """A published document's files to anyone, members-only ones to those who may read
    members' material; the files of an unpublished document as the document itself."""
    if document_file is None:
        return False
    return can_view_document.test(user, document_file.document) and can_read_file_text.test(
        user, document_file
    )


# What an audience of the public pages sees.


def audience(user: Any) -> str:
    """Whose eyes a public page serves, as far as members-only material goes: everyone
    ("public"), members, who read all of it ("members"), or one person, a delegate who is
    not a member and reads only their own sources' ("user-<id>"). A page's kept fragments
    are kept per audience (cwgcop.kept: fragments, values and exports)."""
    if not is_signed_in(user):
        return PUBLIC_AUDIENCE
    if is_member.test(user):
        return MEMBERS_AUDIENCE
    return f"{_USER_AUDIENCE}{user.pk}"


def _audience_user_id(audience: str) -> int | None:
    """The person an audience is, when it is one person; refuses what is no audience."""
    if audience in (PUBLIC_AUDIENCE, MEMBERS_AUDIENCE):
        return None
    if audience.startswith(_USER_AUDIENCE) and audience[len(_USER_AUDIENCE) :].isdigit():
        return int(audience[len(_USER_AUDIENCE) :])
    raise ValueError(f"No such audience: {audience!r}")


def documents_seen_by(
    audience: str, documents: QuerySet[Document] | None = None
) -> QuerySet[Document]:
    """The documents the public pages show this audience: the public ones, for everyone
    (a delegate's own unpublished documents are on their desk, not on the public pages)."""
    _audience_user_id(audience)
    return _documents(documents).public()


def audience_sees_document(audience: str, document: Document) -> bool:
    """Whether the public pages show this document to this audience: when it is public."""
    _audience_user_id(audience)
    return document.is_public


def files_seen_by(
    audience: str, files: QuerySet[DocumentFile] | None = None
) -> QuerySet[DocumentFile]:
    """The files of public documents the public pages name and link for this audience:
    all of them for the members, those that are not for members for the public, and also
    those of their own sources' documents for a delegate who is not a member."""
    user_id = _audience_user_id(audience)
    files = _files(files).filter(document__status__in=DocumentStatus.PUBLIC)
    condition = _readable_text(member=audience == MEMBERS_AUDIENCE, user_id=user_id)
    return _filtered(files, condition)


def audience_sees_file(audience: str, document_file: DocumentFile) -> bool:
    """Whether the public pages name and link this file for this audience."""
    user_id = _audience_user_id(audience)
    if not document_file.document.is_public:
        return False
    if audience == MEMBERS_AUDIENCE or not document_file.is_restricted:
        return True
    return user_id is not None and _is_delegate(user_id, document_file.document)


def files_of_public_pages(files: Iterable[DocumentFile], audience: str) -> list[DocumentFile]:
    """Of these files (prefetched), those the public pages name for this audience."""
    return [document_file for document_file in files if audience_sees_file(audience, document_file)]
