"""What an account chooses for itself, and the notices already mailed to people."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AccountSettings(models.Model):
    """An account's own settings, created the first time one is recorded."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="account_settings"
    )
    # The language the person last used on the site: their mails are written in it.
    language = models.CharField(
        _("language"), max_length=7, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    deadline_reminders = models.BooleanField(_("deadline reminders"), default=True)

    class Meta:
        verbose_name = _("account settings")
        verbose_name_plural = _("account settings")

    def __str__(self) -> str:
        return str(self.user)


class NoticeKind(models.TextChoices):
    DEADLINE = "deadline", _("Reminder of a contribution deadline")
    REPORT = "report", _("Meeting report published")
    ACTIONS = "actions", _("Open actions after a report")


class NoticeSent(models.Model):
    """A notice mailed to an address: written in the same transaction as the mail is sent,
    so that running the sending again, or a retried task, mails nobody twice.

    `occasion` says which: for a deadline reminder, the number of days before the
    deadline of its step (14, 3); for a report and its actions, the published report's id
    (each publication of the report, a revision included, is told once)."""

    kind = models.CharField(max_length=20, choices=NoticeKind.choices)
    meeting = models.ForeignKey("meetings.Meeting", on_delete=models.CASCADE, related_name="+")
    occasion = models.PositiveIntegerField()
    email = models.EmailField()
    sent_at = models.DateTimeField()

    class Meta:
        verbose_name = _("notice sent")
        verbose_name_plural = _("notices sent")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "meeting", "occasion", "email"], name="notice_sent_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.meeting_id} {self.occasion}"
