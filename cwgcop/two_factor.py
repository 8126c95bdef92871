"""Two-factor sign-in: a time-based code (TOTP) from an authenticator app, or a recovery code.

The secretariat and the chair (and superusers) must use it; a delegate may turn it on, and
from then on must use it too. TWO_FACTOR_FOR_DELEGATES requires it of every delegate, and
the secretariat may require it of one (require_two_factor). The password alone opens only the second step: until the
code is given, the admin redirects to it and every other page sees an anonymous visitor,
so an unverified session reaches no unpublished document or file.
"""

import base64
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser, Group
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django_otp import devices_for_user, match_token
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

RECOVERY_CODE_COUNT = 10
AUTHENTICATOR_NAME = "authenticator"
RECOVERY_NAME = "recovery codes"
# The group of the delegates of whom the secretariat requires a second factor.
REQUIRED_GROUP = "Two-factor sign-in required"


def must_use_two_factor(user: Any) -> bool:
    """Staff roles always; every delegate with TWO_FACTOR_FOR_DELEGATES; anyone else once
    they have set up a second factor or the secretariat requires it of them."""
    from contributions.rules import is_chair, is_secretariat

    if not getattr(user, "is_authenticated", False):
        return False
    return bool(
        is_secretariat(user)
        or is_chair(user)
        or settings.TWO_FACTOR_FOR_DELEGATES
        or has_two_factor(user)
        or is_required_of(user)
    )


def is_required_of(user: Any) -> bool:
    """Whether the secretariat requires a second factor of this person."""
    return user.groups.filter(name=REQUIRED_GROUP).exists()


def require_two_factor(*, user: Any, by: Any, required: bool = True) -> None:
    """Require (or no longer require) a second factor of one person. From their next
    request they are sent to set one up before anything else of the admin."""
    from contributions.rules import is_secretariat

    if not is_secretariat(by):
        raise PermissionDenied
    group, _created = Group.objects.get_or_create(name=REQUIRED_GROUP)
    if required:
        user.groups.add(group)
    else:
        user.groups.remove(group)


def has_two_factor(user: Any) -> bool:
    return any(True for _device in devices_for_user(user, confirmed=True))


def is_verified(user: Any) -> bool:
    return bool(getattr(user, "is_verified", lambda: False)())


@dataclass(frozen=True)
class Enrolment:
    device: TOTPDevice

    @property
    def secret(self) -> str:
        """The key as authenticator apps take it when typed: base32, in groups of four."""
        key = base64.b32encode(self.device.bin_key).decode()
        return " ".join(key[index : index + 4] for index in range(0, len(key), 4))

    @property
    def otpauth_url(self) -> str:
        return self.device.config_url


def start_enrolment(*, user: Any) -> Enrolment:
    """The authenticator device being set up (unconfirmed until a first code matches)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=False)
    return Enrolment(device=device)


@transaction.atomic
def confirm_enrolment(*, request: HttpRequest, user: Any, token: str) -> list[str] | None:
    """Confirm the authenticator with its first code; returns fresh recovery codes.

    None when the code does not match (nothing changes). On success any earlier devices
    are replaced, the session is verified and the recovery codes are shown once.
    """
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None or not device.verify_token(token.replace(" ", "")):
        return None
    TOTPDevice.objects.filter(user=user, confirmed=True).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = replace_recovery_codes(user=user)
    otp_login(request, device)
    return codes


@transaction.atomic
def replace_recovery_codes(*, user: Any) -> list[str]:
    """Ten new single-use recovery codes; the earlier ones stop working."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def matching_device(*, user: Any, token: str):
    """The device (authenticator or recovery codes) that accepts this code, or None; a
    wrong code holds off the device's next try (django-otp's throttle)."""
    return match_token(user, token.replace(" ", "").strip())


def verify_second_factor(*, request: HttpRequest, user: Any, token: str) -> bool:
    """A code from the authenticator, or an unused recovery code, verifies the session."""
    device = matching_device(user=user, token=token)
    if device is None:
        return False
    otp_login(request, device)
    return True


# Pages an unverified, signed-in person may still open: the second step and signing out.
OPEN_PATH_NAMES = ("two-factor", "two-factor-setup", "admin:logout")


class TwoFactorMiddleware:
    """Holds a password-only session at the second step (after django_otp's OTPMiddleware)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if must_use_two_factor(user) and not is_verified(user):
            open_paths = {reverse(name) for name in OPEN_PATH_NAMES}
            admin_login = reverse("admin:login")
            if request.path in open_paths or request.path == admin_login:
                return self.get_response(request)
            if request.path.startswith(reverse("admin:index")):
                target = "two-factor" if has_two_factor(user) else "two-factor-setup"
                return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
            request.user = AnonymousUser()
        return self.get_response(request)


# The demo's staff accounts share one published authenticator key, as they share a
# published password: `load_demo` prints it (with DEBUG on) so that a new user adds it to an
# authenticator app, or computes a code, and signs in within a minute.
DEMO_AUTHENTICATOR_KEY = "3132333435363738393031323334353637383930"
DEMO_AUTHENTICATOR_NAME = "demo authenticator"


def give_demo_authenticator(*, user: Any) -> bool:
    """Give a demo account the published demo key; True when it was not there yet."""
    _device, created = TOTPDevice.objects.update_or_create(
        user=user,
        name=DEMO_AUTHENTICATOR_NAME,
        defaults={"key": DEMO_AUTHENTICATOR_KEY, "confirmed": True},
    )
    return created


def demo_enrolment() -> Enrolment:
    """The demo key as an app takes it (not saved: the device is only read for its key)."""
    demo_user = get_user_model()(username="demo-staff")
    return Enrolment(device=TOTPDevice(user=demo_user, name="demo", key=DEMO_AUTHENTICATOR_KEY))


def current_code(key_hex: str) -> str:
    """The code an authenticator app shows now for `key_hex` (for the demo and tests)."""
    from binascii import unhexlify

    from django_otp.oath import totp

    return f"{totp(unhexlify(key_hex)):06d}"
