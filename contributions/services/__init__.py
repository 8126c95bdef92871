"""Every write to documents: drafting, files, the submission workflow, numbering, notes.

The modules hold one concern each; the names callers use are re-exported here, so that
`from contributions import services` and `services.submit_document(...)` read the same
wherever the function lives.
"""

from .delegates import set_source_delegates
from .drafting import create_draft, create_revision, delete_draft, update_document
from .files import (
    STORED_FILES_FOLDER,
    add_file,
    add_or_replace_file,
    extract_file_text,
    remove_file,
    remove_orphan_files,
    replace_file,
    set_file_access,
)
from .history import record_change
from .invitations import invite_delegate, password_link, send_invitation
from .mail import (
    DELEGATES,
    SECRETARIAT,
    Tell,
    delegate_addresses,
    secretariat_addresses,
    send_notification,
)
from .notes import add_internal_note
from .numbering import REVISION_SUFFIX, SERIES, revised_document, series_number
from .rights import (
    DELEGATE_FIELDS,
    NUMBERED_FIXED,
    SECRETARIAT_FIELDS,
    check_agenda_item,
    check_meeting,
    check_sources,
    editable_fields,
    fields_of_role,
    meetings_open_to,
)
from .titles import set_document_titles
from .workflow import (
    ACTIONS,
    BUTTON_ORDER,
    Action,
    Reason,
    TransitionNotAllowed,
    accept_document,
    available_actions,
    is_late,
    may_take_action,
    publish_document,
    publish_documents,
    record_past_actions,
    reject_document,
    return_document,
    submission_blockers,
    submit_document,
    supersede_document,
    take_action,
    transition,
    unpublish_document,
    withdraw_document,
)

__all__ = [
    "ACTIONS",
    "BUTTON_ORDER",
    "DELEGATES",
    "DELEGATE_FIELDS",
    "NUMBERED_FIXED",
    "REVISION_SUFFIX",
    "SECRETARIAT",
    "SECRETARIAT_FIELDS",
    "SERIES",
    "STORED_FILES_FOLDER",
    "Action",
    "Reason",
    "Tell",
    "TransitionNotAllowed",
    "accept_document",
    "add_file",
    "add_internal_note",
    "add_or_replace_file",
    "available_actions",
    "check_agenda_item",
    "check_meeting",
    "check_sources",
    "create_draft",
    "create_revision",
    "delegate_addresses",
    "delete_draft",
    "editable_fields",
    "extract_file_text",
    "fields_of_role",
    "invite_delegate",
    "is_late",
    "may_take_action",
    "meetings_open_to",
    "password_link",
    "publish_document",
    "publish_documents",
    "record_change",
    "record_past_actions",
    "reject_document",
    "remove_file",
    "remove_orphan_files",
    "replace_file",
    "return_document",
    "revised_document",
    "secretariat_addresses",
    "send_invitation",
    "send_notification",
    "series_number",
    "set_document_titles",
    "set_file_access",
    "set_source_delegates",
    "submission_blockers",
    "submit_document",
    "supersede_document",
    "take_action",
    "transition",
    "unpublish_document",
    "update_document",
    "withdraw_document",
]
