"""What changed between two versions of a document (revisions, addenda, corrigenda), read
from their files' extracted text in one language.

The text is cut into paragraphs, the paragraphs compared with difflib (the standard
library: no dependency, the same answer every time), and the words of a paragraph that
changed compared again. The worker builds a comparison (tasks.build_document_comparison)
and keeps it as JSON in the default storage under a name made of both files' SHA-256 and
the language: a published file never changes, so a kept comparison never goes stale.

A comparison is a list of blocks:
- {"same": [paragraph, ...]}: paragraphs both versions hold, folded on the page;
- {"old": segments, "new": segments}: a paragraph changed, deleted ("new" is None) or
  inserted ("old" is None), where segments are [[mark, text], ...] and mark is "="
  (in both), "-" (deleted) or "+" (inserted).
"""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db.models import Q
from django.urls import reverse

from cwgcop.prepared import enqueue_once

from .models import Document, DocumentFile, DocumentRelation

if TYPE_CHECKING:
    from collections.abc import Iterable

# Raised when what a comparison holds or how it is cut changes: earlier ones are then
# built again under new names.
FORMAT = 1
STORAGE_FOLDER = f"comparisons/v{FORMAT}"
# Two paragraphs of a changed stretch are one paragraph changed when this much of their
# words is alike; below it, one was deleted and another inserted.
ALIKE = 0.5
# A changed stretch longer than this (paragraphs on each side multiplied) is not searched
# for pairs of alike paragraphs: a document rewritten throughout is deleted and inserted.
PAIRING_LIMIT = 40_000

SAME, DELETED, INSERTED = "=", "-", "+"
SUPPLEMENT_KINDS = (DocumentRelation.Kind.ADDENDUM, DocumentRelation.Kind.CORRIGENDUM)


# The versions of a document


@dataclass(frozen=True)
class Version:
    """Another version of a document, and whether it was issued after it."""

    document: Document
    later: bool

    def pair(self, document: Document) -> tuple[Document, Document]:
        """This version and `document`, the earlier first."""
        return (document, self.document) if self.later else (self.document, document)


def versions_of(document: Document) -> list[Version]:
    """The other public versions of a document read for its page
    (document_page.public_document_page), the earlier first: its revisions, and the addenda
    and corrigenda to it or that it is one of. No query."""
    versions = {
        version.pk: Version(version, issue_order(version) > issue_order(document))
        for version in document.revision_list
    }
    for relation in document.published_relations:
        if relation.kind in SUPPLEMENT_KINDS:
            versions.setdefault(relation.target.pk, Version(relation.target, later=False))
    for relation in document.published_incoming_relations:
        if relation.kind in SUPPLEMENT_KINDS:
            versions.setdefault(relation.document.pk, Version(relation.document, later=True))
    return sorted(
        (version for version in versions.values() if version.document.number),
        key=lambda version: (version.later, issue_order(version.document)),
    )


def comparison_path(older: Document, newer: Document, language: str) -> str:
    """The address of what changed from the older version to the newer, in one language."""
    return reverse("contributions:compare", args=[older.number, newer.number, language])


def issue_order(document: Document) -> tuple:
    """Of two revisions, the earlier first: by revision, then as entered."""
    return (document.revision, document.pk)


# Paragraphs and words

# A line break after a space continues the paragraph (how PDF text wraps a line); any
# other line break, and a blank line, ends it (a Word paragraph is one line).
_PARAGRAPH_BREAK = re.compile(r"(?<![ \t])\n|\n[ \t]*\n")
_SPACES = re.compile(r"\s+")
_WORDS = re.compile(r"\s+|\w+|[^\w\s]")


def paragraphs(text: str) -> list[str]:
    """The text's paragraphs, each with its spaces made single, the empty ones left out."""
    found = (_SPACES.sub(" ", part).strip() for part in _PARAGRAPH_BREAK.split(text))
    return [paragraph for paragraph in found if paragraph]


def _merged(segments: Iterable[tuple[str, str]]) -> list[list[str]]:
    merged: list[list[str]] = []
    for mark, text in segments:
        if not text:
            continue
        if merged and merged[-1][0] == mark:
            merged[-1][1] += text
        else:
            merged.append([mark, text])
    return merged


def changed_words(old: str, new: str) -> tuple[list[list[str]], list[list[str]]]:
    """The segments of the old paragraph (kept and deleted) and of the new one (kept and
    inserted), compared word by word."""
    old_words, new_words = _WORDS.findall(old), _WORDS.findall(new)
    matcher = difflib.SequenceMatcher(None, old_words, new_words, autojunk=False)
    old_side, new_side = [], []
    for operation, i1, i2, j1, j2 in matcher.get_opcodes():
        before, after = "".join(old_words[i1:i2]), "".join(new_words[j1:j2])
        if operation == "equal":
            old_side.append((SAME, before))
            new_side.append((SAME, after))
        else:
            old_side.append((DELETED, before))
            new_side.append((INSERTED, after))
    return _merged(old_side), _merged(new_side)


