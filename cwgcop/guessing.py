"""Whether a sign-in may be tried now: password guessing is slow whatever the addresses.

django-axes records every failed sign-in (its access failure log: account, address, time,
and whether the try was refused without a password check) and locks one account at one
address after AXES_FAILURE_LIMIT failures. On top of it, read from the same log:

- An account's checked failures in the last SIGNIN_FAILURE_WINDOW_MINUTES, from all
  addresses, set a delay: the first SIGNIN_ACCOUNT_FREE_FAILURES cost nothing; then each
  further try waits 1, 2, 4, 8 … seconds after the last failure, up to
  SIGNIN_MAX_DELAY_MINUTES. A try within the delay is refused before any password check.
- An address's checked failures over all accounts, past SIGNIN_ADDRESS_FAILURE_LIMIT in the
  window, refuse every try from it until the oldest of them leaves the window.

No one can lock a person out everywhere with either:

- an address from which the account signed in within SIGNIN_KNOWN_ADDRESS_DAYS, and which
  has not failed for it since, is not held by either delay (the secretariat's office);
- from any address that has not failed for the account, a password given together with a
  code of the account's second factor is checked, and signs in when both are right. A
  wrong pair is refused like any try within the delay, so a password alone tells nothing.

Refused tries are recorded too (marked as refused), so the secretariat sees them; the delay
grows with the tries that were checked, so that someone who keeps trying gives the holder
a window each time the delay lapses rather than holding the account for ever.
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass
from enum import Enum

from axes.models import AccessFailureLog, AccessLog
from django.conf import settings
from django.db.models import Count, Max
from django.utils import timezone


class Reason(Enum):
    ACCOUNT = "account"
    ADDRESS = "address"


@dataclass(frozen=True)
class Refusal:
    """A try refused before the password is checked, and for how long tries are refused."""

    reason: Reason
    seconds: int
    # The account may still be signed in to from here with its password and second factor.
    second_factor_opens: bool = False

    @property
    def minutes(self) -> int:
        return max(1, math.ceil(self.seconds / 60))


def window_start(now: datetime.datetime) -> datetime.datetime:
    return now - datetime.timedelta(minutes=settings.SIGNIN_FAILURE_WINDOW_MINUTES)


def account_delay(failures: int) -> int:
    """Seconds a try waits after the last failure, given the account's recent failures."""
    over = failures - settings.SIGNIN_ACCOUNT_FREE_FAILURES
    if over < 0:
        return 0
    ceiling = settings.SIGNIN_MAX_DELAY_MINUTES * 60
    return ceiling if over >= ceiling.bit_length() else min(ceiling, 2**over)


def checked_failures(*, since: datetime.datetime):
    """Failures whose password was checked (a refused try does not make the delay grow)."""
    return AccessFailureLog.objects.filter(attempt_time__gte=since, locked_out=False)


def account_refusal(*, username: str, now: datetime.datetime) -> int:
    """Seconds before the account may be tried again (0: now)."""
    failures = (
        checked_failures(since=window_start(now))
        .filter(username=username)
        .aggregate(count=Count("pk"), last=Max("attempt_time"))
    )
    delay = account_delay(failures["count"])
    if delay == 0:
        return 0
    last = failures["last"]
    return max(0, math.ceil((last + datetime.timedelta(seconds=delay) - now).total_seconds()))


def address_refusal(*, address: str | None, now: datetime.datetime) -> int:
    """Seconds before the address may try any account again (0: now)."""
    if not address:
        return 0
    limit = settings.SIGNIN_ADDRESS_FAILURE_LIMIT
    times = list(
        checked_failures(since=window_start(now))
        .filter(ip_address=address)
        .order_by("-attempt_time")
        .values_list("attempt_time", flat=True)[:limit]
    )
    if len(times) < limit:
        return 0
    # When the limit-th most recent failure leaves the window, fewer than the limit remain.
    leaves_at = times[-1] + datetime.timedelta(minutes=settings.SIGNIN_FAILURE_WINDOW_MINUTES)
    return max(1, math.ceil((leaves_at - now).total_seconds()))


def last_sign_in_from(*, username: str, address: str | None, now: datetime.datetime):
    """When the account last signed in from the address, within SIGNIN_KNOWN_ADDRESS_DAYS."""
    if not address:
        return None
    since = now - datetime.timedelta(days=settings.SIGNIN_KNOWN_ADDRESS_DAYS)
    return (
        AccessLog.objects.filter(username=username, ip_address=address, attempt_time__gte=since)
        .order_by("-attempt_time")
        .values_list("attempt_time", flat=True)
        .first()
    )


def has_failed_from(
    *, username: str, address: str | None, since: datetime.datetime | None, now
) -> bool:
    """Whether the account failed from the address in the window (after `since`, if given)."""
    start = window_start(now) if since is None else max(since, window_start(now))
    return AccessFailureLog.objects.filter(
        username=username, ip_address=address, attempt_time__gt=start
    ).exists()


def refusal_of(
    *, username: str, address: str | None, now: datetime.datetime | None = None
) -> Refusal | None:
    """Why a try is refused before its password is checked, and for how long; None when it
    may be checked the usual way (the password, then the second step if the account has
    one). A refusal whose `second_factor_opens` is true still lets the password and a code
    of the second factor, given together, be checked."""
    now = now or timezone.now()
    known_since = last_sign_in_from(username=username, address=address, now=now)
    failed_here = has_failed_from(username=username, address=address, since=known_since, now=now)
    if known_since is not None and not failed_here:
        return None
    address_wait = address_refusal(address=address, now=now)
    if address_wait:
        return Refusal(Reason.ADDRESS, address_wait)
    account_wait = account_refusal(username=username, now=now)
    if not account_wait:
        return None
    return Refusal(Reason.ACCOUNT, account_wait, second_factor_opens=not failed_here)
