"""The outline of a meeting report: its numbered sections, in order.

A section's number is its position in the outline, never written anywhere else: the
report builder, the Word document, the admin's choices and the demo data all name a
section by its key, so inserting a section here renumbers every section after it (and
every paragraph in them). Paragraphs the secretariat writes and presentations are both
filed under one of these sections.
"""

from django.db import models
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _


class ReportSection(models.TextChoices):
    """The numbered sections of the report, declared in report order."""

    INTRODUCTION = "introduction", _("Introduction")
    OPENING = "opening", _("Opening remarks")
    AGENDA = "agenda", _("Adoption of the agenda")
    DOCUMENTS = "documents", _("Contributions and information documents")
    PRESENTATIONS = "presentations", _("Presentations")
    OTHER_ITEMS = "other_items", _("Other agenda items")
    OTHER_BUSINESS = "other_business", _("Any other business")
    DISCUSSION = "discussion", _("Discussion")
    OUTCOMES = "outcomes", _("Outcomes")

    @property
    def number(self) -> int:
        """The section's number in the report: its position in the outline."""
        return OUTLINE.index(self) + 1


OUTLINE: tuple[ReportSection, ...] = tuple(ReportSection)


def numbered_choices() -> list[tuple[str, object]]:
    """The sections as the admin offers them: '5 Presentations', so one sees where it goes."""
    return [
        (section.value, format_lazy("{} {}", section.number, section.label)) for section in OUTLINE
    ]
