"""Following and unfollowing: the writes of the alert pages.

A request to follow something is kept, with its address, until its owner confirms it from
the mail or it expires; only then is the address a subscriber. Removing an address's last
alert deletes the address, with any request of it still waiting.
"""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from cwgcop.signin import current_client_address

from . import limits
from .models import Alert, PendingAlert, Subscriber
from .targets import Target, target_of

logger = logging.getLogger(__name__)


def normalize_address(email: str) -> str:
    """One spelling per address, so that letter case neither splits an address in two nor
    escapes the limit on confirmation mails."""
    return email.strip().lower()


def confirmation_expiry() -> datetime.timedelta:
    return datetime.timedelta(hours=settings.ALERTS_CONFIRMATION_HOURS)


def is_expired(pending: PendingAlert, *, now: datetime.datetime | None = None) -> bool:
    return pending.created_at <= (now or timezone.now()) - confirmation_expiry()


@transaction.atomic
def request_alert(
    *, email: str, target: Target, frequency: str, language: str, client: str | None = None
) -> bool:
    """Keep a request to follow `target` and mail its confirmation link after commit.

    At most ALERTS_CONFIRMATIONS_PER_ADDRESS confirmation mails go to one address in
    ALERTS_CONFIRMATION_HOURS, and the form's limits per mailbox (however the address is
    written) and per client address hold (alerts/limits.py; `client` is the request's
    when not given), so that the form cannot be used to flood someone; past a limit
    nothing is kept or sent. Returns whether a mail was sent; the page says the same
    either way, and whether the address already follows something changes nothing, so
    that nobody learns who subscribes.
    """
    email = normalize_address(email)
    now = timezone.now()
    recent = PendingAlert.objects.filter(email=email, created_at__gt=now - confirmation_expiry())
    if recent.count() >= settings.ALERTS_CONFIRMATIONS_PER_ADDRESS:
        logger.info("Alert confirmation not sent: the address's limit is reached.")
        return False
    if client is None:
        client = current_client_address()
    if not limits.may_send(limits.Form.ALERT_CONFIRMATION, email=email, client=client):
        return False
    pending = PendingAlert.objects.create(
        email=email, language=language, frequency=frequency, created_at=now, **target.fields()
    )
    transaction.on_commit(lambda: _enqueue_confirmation(pending.pk), robust=True)
    return True


def _enqueue_confirmation(pending_id: int) -> None:
    from .tasks import send_confirmation_mail

    send_confirmation_mail.enqueue(pending_id)


@transaction.atomic
def confirm_alert(*, pending: PendingAlert) -> Alert:
    """Make the address a subscriber (if it is not one) following the request's target,
    in the request's language; the same target confirmed again changes how often."""
    subscriber, created = Subscriber.objects.get_or_create(
        email=pending.email, defaults={"language": pending.language}
    )
    if not created and subscriber.language != pending.language:
        subscriber.language = pending.language
        subscriber.save(update_fields=["language"])
    alert, _created = Alert.objects.update_or_create(
        subscriber=subscriber,
        **target_of(pending).fields(),
        defaults={"frequency": pending.frequency},
    )
    limits.forget_mailbox(limits.Form.ALERT_CONFIRMATION, email=pending.email)
    pending.delete()
    return alert


def change_alert(*, alert: Alert, frequency: str) -> Alert:
    """Send an alert at once or as a daily digest."""
    alert.frequency = frequency
    alert.save(update_fields=["frequency"])
    return alert


def change_language(*, subscriber: Subscriber, language: str) -> Subscriber:
    """Write the address's mails in another language."""
    subscriber.language = language
    subscriber.save(update_fields=["language"])
    return subscriber


@transaction.atomic
def remove_alerts(*, subscriber: Subscriber, alert_ids: list[int] | None = None) -> bool:
    """Remove these alerts of the subscriber (all of them when None). With the last one
    goes the address: its row, its deliveries and its requests waiting for confirmation.
    Returns whether the address was deleted."""
    alerts = subscriber.alerts.all()
    if alert_ids is not None:
        alerts = alerts.filter(pk__in=alert_ids)
    alerts.delete()
    if subscriber.alerts.exists():
        return False
    PendingAlert.objects.filter(email=subscriber.email).delete()
    subscriber.delete()
    return True


@transaction.atomic
def remove_stale_records(*, now: datetime.datetime | None = None) -> int:
    """Delete what is kept for no purpose any more: requests no longer confirmable (they
    counted towards the limit of their address until then), addresses left without an
    alert (their last target deleted) and the counts of the mail forms' limits past their
    period. Returns how many rows went."""
    now = now or timezone.now()
    expired, _ = PendingAlert.objects.filter(created_at__lte=now - confirmation_expiry()).delete()
    orphans, _ = Subscriber.objects.filter(alerts__isnull=True).delete()
    return expired + orphans + limits.remove_old_counts(now=now)
