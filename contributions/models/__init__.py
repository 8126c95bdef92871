"""Who documents come from, the documents themselves and their files."""

from .documents import (
    AccessLevel,
    Document,
    DocumentEvent,
    DocumentFile,
    DocumentFileQuerySet,
    DocumentQuerySet,
    DocumentRelation,
    DocumentSource,
    DocumentStatus,
    DocumentTitle,
    InternalNote,
    document_path,
    file_path,
)
from .sources import COUNTRY_KINDS, Language, Region, Source, SourceQuerySet, Topic

__all__ = [
    "COUNTRY_KINDS",
    "AccessLevel",
    "Document",
    "DocumentEvent",
    "DocumentFile",
    "DocumentFileQuerySet",
    "DocumentQuerySet",
    "DocumentRelation",
    "DocumentSource",
    "DocumentStatus",
    "DocumentTitle",
    "InternalNote",
    "Language",
    "Region",
    "Source",
    "SourceQuerySet",
    "Topic",
    "document_path",
    "file_path",
]
