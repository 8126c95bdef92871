"""E-mail alerts: who follows what, the requests waiting for confirmation, and what was sent.

An address is stored only once its owner has confirmed it (a pending request holds it
until it is confirmed or expires) and is deleted with its last alert. No token is stored:
the links in mails are signed with the site's secret key (alerts/tokens.py).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField


class AlertKind(models.TextChoices):
    """What an alert follows."""

    EVERYTHING = "everything", _("Every publication")
    COUNTRY = "country", _("A country")
    SOURCE = "source", _("A source")
    TOPIC = "topic", _("A topic")
    MEETING = "meeting", _("A meeting")


class Frequency(models.TextChoices):
    IMMEDIATE = "immediate", _("At once, one mail per document")
    DAILY = "daily", _("Once a day, a digest of the day's publications")


# The field that names an alert's target, for each kind; "everything" has none.
TARGET_FIELDS = {
    AlertKind.COUNTRY: "country",
    AlertKind.SOURCE: "source",
    AlertKind.TOPIC: "topic",
    AlertKind.MEETING: "meeting",
}


def _target_condition(kind: str) -> Q:
    """Exactly the kind's own target field is set."""
    condition = Q(kind=kind)
    for other_kind, field in TARGET_FIELDS.items():
        empty = Q(country="") if field == "country" else Q(**{f"{field}__isnull": True})
        condition &= ~empty if other_kind == kind else empty
    return condition


class AlertTarget(models.Model):
    """The fields that say what is followed, shared by alerts and pending requests."""

    kind = models.CharField(_("follows"), max_length=20, choices=AlertKind.choices)
    country = CountryField(_("country"), blank=True)
    source = models.ForeignKey(
        "contributions.Source",
        verbose_name=_("source"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    topic = models.ForeignKey(
        "contributions.Topic",
        verbose_name=_("topic"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    meeting = models.ForeignKey(
        "meetings.Meeting",
        verbose_name=_("meeting"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    # The working group whose pages the alert was made on: it follows that group's
    # documents only. Empty for the alerts made before there were several groups, which
    # follow every group's.
    group = models.ForeignKey(
        "workinggroups.WorkingGroup",
        verbose_name=_("working group"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    frequency = models.CharField(_("how often"), max_length=20, choices=Frequency.choices)

    class Meta:
        abstract = True

    @property
    def target(self):
        """The country code, source, topic or meeting followed; None for everything."""
        field = TARGET_FIELDS.get(self.kind)
        return getattr(self, field) if field else None


def _once_per_subscriber(kind: str, field: str | None) -> list[models.UniqueConstraint]:
    """One alert per address, target and group; and one per address and target among the
    alerts of every group (whose empty group a unique constraint would not compare)."""
    name = field or kind
    fields = ["subscriber", field] if field else ["subscriber"]
    return [
        models.UniqueConstraint(
            fields=[*fields, "group"],
            condition=Q(kind=kind, group__isnull=False),
            name=f"alert_{name}_once_per_group",
        ),
        models.UniqueConstraint(
            fields=fields,
            condition=Q(kind=kind, group__isnull=True),
            name=f"alert_{name}_once_per_subscriber",
        ),
    ]


def _one_target_constraint(name: str) -> models.CheckConstraint:
    condition = Q()
    for kind in AlertKind.values:
        condition |= _target_condition(kind)
    return models.CheckConstraint(condition=condition, name=name)


class Subscriber(models.Model):
    """A confirmed address; deleted with its last alert."""

    email = models.EmailField(_("e-mail address"), unique=True)
    # The page language when the address last confirmed an alert: its mails are written in it.
    language = models.CharField(_("language"), max_length=7, choices=settings.LANGUAGES)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("subscriber")
        verbose_name_plural = _("subscribers")

    def __str__(self) -> str:
        return self.email


class Alert(AlertTarget):
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="alerts")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")
        ordering = ["created_at", "pk"]
        constraints = [
            _one_target_constraint("alert_names_its_target"),
            # One alert per address, target and group: confirming the same target again
            # changes how often it is sent.
            *_once_per_subscriber(AlertKind.EVERYTHING, None),
            *(
                constraint
                for kind, field in TARGET_FIELDS.items()
                for constraint in _once_per_subscriber(kind, field)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subscriber_id} {self.kind} {self.frequency}"


class PendingAlert(AlertTarget):
    """A request to follow something, waiting for the address's owner to confirm it."""

    email = models.EmailField(_("e-mail address"), db_index=True)
    language = models.CharField(_("language"), max_length=7, choices=settings.LANGUAGES)
    created_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("request waiting for confirmation")
        verbose_name_plural = _("requests waiting for confirmation")
        constraints = [_one_target_constraint("pending_alert_names_its_target")]

    def __str__(self) -> str:
        return f"{self.kind} {self.created_at:%Y-%m-%d %H:%M}"


class Delivery(models.Model):
    """A document mailed to an address: each document reaches an address once, whether a
    task is retried, a document is unpublished and published again, or a digest is sent
    twice for a day."""

    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="deliveries")
    document = models.ForeignKey(
        "contributions.Document", on_delete=models.CASCADE, related_name="+"
    )
    sent_at = models.DateTimeField()
    # The day of the digest that carried it; empty for a mail sent at publication.
    digest_day = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["subscriber", "document"], name="delivery_once_per_document"
            )
        ]

    def __str__(self) -> str:
        return f"{self.subscriber_id} {self.document_id}"


class RequestedMail(models.Model):
    """A mail that a public form (alert sign-up, password reset) sent on someone's request:
    what the limits per mailbox and per client count (alerts/limits.py). The mailbox is kept
    as a keyed digest, never as an address, and the rows go after a day or two."""

    class Form(models.TextChoices):
        ALERT_CONFIRMATION = "alert_confirmation", _("alert confirmation")
        PASSWORD_RESET = "password_reset", _("password reset")

    form = models.CharField(max_length=30, choices=Form.choices)
    mailbox_digest = models.CharField(max_length=64)
    client = models.GenericIPAddressField(null=True, blank=True)
    sent_at = models.DateTimeField()

    class Meta:
        verbose_name = _("requested mail")
        verbose_name_plural = _("requested mails")
        indexes = [
            models.Index(
                fields=["form", "mailbox_digest", "sent_at"], name="requested_mail_mailbox"
            ),
            models.Index(fields=["form", "client", "sent_at"], name="requested_mail_client"),
        ]

    def __str__(self) -> str:
        return f"{self.form} {self.sent_at:%Y-%m-%d %H:%M}"
