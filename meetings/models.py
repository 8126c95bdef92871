"""Meetings of the working group: facts, agenda, programme of presentations, outcomes."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from contributions.models import AccessLevel
from cwgcop.public_rows import PublicRows
from workinggroups.addresses import default_slug, group_by_slug, group_reverse, slug_of_group
from workinggroups.models import default_group_id

from .outline import ReportSection


class Meeting(models.Model):
    class Format(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        VIRTUAL = "virtual", _("Virtual")
        HYBRID = "hybrid", _("Hybrid")
        # An older meeting whose record does not say how it was held.
        UNKNOWN = "", _("Not recorded")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        OPEN = "open", _("Open for contributions")
        HELD = "held", _("Held")
        CANCELLED = "cancelled", _("Cancelled")

    group = models.ForeignKey(
        "workinggroups.WorkingGroup",
        verbose_name=_("working group"),
        on_delete=models.PROTECT,
        related_name="meetings",
        default=default_group_id,
    )
    number = models.PositiveSmallIntegerField(_("number"))
    start_date = models.DateField(_("first day"))
    end_date = models.DateField(_("last day"))
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    format = models.CharField(
        _("format"), max_length=20, choices=Format.choices, default=Format.HYBRID, blank=True
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    participants = models.PositiveIntegerField(_("participants"), null=True, blank=True)
    participants_approximate = models.BooleanField(
        _("participant count is approximate"), default=False
    )
    contribution_deadline = models.DateTimeField(_("contribution deadline"), null=True, blank=True)
    document_prefix = models.CharField(
        _("document number prefix"),
        max_length=20,
        blank=True,
        help_text=_(
            "The group's name in document numbers when the meeting was held (WG-CP, CWG-COP). "
            "Leave empty for the prefix of the group's name on the meeting's first day."
        ),
    )
    mandate = models.CharField(
        _("mandate"),
        max_length=300,
        blank=True,
        help_text=_("The resolutions under which the meeting is held, as the report cites them."),
    )
    # The report's fixed sentences, as the meeting's record states them: an older meeting's
    # report said other things than today's (who could attend, what Council was asked).
    purpose = models.TextField(
        _("purpose of the report"),
        blank=True,
        help_text=_(
            "The report's purpose paragraph as written. Leave empty for the usual sentence, "
            "made from the meeting's number, dates and mandate."
        ),
    )
    action_required = models.TextField(
        _("action required"),
        blank=True,
        help_text=_(
            "What the group or Council is asked to do with the report. Leave empty for "
            "“The Council Working Group on child online protection is invited to consider "
            "and approve the report.”"
        ),
    )
    participants_represented = models.CharField(
        _("participants represented"),
        max_length=300,
        blank=True,
        help_text=_(
            "Who the participants represented, as the report lists them after “representing”: "
            "for example “governments, private sector, civil society”."
        ),
    )
    who_could_attend = models.TextField(
        _("who could attend"),
        blank=True,
        help_text=_(
            "Sentences on who could attend, added to the introduction as written: for "
            "example “The meeting was open to Member States only.”"
        ),
    )

    # Who may read the files of the documents drafted for the meeting, until the secretariat
    # decides otherwise on each (a closed meeting's contributions); a list of participants
    # is for members whatever this says (contributions.services.drafting).
    default_access = models.CharField(
        _("access of new documents"),
        max_length=10,
        choices=AccessLevel.choices,
        default=AccessLevel.PUBLIC,
        help_text=_(
            "The access a document drafted for this meeting starts with. A list of "
            "participants is for members only whatever is chosen here."
        ),
    )

    # What calendars that subscribed to the meeting compare: the sequence grows when its
    # dates, place, status or deadline change (RFC 5545 SEQUENCE), and the time of the last
    # change to anything its calendar entries show (LAST-MODIFIED). Kept by save_meeting.
    calendar_sequence = models.PositiveIntegerField(
        _("calendar revision"), default=0, editable=False
    )
    calendar_modified_at = models.DateTimeField(
        _("calendar entry changed"), default=timezone.now, editable=False
    )

    objects = PublicRows.as_manager()

    class Meta:
        base_manager_name = "objects"  # cwgcop.public_rows: related managers write by it
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-number"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")), name="meeting_ends_after_start"
            ),
            # Each group numbers its own meetings.
            models.UniqueConstraint(fields=["group", "number"], name="meeting_number_in_group"),
        ]

    def __str__(self) -> str:
        return f"{self.document_prefix}-{self.number}"

    def save(self, *args, **kwargs):
        if not self.document_prefix and self.start_date:
            self.document_prefix = self.group.prefix_on(self.start_date)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return group_reverse(slug_of_group(self.group_id), "meetings:detail", args=[self.number])

    @property
    def time_zone(self) -> str:
        """Where deadlines are set and shown: ITU headquarters (Geneva)."""
        return settings.MEETING_TIME_ZONE

    @property
    def code(self) -> str:
        return f"{self.document_prefix}-{self.number}"

    @property
    def group_name(self) -> str:
        """Its working group's full name in the active language (in English when it has
        none in it), read without a query; empty for the first group, whose pages keep the
        site's own name (workinggroups.context_processors)."""
        slug = slug_of_group(self.group_id)
        group = group_by_slug(slug) if slug != default_slug() else None
        return group.name_in(get_language())[0] if group else ""


