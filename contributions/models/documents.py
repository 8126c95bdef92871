"""The documents themselves: their statuses, sources, titles, relations and files (their
history and the secretariat's notes: history.py)."""

import json

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cwgcop.public_rows import PublicRows
from workinggroups.addresses import slug_of_document, urlconf_for

from ..download_names import file_download_name, file_path
from ..numbers import number_key, number_stem
from ..storage import stored_file_name
from .keys import AmongKeys
from .sources import Language, Source, Topic
from .statuses import STATUS_FACTS, DocumentStatus, StatusFacts

_LANGUAGE_NAMES = dict(Language.choices)


def document_path(number: str, pk: int, group: str | None = None) -> str:
    """The address of a document, in the pages of the group of slug `group` (by default
    the request's): by its number, or by its id while it has none."""
    urlconf = urlconf_for(group) if group else None
    if number:
        return reverse("contributions:document", args=[number], urlconf=urlconf)
    return reverse("contributions:document-by-id", args=[pk], urlconf=urlconf)


class AccessLevel(models.TextChoices):
    """Who may read a published document's files and full text. The listing (number, title,
    sources, summary) is public either way; see visibility.can_read_restricted for who counts."""

    PUBLIC = "public", _("Public")
    MEMBERS = "members", _("Members only")


class DocumentQuerySet(PublicRows):
    def restricted(self):
        """Documents whose files and text are for members only."""
        return self.filter(access=AccessLevel.MEMBERS)

    def public(self):
        """What anyone may read: published, or superseded by a later revision."""
        return self.filter(status__in=DocumentStatus.PUBLIC)

    def listed(self):
        """What the public lists, counts and links: published, the current version."""
        return self.filter(status__in=DocumentStatus.LISTED)

    def for_meeting(self, meeting):
        """Documents of the meeting: those numbered for it and those it shares with others
        (the keys of the few it shares are read first, `AmongKeys`)."""
        shared = Document.other_meetings.through.objects.filter(meeting=meeting)
        return self.filter(Q(meeting=meeting) | AmongKeys("pk", shared.values("document_id")))

    def news(self):
        """Documents whose publication is news: not those entered from the archive."""
        return self.filter(from_archive=False)


