"""The working groups the system serves, and who does what in each.

Every group works the same way: numbered meetings, documents numbered in the group's
series, an officer team, a secretariat. Meetings belong to a group (meetings.Meeting.group)
and their numbers are unique within it; a document belongs to its meeting's group. Sources
(Member States, Sector Members, organisations) are shared by all groups.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cwgcop.public_rows import PublicRows

# The languages a group has a name for besides English, as Topic's names.
NAME_LANGUAGES = ("ar", "zh", "fr", "ru", "es")

# The first part of a public address after the language is either a group or one of the
# pages shared by every group: a group may not take one of these as its slug.
RESERVED_SLUGS = frozenset(
    {
        "documents",
        "documents.csv",
        "documents.json",
        "meetings",
        "meetings.ics",
        "countries",
        "sources",
        "topics",
        "alerts",
        "actions",
        "feeds",
        "files",
        "presentations",
        "groups",
        "admin",
        "api",
        "account",
    }
)


def _not_reserved(slug: str) -> None:
    if slug in RESERVED_SLUGS:
        raise ValidationError(
            _("“%(slug)s” is the address of a page shared by every group; choose another."),
            params={"slug": slug},
        )


class WorkingGroupManager(models.Manager.from_queryset(PublicRows)):
    def get_by_natural_key(self, slug: str) -> WorkingGroup:
        if slug == settings.DEFAULT_WORKING_GROUP["slug"]:
            return default_group()
        return self.get(slug=slug)


class WorkingGroup(models.Model):
    """A Council working group or expert group: CWG-COP, CWG-Internet, CWG-LANG …"""

    slug = models.SlugField(
        _("address"),
        max_length=40,
        unique=True,
        validators=[_not_reserved],
        help_text=_("The group's part of its pages' addresses: /en/cwg-cop/meetings/."),
    )
    acronym = models.CharField(_("short name"), max_length=40, unique=True)
    name = models.CharField(_("full name"), max_length=300)
    acronym_ar = models.CharField(_("short name in Arabic"), max_length=40, blank=True)
    acronym_zh = models.CharField(_("short name in Chinese"), max_length=40, blank=True)
    acronym_fr = models.CharField(_("short name in French"), max_length=40, blank=True)
    acronym_ru = models.CharField(_("short name in Russian"), max_length=40, blank=True)
    acronym_es = models.CharField(_("short name in Spanish"), max_length=40, blank=True)
    name_ar = models.CharField(_("full name in Arabic"), max_length=300, blank=True)
    name_zh = models.CharField(_("full name in Chinese"), max_length=300, blank=True)
    name_fr = models.CharField(_("full name in French"), max_length=300, blank=True)
    name_ru = models.CharField(_("full name in Russian"), max_length=300, blank=True)
    name_es = models.CharField(_("full name in Spanish"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(
        _("order"), default=0, help_text=_("Where the group comes in lists of groups.")
    )

    objects = WorkingGroupManager()

    class Meta:
        base_manager_name = "objects"  # cwgcop.public_rows: related managers write by it
        verbose_name = _("working group")
        verbose_name_plural = _("working groups")
        ordering = ["order", "acronym"]

    def __str__(self) -> str:
        return self.acronym

    def get_absolute_url(self) -> str:
        from .addresses import group_reverse

        return group_reverse(self.slug, "contributions:home")

    def natural_key(self) -> tuple[str]:
        return (self.slug,)

    def _in(self, field: str, language: str | None) -> tuple[str, str]:
        code = (language or "en").split("-")[0]
        translated = getattr(self, f"{field}_{code}", "") if code in NAME_LANGUAGES else ""
        return (translated, code) if translated else (getattr(self, field), "en")

    def acronym_in(self, language: str | None) -> tuple[str, str]:
        """(short name, the language it is written in), in `language` when it has one."""
        return self._in("acronym", language)

    def name_in(self, language: str | None) -> tuple[str, str]:
        """(full name, the language it is written in), in `language` when it has one."""
        return self._in("name", language)

    def period_on(self, day: datetime.date) -> GroupPeriod | None:
        """The name the group had on that day, with its numbering prefix."""
        return next((period for period in self.periods.all() if period.holds_on(day)), None)

    def prefix_on(self, day: datetime.date) -> str:
        """The prefix of the documents numbered on that day (WG-CP, then CWG-COP)."""
        period = self.period_on(day)
        return period.prefix if period else self.acronym

    def participation_on(self, day: datetime.date) -> Participation | None:
        """Who might take part on that day (None: nothing recorded, so anyone)."""
        return next((rule for rule in self.participation.all() if rule.holds_on(day)), None)

    def participation_now(self) -> Participation | None:
        """Who may take part today."""
        return self.participation_on(timezone.localdate())

    def admits(self, source_kind: str, day: datetime.date) -> bool:
        """Whether a source of this kind may contribute to the group's meeting of that day."""
        rule = self.participation_on(day)
        return rule is None or rule.admits(source_kind)

    def officers_now(self) -> list[GroupOfficer]:
        """The chair and vice-chairs in office today."""
        today = timezone.localdate()
        return [officer for officer in self.officers.all() if officer.holds_on(today)]