class Officer(models.Model):
    """The chair and vice-chairs of a meeting."""

    class Role(models.TextChoices):
        CHAIR = "chair", _("Chair")
        VICE_CHAIR = "vice_chair", _("Vice-chair")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="officers")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    honorific = models.CharField(_("honorific"), max_length=20, blank=True)
    name = models.CharField(_("name"), max_length=200)
    affiliation = models.CharField(_("affiliation"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    chaired = models.BooleanField(
        _("chaired the meeting"),
        default=False,
        help_text=_(
            "The officer who chaired this meeting; the report names and is signed by them, "
            "with their role."
        ),
    )

    objects = PublicRows.as_manager()

    class Meta:
        base_manager_name = "objects"  # cwgcop.public_rows: related managers write by it
        verbose_name = _("officer")
        verbose_name_plural = _("officers")
        ordering = ["meeting", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting"],
                condition=Q(chaired=True),
                name="officer_one_chairing_per_meeting",
                violation_error_message=_("Only one officer can have chaired a meeting."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.affiliation})" if self.affiliation else self.name

    @property
    def formal_name(self) -> str:
        return f"{self.honorific} {self}".strip()


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    order = models.PositiveSmallIntegerField(_("order"))
    title = models.CharField(_("title"), max_length=300)
    added_at_meeting = models.BooleanField(
        _("added at the meeting"),
        default=False,
        help_text=_("The item was not on the draft agenda: the meeting added it."),
    )

    objects = PublicRows.as_manager()

    class Meta:
        base_manager_name = "objects"  # cwgcop.public_rows: related managers write by it
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "order"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "order"], name="agenda_item_order_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.title}"


class Presentation(models.Model):
    """One item of a meeting's programme, whether or not it took place."""

    class Status(models.TextChoices):
        PRESENTED = "presented", _("Presented")
        ORAL = "oral", _("Oral presentation, no document")
        ABSENT = "absent", _("Not presented: no representative present")
        NOT_HELD = "not_held", _("Not held")
        DEFERRED = "deferred", _("Deferred")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="presentations")
    agenda_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("agenda item"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="presentations",
    )
    order = models.PositiveSmallIntegerField(_("order"))
    document = models.ForeignKey(
        "contributions.Document",
        verbose_name=_("document"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="presentations",
    )
    title = models.CharField(
        _("title"),
        max_length=300,
        blank=True,
        help_text=_("For a presentation without a document."),
    )
    presenters = models.ManyToManyField(
        "contributions.Source",
        verbose_name=_("presented by"),
        blank=True,
        related_name="presentations",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PRESENTED
    )
    report_section = models.CharField(
        _("report section"),
        max_length=20,
        choices=ReportSection.choices,
        default=ReportSection.PRESENTATIONS,
        help_text=_("The section of the report whose numbered paragraphs summarise it."),
    )
    heading = models.CharField(
        _("report heading"),
        max_length=300,
        blank=True,
        help_text=_("The sub-heading under which the report lists this presentation."),
    )
    summary = models.TextField(
        _("summary"), blank=True, help_text=_("The paragraph that goes into the report.")
    )

    objects = PublicRows.as_manager()

    class Meta:
        base_manager_name = "objects"  # cwgcop.public_rows: related managers write by it
        verbose_name = _("presentation")
        verbose_name_plural = _("presentations")
        ordering = ["meeting", "order"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "order"], name="presentation_order_unique"),
            models.CheckConstraint(
                condition=~Q(status="oral") | Q(document__isnull=True),
                name="presentation_oral_has_no_document",
            ),
        ]

    def __str__(self) -> str:
        return self.display_title

    @property
    def display_title(self) -> str:
        """Its own title, else its document's. Rows read for one person say whether they may
        read the document (`document_readable`, see selectors.with_document_readable): one
        they may not read is not named to them."""
        if self.title or not self.document_id:
            return self.title
        if getattr(self, "document_readable", True):
            return self.document.title
        return str(_("Presentation of a document not yet published"))

    def presenter_sources(self) -> list:
        """Its presenters: those a list read with it (`presenter_list`), else from the
        database."""
        found = getattr(self, "presenter_list", None)
        return found if found is not None else list(self.presenters.all())

    @property
    def public_title(self) -> str:
        """What the public pages may call it: a document's title only once it is public."""
        if self.title:
            return self.title
        if self.document_id and self.document.is_public:
            return self.document.title
        return str(_("Presentation of a document not yet published"))

    @property
    def withholds_summary(self) -> bool:
        """Its summary is of a document not public yet: no public page, nor the report,
        says it until the document is published."""
        return self.document_id is not None and not self.document.is_public

    @property
    def public_summary(self) -> str:
        return "" if self.withholds_summary else self.summary


