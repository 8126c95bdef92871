"""Counts of the listed documents by subject, kept as documents change (contributions.counts)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ListedCount(models.Model):
    """How many listed documents of one meeting and kind a subject has.

    A subject is the whole list (`all`), a meeting (`meeting:<id>`, its own documents and
    those it shares), a source (`source:<id>`), a country (`country:<code>`, its Member
    State and the ministries and agencies inside it), a topic (`topic:<id>`) or the year
    of the date on the documents (`year:2019`).
    """

    subject = models.CharField(_("subject"), max_length=40)
    meeting = models.ForeignKey(
        "meetings.Meeting", on_delete=models.CASCADE, related_name="+", verbose_name=_("meeting")
    )
    kind = models.CharField(_("kind"), max_length=20)
    count = models.IntegerField(_("count"), default=0)

    class Meta:
        verbose_name = _("count of listed documents")
        verbose_name_plural = _("counts of listed documents")
        constraints = [
            models.UniqueConstraint(
                fields=["subject", "meeting", "kind"], name="listed_count_one_per_cell"
            )
        ]

    def __str__(self) -> str:
        return f"{self.subject} {self.meeting_id} {self.kind}: {self.count}"


class SubjectTotal(models.Model):
    """How many listed documents a subject has in all: the sum of its `ListedCount` rows,
    kept with them, so that the countries and topics lists read one row per subject."""

    subject = models.CharField(_("subject"), max_length=40, primary_key=True)
    count = models.IntegerField(_("count"), default=0)

    class Meta:
        verbose_name = _("total of listed documents")
        verbose_name_plural = _("totals of listed documents")

    def __str__(self) -> str:
        return f"{self.subject}: {self.count}"


class GroupTotal(models.Model):
    """How many listed documents a subject has in one working group's meetings: the sum of
    its `ListedCount` rows of those meetings, kept with them, so that a group's lists and
    a country's counts per group read one row per subject."""

    group = models.ForeignKey(
        "workinggroups.WorkingGroup",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("working group"),
    )
    subject = models.CharField(_("subject"), max_length=40)
    count = models.IntegerField(_("count"), default=0)

    class Meta:
        verbose_name = _("total of listed documents in a group")
        verbose_name_plural = _("totals of listed documents in a group")
        constraints = [
            models.UniqueConstraint(fields=["group", "subject"], name="group_total_one_per_subject")
        ]

    def __str__(self) -> str:
        return f"{self.group_id} {self.subject}: {self.count}"


class CountedDocument(models.Model):
    """What one document adds to the counts, as last counted: the cells it adds one to.

    The document's id, not a key to it: a document deleted is still to be taken away."""

    document_id = models.BigIntegerField(primary_key=True)
    cells = models.JSONField(default=list)

    class Meta:
        verbose_name = _("counted document")
        verbose_name_plural = _("counted documents")

    def __str__(self) -> str:
        return str(self.document_id)