class _Dated(models.Model):
    start = models.DateField(_("from"))
    end = models.DateField(_("until"), null=True, blank=True, help_text=_("Empty: to this day."))

    objects = PublicRows.as_manager()

    class Meta:
        abstract = True

    def holds_on(self, day: datetime.date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)

    def clean(self) -> None:
        super().clean()
        if self.end and self.start and self.end < self.start:
            raise ValidationError({"end": _("The end comes before the start.")})


class GroupPeriod(_Dated):
    """A name the group had, and the prefix its documents were numbered with meanwhile:
    WG-CP until it became CWG-COP."""

    working_group = models.ForeignKey(
        WorkingGroup, on_delete=models.CASCADE, related_name="periods"
    )
    acronym = models.CharField(_("short name"), max_length=40)
    name = models.CharField(_("full name"), max_length=300, blank=True)
    prefix = models.CharField(
        _("document number prefix"),
        max_length=20,
        help_text=_("The name in the numbers of its documents: WG-CP/1/16, CWG-COP-21/3."),
    )

    class Meta:
        base_manager_name = "objects"  # cwgcop.public_rows: related managers write by it
        verbose_name = _("name in a period")
        verbose_name_plural = _("names in earlier and present periods")
        ordering = ["working_group", "start"]

    def __str__(self) -> str:
        return f"{self.acronym} ({self.start:%Y}-{self.end:%Y})" if self.end else self.acronym


class Participation(_Dated):
    """Who may take part in the group's meetings over a period."""

    class OpenTo(models.TextChoices):
        MEMBERS = "members", _("Member States and Sector Members only")
        ALL = "all", _("All stakeholders")

    # The kinds of source (contributions.Source.Kind) a group open to members only admits.
    MEMBER_KINDS = frozenset({"member_state", "state_unit", "sector_member"})

    working_group = models.ForeignKey(
        WorkingGroup, on_delete=models.CASCADE, related_name="participation"
    )
    open_to = models.CharField(_("open to"), max_length=10, choices=OpenTo.choices)
    basis = models.CharField(
        _("decided by"),
        max_length=200,
        blank=True,
        help_text=_("The decision that opened or closed the group: a Council resolution."),
    )

    class Meta:
        base_manager_name = "objects"  # cwgcop.public_rows: related managers write by it
        verbose_name = _("participation")
        verbose_name_plural = _("who may take part")
        ordering = ["working_group", "start"]

    def __str__(self) -> str:
        return str(self.get_open_to_display())

    def admits(self, source_kind: str) -> bool:
        return self.open_to == self.OpenTo.ALL or source_kind in self.MEMBER_KINDS


class GroupOfficer(_Dated):
    """A chair or vice-chair of the group, as its pages name them."""

    class Role(models.TextChoices):
        CHAIR = "chair", _("Chair")
        VICE_CHAIR = "vice_chair", _("Vice-chair")

    working_group = models.ForeignKey(
        WorkingGroup, on_delete=models.CASCADE, related_name="officers"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    name = models.CharField(_("name"), max_length=200)
    affiliation = models.CharField(_("affiliation"), max_length=200, blank=True)

    class Meta:
        base_manager_name = "objects"  # cwgcop.public_rows: related managers write by it
        verbose_name = _("officer")
        verbose_name_plural = _("officers")
        ordering = ["working_group", "-start", "role", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_role_display()})"


class GroupRole(models.Model):
    """What an account does in one group: its secretariat or its chair. A person may be
    secretariat of one group and chair of another; a delegate needs no role here: they
    represent their sources in every group."""

    class Role(models.TextChoices):
        SECRETARIAT = "secretariat", _("Secretariat")
        CHAIR = "chair", _("Chair or vice-chair")

    working_group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="roles")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="group_roles"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = _("role in a group")
        verbose_name_plural = _("roles in groups")
        constraints = [
            models.UniqueConstraint(
                fields=["working_group", "user", "role"], name="group_role_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.get_role_display()}, {self.working_group}"


def default_group() -> WorkingGroup:
    """The group of a meeting created without one: settings.DEFAULT_WORKING_GROUP,
    created when missing (a flushed test database, a new installation)."""
    group, _created = WorkingGroup.objects.get_or_create(
        slug=settings.DEFAULT_WORKING_GROUP["slug"],
        defaults={
            key: value for key, value in settings.DEFAULT_WORKING_GROUP.items() if key != "slug"
        },
    )
    return group


def default_group_id() -> int:
    return default_group().pk
