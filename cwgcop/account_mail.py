"""Mail about an account, sent by the background worker: a new password's link, and the
warning that someone keeps failing to sign in to it. Tasks carry ids, never addresses."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_tasks import task

from accounts.languages import language_for_account, language_of
from cwgcop.languages import one_line


def _send(*, user, language: str, template: str, context: dict) -> int:
    with translation.override(language):
        context = {"user": user, "site_url": settings.SITE_URL, **context}
        subject = one_line(render_to_string(f"{template}_subject.txt", context))
        body = render_to_string(f"{template}_email.txt", context)
    return EmailMessage(subject, body, to=[user.email]).send()


@task()
def send_password_reset_mails(user_ids: list[int], language: str) -> int:
    """Mail each account its one-time link to choose a new password; the request that
    queued this sent nothing itself, so a known and an unknown address answer alike."""
    sent = 0
    for user in get_user_model()._default_manager.filter(pk__in=user_ids, is_active=True):
        sent += _send(
            user=user,
            # The account's language; the form's when the account has none recorded yet.
            language=language_for_account(user, default=language),
            template="registration/password_reset",
            context={
                "uid": urlsafe_base64_encode(force_bytes(user.pk)),
                "token": default_token_generator.make_token(user),
            },
        )
    return sent


@task()
def send_failed_sign_ins_notice(user_id: int, failures: int) -> int:
    """Tell the holder of an account that its sign-in has failed `failures` times lately."""
    user = get_user_model()._default_manager.filter(pk=user_id, is_active=True).first()
    if user is None or not user.email:
        return 0
    return _send(
        user=user,
        language=language_of(user),
        template="registration/failed_sign_ins",
        context={
            "failures": failures,
            "minutes": settings.SIGNIN_FAILURE_WINDOW_MINUTES,
            "reset_url": settings.SITE_URL + reverse("admin_password_reset"),
            "two_factor_url": settings.SITE_URL + reverse("two-factor-setup"),
        },
    )
