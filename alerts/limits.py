"""The limits of the forms that mail anyone who asks: alert sign-up and password reset.

Each form sends at most MAIL_LIMIT_PER_MAILBOX mails to one mailbox in 24 hours, however
the address is written (letter case, `a+anything@` is `a@`), and at most
MAIL_LIMIT_PER_CLIENT at the request of one client address in an hour. A request past a
limit is answered like any other and nothing is sent; the refusal is logged. Mails whose
link the mailbox's owner followed count no more.

The count is rows of RequestedMail, checked and written in one transaction that holds a
lock per form (a PostgreSQL advisory lock; SQLite lets one writer in at a time), so that
requests arriving at once cannot all see room for one more. The database, rather than the
cache, keeps the count: it is shared by every app server whatever the cache, survives a
restart of Redis, and a test's rows go with its transaction.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import ipaddress
import logging
import zlib

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from .models import RequestedMail

logger = logging.getLogger(__name__)

Form = RequestedMail.Form

MAILBOX_PERIOD = datetime.timedelta(hours=24)
CLIENT_PERIOD = datetime.timedelta(hours=1)
# Rows past both periods count for nothing; kept a day more for the logs' sake.
KEPT_FOR = datetime.timedelta(days=2)


def mailbox_of(email: str) -> str:
    """The mailbox an address reaches: letter case and a `+tag` of the local part folded."""
    local, _at, domain = email.strip().lower().rpartition("@")
    if not _at:
        return email.strip().lower()
    return f"{local.split('+', 1)[0]}@{domain}"


def _digest(mailbox: str) -> str:
    return hmac.new(
        settings.SECRET_KEY.encode(), f"mailbox:{mailbox}".encode(), hashlib.sha256
    ).hexdigest()


def _lock(form: str) -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [zlib.crc32(form.encode())])


def _valid_address(client: str | None) -> str | None:
    try:
        return str(ipaddress.ip_address(client)) if client else None
    except ValueError:
        return None


@transaction.atomic
def may_send(form: str, *, email: str, client: str | None) -> bool:
    """Whether the form may mail `email` now, at `client`'s request; if so the mail is
    counted. The caller sends nothing when it returns False."""
    now = timezone.now()
    digest = _digest(mailbox_of(email))
    client = _valid_address(client)
    _lock(form)
    sent = RequestedMail.objects.filter(form=form)
    if (
        sent.filter(mailbox_digest=digest, sent_at__gt=now - MAILBOX_PERIOD).count()
        >= settings.MAIL_LIMIT_PER_MAILBOX
    ):
        logger.warning("Mail not sent by the %s form: the mailbox's limit is reached.", form)
        return False
    if (
        client
        and sent.filter(client=client, sent_at__gt=now - CLIENT_PERIOD).count()
        >= settings.MAIL_LIMIT_PER_CLIENT
    ):
        logger.warning(
            "Mail not sent by the %s form: the limit of client %s is reached.", form, client
        )
        return False
    RequestedMail.objects.create(form=form, mailbox_digest=digest, client=client, sent_at=now)
    return True


def forget_mailbox(form: str, *, email: str) -> None:
    """The mailbox's owner followed a link of the form's mail: its mails were wanted, and
    count no more against the mailbox (someone who follows four things in a day gets four
    confirmations; a flooded mailbox, whose owner confirms nothing, gets three)."""
    RequestedMail.objects.filter(form=form, mailbox_digest=_digest(mailbox_of(email))).delete()


def remove_old_counts(*, now: datetime.datetime | None = None) -> int:
    """Delete the rows that no limit counts any more; returns how many went."""
    now = now or timezone.now()
    removed, _ = RequestedMail.objects.filter(sent_at__lte=now - KEPT_FOR).delete()
    return removed
