"""Invitations: the secretariat invites delegates, who choose their own password.

An invitation mails a one-time link built on Django's password-reset token: it is bound
to the account's password and last login, so it stops working once used, and it expires
after PASSWORD_RESET_TIMEOUT. No password ever travels by mail.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from accounts.languages import language_of
from cwgcop.languages import one_line

from .. import rules
from ..models import Source
from .delegates import set_source_delegates

User = Any


def password_link(user: User) -> str:
    """The one-time address at which this person chooses a password."""
    return settings.SITE_URL + reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )


@transaction.atomic
def invite_delegate(
    *,
    email: str,
    sources: Iterable[Source],
    by: User,
    first_name: str = "",
    last_name: str = "",
) -> User:
    """Make the person at `email` a delegate of `sources` and mail them how to sign in.

    A new account has no usable password until the person chooses one through the link;
    an existing account keeps its password and is told of its new sources. The mail goes
    after commit.
    """
    if not rules.is_secretariat.test(by):
        raise PermissionDenied
    email = get_user_model().objects.normalize_email(email.strip())
    sources = list(sources)
    if not email:
        raise ValidationError(_("Give the delegate's e-mail address."), code="email")
    if not sources:
        raise ValidationError(_("Choose at least one source."), code="sources")
    users = get_user_model().objects
    user = users.filter(email__iexact=email).order_by("pk").first()
    created = user is None
    if created:
        user = users.create_user(
            username=email.lower(), email=email, first_name=first_name, last_name=last_name
        )
        user.set_unusable_password()
        user.save(update_fields=["password"])
    elif not user.is_active:
        raise ValidationError(
            _("The account of %(email)s is switched off; switch it on first.") % {"email": email},
            code="inactive",
        )
    for source in sources:
        current = list(source.delegates.all())
        if user not in current:
            set_source_delegates(source=source, delegates=[*current, user], by=by)
    user_id = user.pk
    source_ids = [source.pk for source in sources]
    transaction.on_commit(
        lambda: send_invitation(user_id=user_id, source_ids=source_ids), robust=True
    )
    return user


def send_invitation(*, user_id: int, source_ids: list[int]) -> int:
    """The invitation mail: which sources, and the link to choose a password (or to sign in)."""
    user = get_user_model().objects.get(pk=user_id)
    context = {
        "user": user,
        "sources": list(Source.objects.filter(pk__in=source_ids).order_by("name")),
        "site_url": settings.SITE_URL,
        "sign_in_url": settings.SITE_URL + reverse("admin:index"),
        "password_url": "" if user.has_usable_password() else password_link(user),
        "valid_days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
    }
    with translation.override(language_of(user)):
        subject = render_to_string("registration/invitation_subject.txt", context)
        body = render_to_string("registration/invitation_email.txt", context)
    subject = one_line(subject)
    return EmailMessage(subject, body, to=[user.email]).send()