class OutcomeQuerySet(PublicRows):
    def open_actions(self):
        return self.filter(status=Outcome.Status.OPEN)

    def actions(self):
        """Outcomes that ask someone to act, whatever their status."""
        return self.exclude(status=Outcome.Status.NONE)


class Outcome(models.Model):
    """What a meeting agreed or asked, and, for what asks someone to act, how it stands."""

    class Kind(models.TextChoices):
        AGREEMENT = "agreement", _("Agreement")
        DECISION = "decision", _("Decision")
        INVITATION = "invitation", _("Invitation")
        ACTION = "action", _("Action")

    class Status(models.TextChoices):
        NONE = "", _("No action asked")
        OPEN = "open", _("Open")
        DONE = "done", _("Done")
        DROPPED = "dropped", _("Dropped")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="outcomes")
    order = models.PositiveSmallIntegerField(_("order"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    text = models.TextField(_("text"))
    responsible = models.ManyToManyField(
        "contributions.Source", verbose_name=_("who must act"), blank=True, related_name="outcomes"
    )
    due_meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("due by meeting"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions_due",
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, blank=True, default=""
    )
    fulfilled_by_document = models.ForeignKey(
        "contributions.Document",
        verbose_name=_("fulfilled by document"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="fulfilled_outcomes",
    )
    fulfilled_by_meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("fulfilled at meeting"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="fulfilled_outcomes",
    )

    objects = OutcomeQuerySet.as_manager()

    class Meta:
        base_manager_name = "objects"  # cwgcop.public_rows: related managers write by it
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")
        ordering = ["meeting", "order"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "order"], name="outcome_order_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.meeting} {self.order}: {self.text[:80]}"

    def get_absolute_url(self) -> str:
        # The meeting page, public whatever the report's state; the report may be a draft.
        return self.meeting.get_absolute_url() + f"#outcome-{self.meeting.number}-{self.order}"


class OutcomeEvent(models.Model):
    """One change of an action's status: who, when, from, to and why."""

    outcome = models.ForeignKey(Outcome, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    from_status = models.CharField(
        _("from"), max_length=20, choices=Outcome.Status.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=20, choices=Outcome.Status.choices)
    note = models.TextField(_("note"), blank=True)

    objects = PublicRows.as_manager()

    class Meta:
        base_manager_name = "objects"  # cwgcop.public_rows: related managers write by it
        verbose_name = _("action status change")
        verbose_name_plural = _("action status changes")
        ordering = ["outcome", "at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(from_status=F("to_status")), name="outcome_event_changes_status"
            ),
        ]

    def __str__(self) -> str:
        # Shown beside each row of the history inline, under the outcome itself: kept short.
        return f"{self.get_from_status_display() or '-'} -> {self.get_to_status_display()}"


class ReportParagraph(models.Model):
    """Report text that no other record holds, written by the secretariat paragraph by paragraph."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="report_paragraphs")
    section = models.CharField(_("section"), max_length=20, choices=ReportSection.choices)
    order = models.PositiveSmallIntegerField(_("order"))
    text = models.TextField(_("text"))

    objects = PublicRows.as_manager()

    class Meta:
        base_manager_name = "objects"  # cwgcop.public_rows: related managers write by it
        verbose_name = _("report paragraph")
        verbose_name_plural = _("report paragraphs")
        ordering = ["meeting", "section", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "section", "order"], name="report_paragraph_order_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_section_display()} {self.order}"


class ReportListItem(models.Model):
    """One line of the report's list of documents presented (paragraph 4.1), as written.

    Lines that share a group are listed under that group's line, as the report groups
    the partners' documents. A line that names a document is left out of the public
    report while that document is not published.
    """

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="report_list")
    order = models.PositiveSmallIntegerField(_("order"))
    group = models.CharField(
        _("group line"),
        max_length=300,
        blank=True,
        help_text=_(
            "Consecutive lines with the same group line are listed under it; leave empty "
            "for a line of its own."
        ),
    )
    text = models.TextField(_("line"))
    document = models.ForeignKey(
        "contributions.Document",
        verbose_name=_("document"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="report_list_items",
    )

    objects = PublicRows.as_manager()

    class Meta:
        base_manager_name = "objects"  # cwgcop.public_rows: related managers write by it
        verbose_name = _("report list line")
        verbose_name_plural = _("report list lines")
        ordering = ["meeting", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "order"], name="report_list_item_order_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.text[:80]


class PublishedReport(models.Model):
    """A meeting's report as it was published under its number: what its page shows and
    what it is compared with when the meeting's records change afterwards. Its Word file
    is the report document's own file (`document`), stored when it was published."""

    document = models.OneToOneField(
        "contributions.Document",
        verbose_name=_("report document"),
        on_delete=models.PROTECT,
        related_name="published_report",
    )
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="published_reports")
    title = models.CharField(_("title"), max_length=500)
    html = models.TextField(_("report as published"))
    # The report line by line ([kind, label, text] each), as MeetingReport.lines() reads it.
    lines = models.JSONField(_("lines"), default=list)
    withheld = models.PositiveIntegerField(default=0)
    language = models.CharField(_("language"), max_length=5)
    stored_at = models.DateTimeField(_("stored at"), default=timezone.now)

    objects = PublicRows.as_manager()

    class Meta:
        base_manager_name = "objects"  # cwgcop.public_rows: related managers write by it
        verbose_name = _("published report")
        verbose_name_plural = _("published reports")
        ordering = ["meeting", "-document__revision"]

    def __str__(self) -> str:
        return str(self.document)


# Defined beside the meeting in its own module; imported here so that the app registers it.
from .links import MeetingLink  # noqa: E402, F401
