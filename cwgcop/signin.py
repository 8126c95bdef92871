"""How sign-in attempts are attributed to an address, refused while guessing is slowed
(cwgcop/guessing.py), and what a refused or locked-out person sees."""

from __future__ import annotations

import ipaddress
import logging
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import BaseBackend, ModelBackend
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import PermissionDenied, ValidationError
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import guessing, two_factor

logger = logging.getLogger(__name__)


def _is_trusted_proxy(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(
        ip in ipaddress.ip_network(proxy, strict=False) for proxy in settings.TRUSTED_PROXIES
    )


_warned_of: set[str] = set()


def _warn_of_untrusted_proxy(remote: str | None) -> None:
    """Behind the TLS proxy, a forwarded address from a connection TRUSTED_PROXIES does not
    name is either a forgery or a proxy left out of the setting, which would make every
    visitor share its address; said once per address and process, for the operator."""
    if remote in _warned_of or len(_warned_of) > 100:
        return
    _warned_of.add(remote)
    logger.warning(
        "X-Forwarded-For from %s, which TRUSTED_PROXIES does not name: the connection's "
        "own address counts. If it is the proxy, add it to TRUSTED_PROXIES.",
        remote,
    )


def client_address(request: HttpRequest) -> str | None:
    """The address that made the request.

    X-Forwarded-For is read only when the connection comes from a proxy that
    TRUSTED_PROXIES names; from anyone else the header is a claim, and the connection's own
    address counts. Read from its end, the header's first entry that is not a trusted proxy
    is the one the nearest proxy saw; anything before it, a client could have written.
    """
    remote = request.META.get("REMOTE_ADDR")
    if not remote or not _is_trusted_proxy(remote):
        if settings.SECURE_PROXY_SSL_HEADER and request.META.get("HTTP_X_FORWARDED_FOR"):
            _warn_of_untrusted_proxy(remote)
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    for entry in reversed([part.strip() for part in forwarded.split(",") if part.strip()]):
        if not _is_trusted_proxy(entry):
            try:
                return str(ipaddress.ip_address(entry))
            except ValueError:
                return remote
    return remote


_current_client: ContextVar[str | None] = ContextVar("current_client", default=None)


def current_client_address() -> str | None:
    """The address of the request being answered, for limits applied below the views."""
    return _current_client.get()


class ClientAddressMiddleware:
    """Makes the request's client address known to services (current_client_address)."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _current_client.set(client_address(request))
        try:
            return self.get_response(request)
        finally:
            _current_client.reset(token)


def account_name(typed: str | None) -> str:
    """The user name a sign-in form's "E-mail address or user name" names: the account
    whose e-mail address it is (in any letter case, when one account only has it), else
    what was typed. Failures are counted by it, so an account is one count however its
    holder or a guesser writes it."""
    typed = (typed or "").strip()
    if "@" in typed:
        owners = get_user_model()._default_manager.filter(email__iexact=typed)
        names = list(owners.values_list("username", flat=True)[:2])
        if len(names) == 1:
            return names[0]
    return typed


def axes_username(request: HttpRequest | None, credentials: dict | None) -> str:
    """settings.AXES_USERNAME_CALLABLE: failures are recorded under the account's name."""
    return account_name((credentials or {}).get("username"))


class AccountNameBackend(ModelBackend):
    """Django's password check of the account named by its user name or e-mail address."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        return super().authenticate(
            request, username=account_name(username) or username, password=password, **kwargs
        )


class SlowGuessingBackend(BaseBackend):
    """First of the authentication backends: refuses a try that guessing.decide refuses,
    before any password is checked; where the refusal lets a second factor through, signs in
    with the password and a code given together (both right, or nothing is said).

    A refused try raises PermissionDenied, so Django reports a failed sign-in, which axes
    records (marked as refused); the page saying how long to wait is shown by `locked_out`.
    """

    def authenticate(
        self, request: HttpRequest | None, username: str | None = None, password=None, **kwargs
    ):
        if request is None or not username or password is None:
            return None
        username = account_name(username)
        refusal = guessing.refusal_of(username=username, address=client_address(request))
        if refusal is None:
            return None
        code = (request.POST.get("code") or "").strip()
        if refusal.second_factor_opens and code:
            user = self._with_second_factor(username=username, password=password, code=code)
            if user is not None:
                return user
        logger.warning(
            "Sign-in refused before the password check: too many failures for the %s.",
            refusal.reason.value,
        )
        request.signin_refusal = refusal
        # Axes's middleware then answers with settings.AXES_LOCKOUT_CALLABLE (locked_out).
        request.axes_locked_out = True
        raise PermissionDenied

    @staticmethod
    def _with_second_factor(*, username: str, password: str, code: str):
        user = get_user_model()._default_manager.filter(username=username).first()
        if user is None:
            # As long as for an account, so that the answer's time tells no one which exist.
            get_user_model()().set_password(password)
            return None
        if not user.is_active or not user.check_password(password):
            return None
        device = two_factor.matching_device(user=user, token=code)
        if device is None:
            return None
        # django-otp marks the session verified when it signs in a user with this attribute.
        user.otp_device = device
        return user

    def get_user(self, user_id: Any):
        return ModelBackend().get_user(user_id)


class SignInForm(AdminAuthenticationForm):
    """The admin's sign-in form, whose refusal says what was wrong in the site's words and
    that failing again slows signing in, rather than Django's "staff account" sentence."""

    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "invalid_login": _(
            "The e-mail address (or user name) or the password is wrong. Check them and try "
            "again; the password's capital letters count."
        ),
    }

    def get_invalid_login_error(self) -> ValidationError:
        minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
        slowed = ngettext(
            "After %(limit)d failed tries, signing in from here is paused for %(minutes)d "
            "minute, and each further failure makes the next try wait longer. If you have "
            "forgotten your password, choose a new one rather than guessing.",
            "After %(limit)d failed tries, signing in from here is paused for %(minutes)d "
            "minutes, and each further failure makes the next try wait longer. If you have "
            "forgotten your password, choose a new one rather than guessing.",
            minutes,
        ) % {"limit": settings.AXES_FAILURE_LIMIT, "minutes": minutes}
        return ValidationError(
            f"{self.error_messages['invalid_login']} {slowed}", code="invalid_login"
        )


