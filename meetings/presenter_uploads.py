"""Slides from presenters who have no account: the secretariat mails a one-time link to a
presentation's upload page; the slides sent through it become a submitted document of the
meeting, reviewed and published as any other.

The link is signed (django.core.signing, a salt of its own): it names the presentation,
the address it was sent to and the secretariat member who sent it, and it works until the
last day of the meeting. Nothing is stored when a link is sent; whether the slides were
received is read from the presentation's document.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import IO, Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from contributions import rules, services
from contributions.models import Document, Source
from cwgcop.languages import one_line

from .models import Presentation

SALT = "meetings.presenter-upload"
# The source of slides whose presentation names no presenter: the secretariat invited them.
INVITED_PRESENTERS_SLUG = "invited-presenters"
User = Any  # the configured user model


class LinkInvalid(Exception):
    """The token was altered, or names a presentation that is no longer there."""


class LinkExpired(Exception):
    """The meeting the link was for has ended."""


@dataclass(frozen=True)
class UploadLink:
    presentation: Presentation
    email: str
    name: str
    sender: Any
    until: datetime.date


def link_until(presentation: Presentation) -> datetime.date:
    """The last day a link works: the meeting's last day."""
    return presentation.meeting.end_date


def make_upload_token(*, presentation: Presentation, email: str, name: str, by: User) -> str:
    return signing.dumps(
        {
            "p": presentation.pk,
            "e": email,
            "n": name,
            "b": by.pk,
            "u": link_until(presentation).isoformat(),
        },
        salt=SALT,
        compress=True,
    )


def read_upload_token(token: str) -> UploadLink:
    """The link a token stands for; LinkInvalid when altered, LinkExpired after its day."""
    try:
        data = signing.loads(token, salt=SALT)
        until = datetime.date.fromisoformat(data["u"])
        presentation_id, sender_id = int(data["p"]), int(data["b"])
        email, name = str(data["e"]), str(data["n"])
    except (signing.BadSignature, KeyError, TypeError, ValueError) as error:
        raise LinkInvalid from error
    if timezone.localdate() > until:
        raise LinkExpired
    presentation = (
        Presentation.objects.select_related("meeting", "document", "agenda_item")
        .filter(pk=presentation_id)
        .first()
    )
    sender = get_user_model()._default_manager.filter(pk=sender_id, is_active=True).first()
    if presentation is None or sender is None:
        raise LinkInvalid
    return UploadLink(presentation, email, name, sender, until)


def slides_received(presentation: Presentation) -> bool:
    """The presentation's document is in the secretariat's hands (or beyond): a link
    accepts slides only while there is none, or it is a draft or was returned."""
    document = presentation.document
    return document is not None and document.status not in {
        Document.Status.DRAFT,
        Document.Status.RETURNED,
    }


def send_upload_link(
    *, presentation: Presentation, email: str, name: str, language: str, by: User
) -> None:
    """Queue the mail that carries the link, after commit. Refuses a presentation that
    already has its slides, one without a document (oral) and a meeting that has ended.
    Sent by the secretariat of the meeting's group only."""
    if not rules.is_secretariat.test(by, presentation):
        raise PermissionDenied
    if presentation.status == Presentation.Status.ORAL:
        raise ValidationError(_("An oral presentation has no document: no slides to ask for."))
    if slides_received(presentation):
        raise ValidationError(_("This presentation already has its document."))
    if timezone.localdate() > link_until(presentation):
        raise ValidationError(_("The meeting has ended: the link would not work."))
    arguments = (presentation.pk, email, name, language, by.pk)
    transaction.on_commit(lambda: send_upload_link_mail.enqueue(*arguments), robust=True)


@task()
def send_upload_link_mail(
    presentation_id: int, email: str, name: str, language: str, sender_id: int
) -> int:
    """Mail the presenter the link to the presentation's upload page, in `language`."""
    presentation = Presentation.objects.select_related("meeting", "document").get(
        pk=presentation_id
    )
    sender = get_user_model()._default_manager.get(pk=sender_id)
    token = make_upload_token(presentation=presentation, email=email, name=name, by=sender)
    with translation.override(language):
        context = {
            "presentation": presentation,
            "meeting": presentation.meeting,
            "name": name,
            "until": link_until(presentation),
            "url": settings.SITE_URL + reverse("meetings:presenter-upload", args=[token]),
        }
        subject = render_to_string("meetings/email/presenter_upload_link_subject.txt", context)
        body = render_to_string("meetings/email/presenter_upload_link.txt", context)
    return EmailMessage(one_line(subject), body, to=[email]).send()


def _sources_of(presentation: Presentation) -> list[Source]:
    presenters = list(presentation.presenters.order_by("pk"))
    if presenters:
        return presenters
    source, _created = Source.objects.get_or_create(
        slug=INVITED_PRESENTERS_SLUG,
        defaults={"name": "Invited presenters", "kind": Source.Kind.ITU_SECRETARIAT},
    )
    return [source]


@transaction.atomic
def store_presenter_slides(*, link: UploadLink, upload: IO[bytes], language: str) -> Document:
    """The slides as the presentation's document, submitted for the secretariat's review.

    Creates a draft "presentation" for the meeting when the presentation has no document
    (sources: its presenters, else "Invited presenters") and links it; stores the file
    through the checks of every upload; submits it (the secretariat is mailed). The
    secretariat member who sent the link is who acts; the history names the presenter.
    """
    presentation = Presentation.objects.select_for_update().get(pk=link.presentation.pk)
    if slides_received(presentation):
        raise ValidationError(_("The slides were already received."), code="received")
    document = presentation.document
    if document is None:
        document = services.create_draft(
            by=link.sender,
            meeting=presentation.meeting,
            kind=Document.Kind.PRESENTATION,
            title=presentation.title or _("Presentation by %(name)s") % {"name": link.name},
            sources=_sources_of(presentation),
            original_language=language,
            agenda_item=presentation.agenda_item,
        )
        presentation.document = document
        presentation.save(update_fields=["document"])
    services.add_or_replace_file(
        document=document, language=language, upload=upload, by=link.sender
    )
    services.record_change(
        document=document,
        by=link.sender,
        at=timezone.now(),
        from_status=document.status,
        to_status=document.status,
        reason=_("Slides sent by %(name)s <%(email)s> through the upload link.")
        % {"name": link.name, "email": link.email},
    )
    return services.submit_document(document=document, by=link.sender)
