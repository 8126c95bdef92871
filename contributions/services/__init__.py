"""Every write to documents: drafting, files, the submission workflow, numbering, notes.

The modules hold one concern each; the names callers use are re-exported here, so that
`from contributions import services` and `services.submit_document(...)` read the same
wherever the function lives.
"""

from .delegates import set_source_delegates
from .drafting import (
    DELEGATE_FIELDS,
    NUMBERED_FIXED,
    SECRETARIAT_FIELDS,
    create_draft,
    create_revision,
    update_document,
)
from .files import (
    STORED_FILES_FOLDER,
    add_file,
    extract_file_text,
    remove_file,
    remove_orphan_files,
)
from .mail import (
    DELEGATES,
    NOTIFICATIONS,
    SECRETARIAT,
    UNPUBLISHED_NOTIFICATION,
    delegate_addresses,
    notification_for,
    secretariat_addresses,
    send_notification,
)
from .notes import add_internal_note
from .numbering import REVISION_SUFFIX, SERIES, revised_document, series_number
from .workflow import (
    ACTION_TARGETS,
    REASON_REQUIRED,
    TRANSITIONS,
    TransitionNotAllowed,
    accept_document,
    action_name,
    allowed_transitions,
    available_actions,
    may_take_action,
    publish_document,
    publish_documents,
    reject_document,
    return_document,
    submit_document,
    transition,
    unpublish_document,
    withdraw_document,
)

__all__ = [
    "ACTION_TARGETS",
    "DELEGATES",
    "DELEGATE_FIELDS",
    "NOTIFICATIONS",
    "NUMBERED_FIXED",
    "REASON_REQUIRED",
    "REVISION_SUFFIX",
    "SECRETARIAT",
    "SECRETARIAT_FIELDS",
    "SERIES",
    "STORED_FILES_FOLDER",
    "TRANSITIONS",
    "UNPUBLISHED_NOTIFICATION",
    "TransitionNotAllowed",
    "accept_document",
    "action_name",
    "add_file",
    "add_internal_note",
    "allowed_transitions",
    "available_actions",
    "create_draft",
    "create_revision",
    "delegate_addresses",
    "extract_file_text",
    "may_take_action",
    "notification_for",
    "publish_document",
    "publish_documents",
    "reject_document",
    "remove_file",
    "remove_orphan_files",
    "return_document",
    "revised_document",
    "secretariat_addresses",
    "send_notification",
    "series_number",
    "set_source_delegates",
    "submit_document",
    "transition",
    "unpublish_document",
    "update_document",
    "withdraw_document",
]
