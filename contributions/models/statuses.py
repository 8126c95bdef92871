"""A document's statuses, the groups that answer the questions asked of them, and the facts
each status carries to the pages that show it (the desk, the API, the admin's labels).

Adding a status means adding it here, to the enum and to STATUS_FACTS; the tests refuse a
status without its facts."""

from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class DocumentStatus(models.TextChoices):
    """Where a document is in the workflow; the groups below answer the questions asked of it."""

    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned")
    ACCEPTED = "accepted", _("Accepted")
    PUBLISHED = "published", _("Published")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    SUPERSEDED = "superseded", _("Superseded")

    @property
    def facts(self) -> "StatusFacts":
        return STATUS_FACTS[self]


# The status groups: a question such as "may anyone read it" asks a group, not statuses.
# Anyone may read a public document (its page, its files); superseded ones stay public.
DocumentStatus.PUBLIC = frozenset({DocumentStatus.PUBLISHED, DocumentStatus.SUPERSEDED})
# Listed, counted and linked on the public pages: the current version only.
DocumentStatus.LISTED = frozenset({DocumentStatus.PUBLISHED})
# On its way to publication: a revision of a document in these blocks another one.
DocumentStatus.IN_WORKFLOW = frozenset(
    {
        DocumentStatus.DRAFT,
        DocumentStatus.RETURNED,
        DocumentStatus.SUBMITTED,
        DocumentStatus.ACCEPTED,
    }
)
# A delegate may still change the document and its files.
DocumentStatus.DELEGATE_EDITABLE = frozenset({DocumentStatus.DRAFT, DocumentStatus.RETURNED})
# Nobody changes the document any more.
DocumentStatus.CLOSED = frozenset(
    {DocumentStatus.REJECTED, DocumentStatus.WITHDRAWN, DocumentStatus.SUPERSEDED}
)


@dataclass(frozen=True)
class DeskGroup:
    """A group of the delegate's desk: its name (the section's id) and its heading."""

    name: str
    heading: Promise


# In the order the desk shows them: what to do first comes first.
RETURNED_TO_YOU = DeskGroup("returned", _("Returned to you: correct them and submit again"))
NOT_SUBMITTED = DeskGroup("draft", _("Drafts not submitted yet"))
IN_REVIEW = DeskGroup("submitted", _("With the secretariat for review"))
TO_PUBLISH = DeskGroup("accepted", _("Accepted, to be published"))
PUBLISHED = DeskGroup("published", _("Published"))
DONE = DeskGroup("closed", _("Rejected, withdrawn or superseded"))
DESK_GROUPS = (RETURNED_TO_YOU, NOT_SUBMITTED, IN_REVIEW, TO_PUBLISH, PUBLISHED, DONE)


@dataclass(frozen=True)
class StatusFacts:
    """What the pages say of a document in one status.

    - `desk`: the group of the delegate's desk it is shown in.
    - `api_event`: the event the API's publication history names when a document enters
      it; None outside the public statuses, where entering from a public one is
      "unpublished" (UNPUBLISHED_EVENT).
    - `badge`: the CSS class of its label in the admin (static/css/admin.css).
    """

    desk: DeskGroup
    api_event: str | None
    badge: str


UNPUBLISHED_EVENT = "unpublished"

STATUS_FACTS = {
    DocumentStatus.DRAFT: StatusFacts(NOT_SUBMITTED, None, "workflow-status-idle"),
    DocumentStatus.SUBMITTED: StatusFacts(IN_REVIEW, None, "workflow-status-waiting"),
    DocumentStatus.RETURNED: StatusFacts(RETURNED_TO_YOU, None, "workflow-status-returned"),
    DocumentStatus.ACCEPTED: StatusFacts(TO_PUBLISH, None, "workflow-status-ready"),
    DocumentStatus.PUBLISHED: StatusFacts(PUBLISHED, "published", "workflow-status-published"),
    DocumentStatus.REJECTED: StatusFacts(DONE, None, "workflow-status-refused"),
    DocumentStatus.WITHDRAWN: StatusFacts(DONE, None, "workflow-status-idle"),
    DocumentStatus.SUPERSEDED: StatusFacts(DONE, "superseded", "workflow-status-idle"),
}


# Every event the API's publication history names, in the order of the statuses.
API_EVENTS = tuple(
    dict.fromkeys(
        [
            *(facts.api_event for facts in STATUS_FACTS.values() if facts.api_event),
            UNPUBLISHED_EVENT,
        ]
    )
)


def desk_statuses(group: DeskGroup) -> tuple[DocumentStatus, ...]:
    """The statuses a desk group shows, in the enum's order."""
    return tuple(status for status in DocumentStatus if STATUS_FACTS[status].desk == group)
