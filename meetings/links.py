"""A meeting's webcasts, recordings and captions: one link per session, kind and language."""

from django.core.validators import URLValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from contributions.models import AccessLevel, Language
from cwgcop.public_rows import PublicRows


class MeetingLinkQuerySet(PublicRows):
    def public(self):
        """The links anyone may follow; the others are for members only."""
        return self.filter(access=AccessLevel.PUBLIC)


class MeetingLink(models.Model):
    """Where a session of a meeting can be watched, watched again or read as captions."""

    class Kind(models.TextChoices):
        WEBCAST = "webcast", _("Webcast")
        RECORDING = "recording", _("Recording")
        CAPTIONS = "captions", _("Captions")

    meeting = models.ForeignKey("meetings.Meeting", on_delete=models.CASCADE, related_name="links")
    session = models.CharField(
        _("session"),
        max_length=100,
        help_text=_("The session or day as people name it, for example “Day 1, morning”."),
    )
    starts_at = models.DateTimeField(_("session starts"), null=True, blank=True)
    ends_at = models.DateTimeField(_("session ends"), null=True, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    language = models.CharField(_("language"), max_length=5, choices=Language.choices)
    url = models.URLField(
        _("address"),
        max_length=500,
        validators=[
            # A code of its own: the form would put "Enter a valid URL." in its place.
            URLValidator(
                schemes=["https"],
                message=_("Enter an address that starts with https://."),
                code="not_https",
            )
        ],
    )
    access = models.CharField(
        _("access"),
        max_length=20,
        choices=AccessLevel.choices,
        default=AccessLevel.PUBLIC,
        help_text=_("A members-only link is shown only to those who may read members' material."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = MeetingLinkQuerySet.as_manager()

    class Meta:
        base_manager_name = "objects"  # cwgcop.public_rows: related managers write by it
        verbose_name = _("link to a webcast, recording or captions")
        verbose_name_plural = _("webcasts and recordings")
        ordering = ["meeting", "order", "starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True)
                | Q(starts_at__isnull=True)
                | Q(ends_at__gte=F("starts_at")),
                name="meeting_link_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(url__startswith="https://"), name="meeting_link_url_https"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.session}: {self.get_kind_display()} ({self.get_language_display()})"

    @property
    def is_restricted(self) -> bool:
        return self.access == AccessLevel.MEMBERS

    @property
    def language_name_local(self) -> str:
        """The language's name in itself ("français"), as the language switcher names it."""
        return get_language_info("zh-hans" if self.language == Language.CHINESE else self.language)[
            "name_local"
        ]
