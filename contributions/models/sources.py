"""Who documents come from (Member States, their ministries, partners, groups), the
languages and regions they are described by, and topics."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from cwgcop.public_rows import PublicRows


class Language(models.TextChoices):
    """The six official languages of ITU."""

    ARABIC = "ar", _("Arabic")
    CHINESE = "zh", _("Chinese")
    ENGLISH = "en", _("English")
    FRENCH = "fr", _("French")
    RUSSIAN = "ru", _("Russian")
    SPANISH = "es", _("Spanish")


class Region(models.TextChoices):
    """The six regions of the ITU Telecommunication Development Sector."""

    AFRICA = "africa", _("Africa")
    AMERICAS = "americas", _("Americas")
    ARAB_STATES = "arab_states", _("Arab States")
    ASIA_PACIFIC = "asia_pacific", _("Asia and the Pacific")
    CIS = "cis", _("Commonwealth of Independent States")
    EUROPE = "europe", _("Europe")


class SourceQuerySet(PublicRows):
    def member_states(self):
        return self.filter(kind=Source.Kind.MEMBER_STATE)


class Source(models.Model):
    """Who a document comes from, or who is asked to act: a Member State, a partner, a group."""

    class Kind(models.TextChoices):
        MEMBER_STATE = "member_state", _("Member State")
        SECTOR_MEMBER = "sector_member", _("Sector Member")
        ACADEMIA = "academia", _("Academia")
        INTERNATIONAL_ORGANIZATION = (
            "international_organization",
            _("International or intergovernmental organization"),
        )
        UN_BODY = "un_body", _("United Nations body")
        CIVIL_SOCIETY = "civil_society", _("Civil society")
        PRIVATE_SECTOR = "private_sector", _("Private sector")
        ITU_SECRETARIAT = "itu_secretariat", _("ITU secretariat")
        ITU_GROUP = "itu_group", _("ITU study group or other group")
        STATE_UNIT = (
            "state_unit",
            _("Ministry or agency of a Member State"),
        )
        OFFICER = "officer", _("Officer of the group (chair, vice-chair)")

    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    country = CountryField(_("country"), blank=True)
    itu_region = models.CharField(
        _("ITU region"), max_length=20, choices=Region.choices, blank=True
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        help_text=_("A ministry inside a Member State, a regional office inside the secretariat."),
    )
    delegates = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("delegates"),
        blank=True,
        related_name="represented_sources",
        help_text=_("Focal points who may draft and submit documents for this source."),
    )

    objects = SourceQuerySet.as_manager()

    class Meta:
        base_manager_name = "objects"  # cwgcop.public_rows: related managers write by it
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        ordering = ["name"]
        # Each rule says in words what it holds: the admin and the archive import show
        # that message, never the constraint's name.
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="member_state") | ~Q(country=""),
                name="source_member_state_has_country",
                violation_error_message=_("A Member State needs its country."),
            ),
            models.UniqueConstraint(
                fields=["country"],
                condition=Q(kind="member_state"),
                name="source_one_member_state_per_country",
                violation_error_message=_(
                    "This country already has its Member State. A ministry or agency of it "
                    "is a “Ministry or agency of a Member State”, part of that Member State."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(parent=models.F("pk")),
                name="source_not_own_parent",
                violation_error_message=_("A source cannot be part of itself."),
            ),
            models.CheckConstraint(
                condition=~Q(kind="state_unit") | (~Q(country="") & Q(parent__isnull=False)),
                name="source_state_unit_in_member_state",
                violation_error_message=_(
                    "A ministry or agency needs its country and, under “part of”, the "
                    "Member State it belongs to."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        if self.is_member_state:
            return reverse("contributions:country", args=[self.country.code.lower()])
        return reverse("contributions:source", args=[self.slug])

    @property
    def is_member_state(self) -> bool:
        return self.kind == self.Kind.MEMBER_STATE

    @property
    def display_name(self) -> str:
        return self.short_name or self.name


# Kinds of source whose documents count for their country: the country pages, the country
# filter and the country counts read these.
COUNTRY_KINDS = (Source.Kind.MEMBER_STATE, Source.Kind.STATE_UNIT)


class Topic(models.Model):
    """A subject the secretariat tags documents with. Its name is written in English and,
    for the pages in the other languages, in each of them (left empty: the English name
    is shown, marked as English)."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    name_ar = models.CharField(_("name in Arabic"), max_length=120, blank=True)
    name_zh = models.CharField(_("name in Chinese"), max_length=120, blank=True)
    name_fr = models.CharField(_("name in French"), max_length=120, blank=True)
    name_ru = models.CharField(_("name in Russian"), max_length=120, blank=True)
    name_es = models.CharField(_("name in Spanish"), max_length=120, blank=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    description = models.TextField(_("description"), blank=True)

    objects = PublicRows.as_manager()

    class Meta:
        base_manager_name = "objects"  # cwgcop.public_rows: related managers write by it
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("contributions:topic", args=[self.slug])

    def name_in(self, language: str | None) -> tuple[str, str]:
        """(name, the language it is written in): in `language` (a page's language, "fr",
        "zh-hans") when the topic has a name in it, else in English."""
        code = (language or "en").split("-")[0]
        translated = getattr(self, f"name_{code}", "") if code in TOPIC_NAME_LANGUAGES else ""
        return (translated, code) if translated else (self.name, "en")


# The languages a topic has a name field for, besides English.
TOPIC_NAME_LANGUAGES = ("ar", "zh", "fr", "ru", "es")