class Document(models.Model):
    class Kind(models.TextChoices):
        CONTRIBUTION = "contribution", _("Contribution")
        INFORMATION = "information", _("Information document")
        LIAISON = "liaison", _("Liaison statement")
        PRESENTATION = "presentation", _("Presentation")
        REPORT = "report", _("Report")
        AGENDA = "agenda", _("Agenda")
        # Sent by the General Secretariat in the ITU's Circular Letter series (CL-24/67), not
        # in the meeting's: see services/numbering.py.
        INVITATION_LETTER = "invitation_letter", _("Invitation letter")
        PARTICIPANTS = "participants", _("List of participants")

    class Purpose(models.TextChoices):
        """What a liaison statement asks of whom it is addressed to."""

        ACTION = "action", _("For action")
        INFORMATION = "information", _("For information")

    Status = DocumentStatus
    Access = AccessLevel

    meeting = models.ForeignKey(
        "meetings.Meeting",
        verbose_name=_("meeting"),
        on_delete=models.PROTECT,
        related_name="documents",
        help_text=_(
            "The meeting the document is numbered for; for a number of another body's "
            "series, the first meeting it belongs to."
        ),
    )
    other_meetings = models.ManyToManyField(
        "meetings.Meeting",
        verbose_name=_("also belongs to"),
        blank=True,
        related_name="shared_documents",
        help_text=_("Other meetings the document belongs to, such as a report of two meetings."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    # The number as written on the document. Older numbers (the WG-CP era) are stored as
    # they were written; new ones are composed from the meeting's prefix, the series of the
    # kind, the sequence and the revision.
    number = models.CharField(
        _("number"),
        max_length=60,
        blank=True,
        db_index=True,
        help_text=_(
            "As printed on the document, in any form (WG-CP-3/12, C12/34, "
            "CWG-COP-18/INF/3 Rev.1). Leave empty to number the document on acceptance."
        ),
    )
    # The number's words and numbers, lowercased and parted by spaces ("wgcp 1 16 rev 1"), so
    # that a search or an address typed either way finds it, and the same without its
    # revision ("wgcp 1 16"), so that a number typed without one finds every revision (see
    # numbers.py). Kept in step with `number` by `save`. On PostgreSQL an index on the
    # reversed stem answers a search for a number's end ("INF/3"), made by migration 0012.
    number_key = models.CharField(max_length=120, blank=True, db_index=True, editable=False)
    number_stem = models.CharField(max_length=120, blank=True, db_index=True, editable=False)
    # A document of the group's meetings numbered in another body's series (the Council's
    # C20/57, a report on two meetings): it belongs to its meetings without a place in the
    # numbering of any of them, and its number is unique among all documents so numbered.
    numbered_by = models.CharField(
        _("numbered in the series of"),
        max_length=100,
        blank=True,
        help_text=_(
            "For a number of another body's series, that body (Council). Leave empty for "
            "the group's own series; an invitation letter's number (CL-24/67) is of the "
            "Circular Letter series when left empty."
        ),
    )
    sequence = models.PositiveIntegerField(_("sequence in its series"), null=True, blank=True)
    revision = models.PositiveSmallIntegerField(_("revision"), default=0)
    title = models.CharField(_("title"), max_length=500)
    sources = models.ManyToManyField(
        Source, verbose_name=_("sources"), through="DocumentSource", related_name="documents"
    )
    agenda_item = models.ForeignKey(
        "meetings.AgendaItem",
        verbose_name=_("agenda item"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="documents",
    )
    topics = models.ManyToManyField(
        Topic, verbose_name=_("topics"), blank=True, related_name="documents"
    )
    summary = models.TextField(_("summary"), blank=True)
    original_language = models.CharField(
        _("original language"), max_length=2, choices=Language.choices, default=Language.ENGLISH
    )
    # The codes of the languages the document was issued in, in the ITU's order and
    # separated by spaces ("ar en fr"); empty when only its files say it.
    languages = models.CharField(_("issued in"), max_length=20, blank=True)
    document_date = models.DateField(
        _("date"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("The date printed on the document. Set on publication when left empty."),
    )
    # As printed: an issued report may still carry the mark DRAFT, and a document issued in
    # English only is not always labelled so.
    draft_mark = models.BooleanField(
        _("marked DRAFT"),
        default=False,
        help_text=_("The document as issued is printed with the mark DRAFT."),
    )
    english_only_label = models.BooleanField(
        _("labelled “English only”"),
        default=True,
        help_text=_(
            "For a document issued in English only: it is printed with the label "
            "“English only”. Clear it for one issued in English without the label."
        ),
    )
    from_archive = models.BooleanField(
        _("entered from the archive"),
        default=False,
        help_text=_("An older document: its publication here is not news for the feed."),
    )
    addressee = models.CharField(
        _("addressed to"),
        max_length=300,
        blank=True,
        help_text=_("For a liaison statement: the groups it is sent to."),
    )
    purpose = models.CharField(
        _("for action or information"),
        max_length=20,
        choices=Purpose.choices,
        blank=True,
        help_text=_("For a liaison statement."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    access = models.CharField(
        _("access"),
        max_length=10,
        choices=AccessLevel.choices,
        default=AccessLevel.PUBLIC,
        help_text=_(
            "Members only: the document is listed publicly (number, title, sources, summary), "
            "but its files and their text are served only to signed-in members."
        ),
    )
    members_only_requested = models.BooleanField(
        _("members only requested"),
        default=False,
        help_text=_(
            "Ask the secretariat to keep the files to the membership, such as a list of "
            "participants. The secretariat decides."
        ),
    )
    is_late = models.BooleanField(_("submitted after the deadline"), default=False)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="submitted_documents",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="created_documents",
    )
    related = models.ManyToManyField(
        "self",
        verbose_name=_("related documents"),
        through="DocumentRelation",
        symmetrical=False,
        related_name="related_from",
        blank=True,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True, db_index=True)
    # Maintained by the search service on PostgreSQL; unused on SQLite. The text of
    # members-only files is kept apart, so that nobody else's search matches on it.
    search_vector = SearchVectorField(null=True, editable=False)
    members_search_vector = SearchVectorField(null=True, editable=False)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        base_manager_name = "objects"  # cwgcop.public_rows: related managers write by it
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-document_date", "-published_at", "-created_at"]
        # The orders of the public lists (selectors.NUMBER_ORDER, TITLE_ORDER), over the listed
        # documents only, so that a page of any of them is read from an index. The newest
        # order's index (NULLS LAST, which SQLite cannot index) is made on PostgreSQL only,
        # by migration 0010.
        indexes = [
            models.Index(
                fields=["meeting", "kind", "sequence", "revision", "number", "id"],
                name="document_listed_by_number",
                condition=Q(status=DocumentStatus.PUBLISHED),
            ),
            models.Index(
                fields=["title", "number", "id"],
                name="document_listed_by_title",
                condition=Q(status=DocumentStatus.PUBLISHED),
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "number"],
                condition=~Q(number=""),
                name="document_number_unique_in_meeting",
                violation_error_message=_("Another document of this meeting has this number."),
            ),
            models.UniqueConstraint(
                fields=["meeting", "kind", "sequence", "revision"],
                condition=Q(sequence__isnull=False),
                name="document_sequence_unique_in_series",
            ),
            # Older documents may have no number at all; every published one has the date
            # it was published here.
            models.CheckConstraint(
                condition=~Q(status=DocumentStatus.PUBLISHED) | Q(published_at__isnull=False),
                name="document_published_has_date",
                violation_error_message=_("A published document needs its publication date."),
            ),
            models.UniqueConstraint(
                fields=["number"],
                condition=~Q(numbered_by=""),
                name="document_number_unique_in_other_series",
                violation_error_message=_("Another document has this number of that series."),
            ),
            models.CheckConstraint(
                condition=Q(numbered_by="") | (Q(sequence__isnull=True) & ~Q(number="")),
                name="document_other_series_has_number_and_no_sequence",
                violation_error_message=_(
                    "A document numbered in another body's series has its number as printed "
                    "and no place in the meeting's numbering."
                ),
            ),
            models.CheckConstraint(
                condition=Q(kind="liaison") | (Q(addressee="") & Q(purpose="")),
                name="document_addressee_only_for_liaison",
                violation_error_message=_(
                    "Only a liaison statement is addressed to someone, for action or for "
                    "information."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}" if self.number else self.title

    def save(self, *args, **kwargs):
        # The search keys are derived from the number alone, so they are kept here,
        # whichever service or workflow step writes the number.
        self.number_key = number_key(self.number)
        self.number_stem = number_stem(self.number)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "number" in update_fields:
            kwargs["update_fields"] = {*update_fields, "number_key", "number_stem"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return document_path(self.number, self.pk, slug_of_document(self))

    @property
    def is_public(self) -> bool:
        """Anyone may read it: published, or superseded by a later revision."""
        return self.status in self.Status.PUBLIC

    @property
    def is_listed(self) -> bool:
        """The public pages list and count it: the current, published version."""
        return self.status in self.Status.LISTED

    @property
    def status_facts(self) -> StatusFacts:
        """What the pages say of its status: desk group, API event, badge."""
        return STATUS_FACTS[self.status]

    @property
    def is_superseded(self) -> bool:
        return self.status == self.Status.SUPERSEDED

    @property
    def is_restricted(self) -> bool:
        """Its files and their text are for members only."""
        return self.access == AccessLevel.MEMBERS

    def sources_in_order(self) -> list:
        """Its sources in the order it names them: from those a list read with it (in its
        row, `packed_sources`, or as `source_links`: contributions.selectors), else from the
        database."""
        if "packed_sources" in self.__dict__:
            # [order, link's key, the source's columns...] per source.
            rows = sorted(json.loads(self.packed_sources))
            return [Source.from_db(self._state.db, None, row[2:]) for row in rows]
        links = getattr(self, "source_links", None)
        if links is None:
            links = self.document_sources.all()
        return [link.source for link in links]

    def title_versions(self) -> list:
        """Its titles in the other languages: from those a list read with it (in its row,
        `packed_titles`, or as `listed_titles`), else from the database."""
        if "packed_titles" in self.__dict__:
            # [key, document's key, language, title] per title, by language as the model orders.
            rows = sorted(json.loads(self.packed_titles), key=lambda row: row[2])
            return [DocumentTitle.from_db(self._state.db, None, row) for row in rows]
        titles = getattr(self, "listed_titles", None)
        return titles if titles is not None else list(self.titles.all())

    def titles_were_read(self) -> bool:
        """Whether its titles came with it (a list's or a page's read): else showing them
        would cost a query per document."""
        return (
            "packed_titles" in self.__dict__
            or hasattr(self, "listed_titles")
            or "titles" in getattr(self, "_prefetched_objects_cache", {})
        )

    @property
    def english_only(self) -> bool:
        """Issued in English only, as ITU marks such documents."""
        return self.languages == Language.ENGLISH and self.english_only_label


class DocumentTitle(models.Model):
    """The title of one language version of a document, as ITU issues each version with a
    title of its own. `Document.title` stays the title in the original language."""

    document = models.ForeignKey(
        Document, verbose_name=_("document"), on_delete=models.CASCADE, related_name="titles"
    )
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    title = models.CharField(_("title"), max_length=500)

    objects = PublicRows.as_manager()

    class Meta:
        base_manager_name = "objects"  # cwgcop.public_rows: related managers write by it
        verbose_name = _("title in another language")
        verbose_name_plural = _("titles in other languages")
        ordering = ["document", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "language"], name="document_title_once_per_language"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.language})"


class DocumentSource(models.Model):
    """A source of a document, in the order the document names them."""

    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="document_sources"
    )
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="document_sources")
    order = models.PositiveSmallIntegerField(default=0)

    objects = PublicRows.as_manager()

    class Meta:
        base_manager_name = "objects"  # cwgcop.public_rows: related managers write by it
        verbose_name = _("document source")
        verbose_name_plural = _("document sources")
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["document", "source"], name="document_source_once"),
        ]

    def __str__(self) -> str:
        return f"{self.source} ({self.document})"


class DocumentRelation(models.Model):
    class Kind(models.TextChoices):
        REVISES = "revises", _("revises")
        ANSWERS = "answers", _("answers")
        SUPERSEDES = "supersedes", _("supersedes")
        ADDENDUM = "addendum", _("is an addendum to")
        CORRIGENDUM = "corrigendum", _("is a corrigendum to")
        CITES = "cites", _("cites")

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="relations")
    target = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="incoming_relations"
    )
    kind = models.CharField(_("relation"), max_length=20, choices=Kind.choices)

    objects = PublicRows.as_manager()

    class Meta:
        base_manager_name = "objects"  # cwgcop.public_rows: related managers write by it
        verbose_name = _("document relation")
        verbose_name_plural = _("document relations")
        constraints = [
            models.UniqueConstraint(
                fields=["document", "target", "kind"], name="document_relation_once"
            ),
            models.CheckConstraint(
                condition=~Q(document=models.F("target")),
                name="document_relation_not_self",
                violation_error_message=_("A document cannot be related to itself."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document} {self.get_kind_display()} {self.target}"


# A file for members only: marked so itself, or of a members-only document
# (DocumentFile.is_restricted as a condition).
RESTRICTED_FILE = Q(access=AccessLevel.MEMBERS) | Q(document__access=AccessLevel.MEMBERS)


class DocumentFileQuerySet(PublicRows):
    def restricted(self):
        """Files for members only: marked so themselves, or of a members-only document."""
        return self.filter(RESTRICTED_FILE)


class DocumentFile(models.Model):
    """One file of a document in one language. A revision is a document of its own."""

    Access = AccessLevel

    class Extraction(models.TextChoices):
        PENDING = "pending", _("Pending")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")
        LIMIT = "limit", _("Stopped at the limit")

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="files")
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    file = models.FileField(_("file"), upload_to=stored_file_name, max_length=255)
    original_name = models.CharField(_("original file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    content_type = models.CharField(_("content type"), max_length=120)
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    text = models.TextField(_("extracted text"), blank=True, editable=False)
    extraction_status = models.CharField(
        _("text extraction"), max_length=10, choices=Extraction.choices, default=Extraction.PENDING
    )
    extraction_error = models.TextField(_("text extraction error"), blank=True)
    # Where the first page prints otherwise than the record (number, date, source, "English
    # only", original language), read when the text is extracted: a list of {field,
    # file_says, record_says} (files/record_check.py). Shown as warnings, never blocking.
    record_differences = models.JSONField(
        _("differences from the record"), default=list, blank=True, editable=False
    )
    access = models.CharField(
        _("access"),
        max_length=10,
        choices=AccessLevel.choices,
        default=AccessLevel.PUBLIC,
        help_text=_("Members only: this file and its text are served only to members."),
    )
    # Set when a file with the same SHA-256 was already stored, so the secretariat can see
    # a document sent twice or a file uploaded to the wrong document.
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name=_("identical to"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = DocumentFileQuerySet.as_manager()

    class Meta:
        base_manager_name = "objects"  # cwgcop.public_rows: related managers write by it
        verbose_name = _("file")
        verbose_name_plural = _("files")
        ordering = ["document", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "language"], name="document_file_one_per_language"
            ),
            models.CheckConstraint(condition=Q(size__gt=0), name="document_file_not_empty"),
        ]

    def __str__(self) -> str:
        return self.original_name

    def get_absolute_url(self) -> str:
        return file_path(self.pk, self.download_name)

    def get_language_display(self) -> str:
        # Django's translates all six names to find one: a tenth of a meeting page's time.
        return str(_LANGUAGE_NAMES.get(self.language, self.language))

    @property
    def download_name(self) -> str:
        return file_download_name(self.document.number, self.language, self.original_name)

    @property
    def is_restricted(self) -> bool:
        """For members only: marked so itself, or of a members-only document."""
        return self.access == AccessLevel.MEMBERS or self.document.is_restricted

    @property
    def format_label(self) -> str:
        return self.original_name.rsplit(".", 1)[-1].upper() if "." in self.original_name else ""