def locked_out(
    request: HttpRequest, credentials: dict | None = None, *args, **kwargs
) -> HttpResponse:
    """The page shown when a try is refused: the account or the address has failed too
    often lately (with how long to wait), or this account from this address (the lockout)."""
    refusal = getattr(request, "signin_refusal", None)
    if refusal is not None:
        return render(
            request,
            "registration/signin_delayed.html",
            {
                "refusal": refusal,
                "for_account": refusal.reason is guessing.Reason.ACCOUNT,
                "username": request.POST.get("username", ""),
                "next": request.POST.get("next") or request.GET.get("next", ""),
            },
            status=429,
        )
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(
        request,
        "registration/locked_out.html",
        {"failure_limit": settings.AXES_FAILURE_LIMIT, "cooloff_minutes": minutes},
        status=429,
    )


@receiver(user_login_failed, dispatch_uid="cwgcop.signin.tell_holder")
def tell_holder_at_threshold(sender, credentials: dict, request=None, **kwargs) -> None:
    """When an account's checked failures reach SIGNIN_NOTIFY_FAILURES in the window, its
    holder is told by mail (from the task queue), once each time the count passes it."""
    username = account_name((credentials or {}).get("username"))
    if request is None or not username or getattr(request, "signin_refusal", None):
        return
    now = timezone.now()
    failures = (
        guessing.checked_failures(since=guessing.window_start(now))
        .filter(username=username)
        .count()
    )
    if failures != settings.SIGNIN_NOTIFY_FAILURES:
        return
    user_id = (
        get_user_model()
        ._default_manager.filter(username=username, is_active=True)
        .values_list("pk", flat=True)
        .first()
    )
    if user_id is None:
        return
    from .account_mail import send_failed_sign_ins_notice

    send_failed_sign_ins_notice.enqueue(user_id, failures)
