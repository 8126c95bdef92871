"""The language each person reads their mail in: the one they last used on the site.

It is recorded when they sign in and when a signed-in request is in another language
than the one recorded (the language switcher, an address with another prefix). The
session remembers what was recorded, so that a request writes only when it changes."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import translation

from .models import AccountSettings

SESSION_KEY = "_account_language"
LANGUAGE_CODES = frozenset(code for code, _name in settings.LANGUAGES)


def _supported(language: str | None) -> str | None:
    if not language:
        return None
    try:
        language = translation.get_supported_language_variant(language)
    except LookupError:
        return None
    return language if language in LANGUAGE_CODES else None


def record_language(user: Any, language: str | None) -> None:
    """Keep `language` as the account's; nothing is written when it is already so."""
    language = _supported(language)
    if language is None or not getattr(user, "pk", None):
        return
    updated = AccountSettings.objects.filter(user=user).exclude(language=language)
    if not updated.update(language=language):
        AccountSettings.objects.get_or_create(user=user, defaults={"language": language})


def record_language_at_sign_in(sender, request, user, **kwargs) -> None:
    language = getattr(request, "LANGUAGE_CODE", None) or translation.get_language()
    record_language(user, language)
    if hasattr(request, "session"):
        request.session[SESSION_KEY] = _supported(language)


class AccountLanguageMiddleware:
    """Record a signed-in person's language when their request is in another one than
    the one recorded in their session; a request in the same language reads nothing more.
    Placed after the authentication middleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Only a request that carries a session can be signed in; others stay untouched
        # (the page cache serves them without reading a session).
        if settings.SESSION_COOKIE_NAME in request.COOKIES and not request.path.startswith("/api/"):
            user = getattr(request, "user", None)
            language = _supported(getattr(request, "LANGUAGE_CODE", None))
            if (
                user is not None
                and user.is_authenticated
                and language
                and request.session.get(SESSION_KEY) != language
            ):
                record_language(user, language)
                request.session[SESSION_KEY] = language
        return self.get_response(request)


def language_of(user: Any) -> str:
    """The language of mail to this account: the one last used, else the site's."""
    if user is not None and getattr(user, "pk", None):
        recorded = (
            AccountSettings.objects.filter(user_id=user.pk)
            .values_list("language", flat=True)
            .first()
        )
        if recorded:
            return recorded
    return settings.LANGUAGE_CODE


def languages_of(users: Iterable[Any]) -> dict[int, str]:
    """language_of for many accounts, in one query, by user id."""
    ids = [user.pk for user in users]
    recorded = dict(
        AccountSettings.objects.filter(user_id__in=ids).values_list("user_id", "language")
    )
    return {pk: recorded.get(pk, settings.LANGUAGE_CODE) for pk in ids}


def language_for_address(email: str, default: str) -> str:
    """The language of mail to an address: its account's recorded language when an active
    account has it, else `default` (an alert's subscriber keeps the one they subscribed in)."""
    recorded = (
        AccountSettings.objects.filter(user__email__iexact=email, user__is_active=True)
        .order_by("user_id")
        .values_list("language", flat=True)
        .first()
    )
    return recorded or default


def reminders_wanted(user: Any) -> bool:
    return (
        AccountSettings.objects.filter(user_id=user.pk)
        .values_list("deadline_reminders", flat=True)
        .first()
        is not False
    )


def set_deadline_reminders(*, user: Any, wanted: bool) -> AccountSettings:
    """Turn the account's reminders of contribution deadlines on or off."""
    account, created = AccountSettings.objects.get_or_create(
        user=user,
        defaults={
            "deadline_reminders": wanted,
            "language": _supported(translation.get_language()) or settings.LANGUAGE_CODE,
        },
    )
    if not created and account.deadline_reminders != wanted:
        account.deadline_reminders = wanted
        account.save(update_fields=["deadline_reminders"])
    return account


def active_users(**filters) -> Any:
    return get_user_model().objects.filter(is_active=True, **filters).exclude(email="")


def language_for_account(user: Any, *, default: str) -> str:
    """The account's recorded language, else `default`."""
    recorded = (
        AccountSettings.objects.filter(user_id=user.pk).values_list("language", flat=True).first()
    )
    return recorded or default