def _alike(old: str, new: str) -> bool:
    matcher = difflib.SequenceMatcher(None, old.split(), new.split(), autojunk=False)
    return (
        matcher.real_quick_ratio() >= ALIKE
        and matcher.quick_ratio() >= ALIKE
        and matcher.ratio() >= ALIKE
    )


def _changed_stretch(old: list[str], new: list[str]) -> list[dict[str, Any]]:
    """The blocks of a stretch where the paragraphs differ: each old paragraph is paired
    with the first alike new one after the last pair; those left over were deleted or
    inserted."""
    blocks: list[dict[str, Any]] = []
    start = 0
    pairing = len(old) * len(new) <= PAIRING_LIMIT
    for paragraph in old:
        match = None
        if pairing:
            match = next((j for j in range(start, len(new)) if _alike(paragraph, new[j])), None)
        if match is None:
            blocks.append({"old": [[DELETED, paragraph]], "new": None})
            continue
        blocks.extend({"old": None, "new": [[INSERTED, text]]} for text in new[start:match])
        if paragraph == new[match]:  # another copy of a repeated paragraph
            blocks.append({"same": [paragraph]})
        else:
            old_side, new_side = changed_words(paragraph, new[match])
            blocks.append({"old": old_side, "new": new_side})
        start = match + 1
    blocks.extend({"old": None, "new": [[INSERTED, text]]} for text in new[start:])
    return blocks


def _occurrences(texts: list[str]) -> list[tuple[str, int]]:
    """Each paragraph with how many times it came before: a text repeated at length (a
    report printed twice over) is matched copy to copy, in order. Matched by the longest
    run first, the second copy of one version would else be matched with the first of the
    other, and all between shown deleted and inserted."""
    seen: dict[str, int] = {}
    keyed = []
    for text in texts:
        keyed.append((text, seen.get(text, 0)))
        seen[text] = seen.get(text, 0) + 1
    return keyed


def compare_texts(old_text: str, new_text: str) -> list[dict[str, Any]]:
    """The blocks that lead from the old text to the new one, paragraph by paragraph."""
    old, new = paragraphs(old_text), paragraphs(new_text)
    matcher = difflib.SequenceMatcher(None, _occurrences(old), _occurrences(new), autojunk=False)
    blocks: list[dict[str, Any]] = []
    for operation, i1, i2, j1, j2 in matcher.get_opcodes():
        if operation == "equal":
            blocks.append({"same": old[i1:i2]})
        else:
            blocks.extend(_changed_stretch(old[i1:i2], new[j1:j2]))
    return _folded(blocks)


def _folded(blocks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The blocks with unchanged paragraphs next to each other in one fold."""
    folded: list[dict[str, Any]] = []
    for block in blocks:
        if "same" in block and folded and "same" in folded[-1]:
            folded[-1] = {"same": folded[-1]["same"] + block["same"]}
        else:
            folded.append(block)
    return folded


@dataclass(frozen=True)
class Counts:
    changed: int
    inserted: int
    deleted: int
    same: int


def counts(blocks: list[dict[str, Any]]) -> Counts:
    """How many paragraphs changed, were inserted, deleted, or stayed the same."""
    tally = {"changed": 0, "inserted": 0, "deleted": 0, "same": 0}
    for block in blocks:
        if "same" in block:
            tally["same"] += len(block["same"])
        elif block["old"] is None:
            tally["inserted"] += 1
        elif block["new"] is None:
            tally["deleted"] += 1
        else:
            tally["changed"] += 1
    return Counts(**tally)


# Kept in storage, built by the worker


def storage_name(old_file: DocumentFile, new_file: DocumentFile) -> str:
    """Where the comparison of these two files is kept: their contents and language name it."""
    return f"{STORAGE_FOLDER}/{old_file.sha256}-{new_file.sha256}-{old_file.language}.json"


def stored_comparison(name: str) -> list[dict[str, Any]] | None:
    """The kept comparison, or None while it is not built."""
    try:
        with default_storage.open(name, "rb") as stored:
            return json.loads(stored.read().decode("utf-8"))["blocks"]
    except FileNotFoundError:
        return None


def build_comparison(*, old_file: DocumentFile, new_file: DocumentFile) -> str:
    """Compare the two files' text and keep the result (unless it already is); returns
    the storage name."""
    name = storage_name(old_file, new_file)
    if default_storage.exists(name):
        return name
    content = {"format": FORMAT, "blocks": compare_texts(old_file.text, new_file.text)}
    stored = default_storage.save(name, ContentFile(json.dumps(content).encode("utf-8")))
    if stored != name:  # built twice at once: the other one is the same
        default_storage.delete(stored)
    return name


def ask_for_build(old_file: DocumentFile, new_file: DocumentFile) -> bool:
    """Enqueue the comparison's build unless it was asked for already; whether it was now."""
    from .tasks import build_document_comparison

    return enqueue_once(
        storage_name(old_file, new_file), build_document_comparison, old_file.pk, new_file.pk
    )


def with_text(files):
    """Of these files, those whose text was read and is not empty."""
    return files.filter(~Q(text=""))
