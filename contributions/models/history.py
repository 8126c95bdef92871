"""A document's workflow history and the secretariat's notes on it."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .documents import Document


class DocumentEvent(models.Model):
    """One change in a document's workflow: who, when, from which status to which, and why."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    at = models.DateTimeField(_("when"), db_index=True)
    # Blank for the row that records the document's creation.
    from_status = models.CharField(
        _("from"), max_length=20, choices=Document.Status.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=20, choices=Document.Status.choices)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("history entry")
        verbose_name_plural = _("history")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_from_status_display() or '-'} \u2192 {self.get_to_status_display()}"


class InternalNote(models.Model):
    """A note of the secretariat about a document; delegates never see it."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="internal_notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    at = models.DateTimeField(_("written"))
    text = models.TextField(_("note"))

    class Meta:
        verbose_name = _("internal note")
        verbose_name_plural = _("internal notes")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return self.text[:60]
