"""How many listed documents each subject has, by meeting and kind: counters kept as the
documents change, so that a page about a country, a source, a topic or a meeting, the
countries and topics lists and the documents list read a few dozen rows for their counts
however large the archive is.

Each document's contribution (the cells it adds one to) is stored as it was last counted
(`CountedDocument`). `recount(ids)` computes what these documents should add now, and
applies the difference to `ListedCount`: it may run any number of times, for any
documents, and leaves the counts right. The receivers below run it, inside the writing
transaction, for every write that can change what a listed document adds: the document
(its status, meeting, kind), its sources, topics and other meetings, and a source's
kind or country; writes that send no signal go through `public_changes.public_rows_written`
(which calls `recount` too). `python manage.py recount` counts everything anew.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from django.db import connection, transaction
from django.db.models import Q, Sum
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save

from cwgcop.kept import scope

from .models import (
    COUNTRY_KINDS,
    CountedDocument,
    Document,
    DocumentSource,
    GroupTotal,
    ListedCount,
    Source,
    SubjectTotal,
)

ALL = "all"
# A subject's key is the cache's scope of its pages (cwgcop.kept.scope: `country:IT`), so
# that a page names one key for what it shows and what it counts.
Cell = tuple[str, int, str]  # (subject, meeting id, kind)
# Documents counted per batch of queries.
_BATCH = 2000


# ---- Reading


def by_meeting_and_kind(subject_key: str) -> list[tuple[int, str, int]]:
    """(meeting id, kind, count) of a subject's listed documents, none at zero."""
    return list(
        ListedCount.objects.filter(subject=subject_key, count__gt=0)
        .order_by()
        .values_list("meeting_id", "kind", "count")
    )


def totals(prefix: str, group=None) -> dict[str, int]:
    """Each subject's number of listed documents, of the subjects whose key starts with
    `prefix` (`country:`, `topic:`, `source:`), by the rest of the key: one row each; in
    one working group's meetings when `group` is given."""
    return totals_of((prefix,), group=group)[prefix]


def totals_of(prefixes: tuple[str, ...], group=None) -> dict[str, dict[str, int]]:
    """`totals` of each of these prefixes, read in one query."""
    condition = Q()
    for prefix in prefixes:
        condition |= Q(subject__startswith=prefix)
    if group is not None:
        rows = GroupTotal.objects.filter(condition, group=group, count__gt=0)
    else:
        rows = SubjectTotal.objects.filter(condition, count__gt=0)
    found: dict[str, dict[str, int]] = {prefix: {} for prefix in prefixes}
    for key, count in rows.values_list("subject", "count"):
        for prefix in prefixes:
            if key.startswith(prefix):
                found[prefix][key.removeprefix(prefix)] = count
                break
    return found


def total(subject_key: str = ALL, group=None) -> int:
    """A subject's number of listed documents (the whole list's by default), in one
    working group's meetings when `group` is given."""
    if group is not None:
        found = GroupTotal.objects.filter(group=group, subject=subject_key)
    else:
        found = SubjectTotal.objects.filter(subject=subject_key)
    found = found.values_list("count", flat=True)
    return next(iter(found), 0)


def totals_by_group(subject_key: str, slugs: list[str] | None = None) -> dict[int, int]:
    """A subject's number of listed documents in each working group (of these `slugs`
    only, when given), by the group's key."""
    rows = GroupTotal.objects.filter(subject=subject_key, count__gt=0)
    if slugs is not None:
        rows = rows.filter(group__slug__in=slugs)
    return dict(rows.values_list("group_id", "count"))


# ---- Keeping


def _cells(ids: set[int]) -> dict[int, set[Cell]]:
    """What each of these documents adds now: nothing unless it is listed."""
    rows = Document.objects.listed().filter(pk__in=ids)
    listed, subjects = {}, {}
    for pk, meeting_id, kind, dated in rows.values_list(
        "pk", "meeting_id", "kind", "document_date"
    ):
        listed[pk] = (meeting_id, kind)
        subjects[pk] = {ALL, scope("meeting", meeting_id)}
        if dated is not None:
            subjects[pk].add(scope("year", dated.year))
    if not listed:
        return {}
    shared = Document.other_meetings.through.objects.filter(document_id__in=listed)
    for pk, meeting_id in shared.values_list("document_id", "meeting_id"):
        subjects[pk].add(scope("meeting", meeting_id))
    links = DocumentSource.objects.filter(document_id__in=listed)
    for pk, source_id, kind, country in links.values_list(
        "document_id", "source_id", "source__kind", "source__country"
    ):
        subjects[pk].add(scope("source", source_id))
        if kind in COUNTRY_KINDS and country:
            subjects[pk].add(scope("country", country))
    tagged = Document.topics.through.objects.filter(document_id__in=listed)
    for pk, topic_id in tagged.values_list("document_id", "topic_id"):
        subjects[pk].add(scope("topic", topic_id))
    return {
        pk: {(key, meeting_id, kind) for key in subjects[pk]}
        for pk, (meeting_id, kind) in listed.items()
    }


def recount(ids: Iterable[int]) -> None:
    """Bring the counts of these documents (listed or not, deleted too) up to date."""
    ids = {int(pk) for pk in ids if pk is not None}
    ordered = sorted(ids)
    for start in range(0, len(ordered), _BATCH):
        _recount(set(ordered[start : start + _BATCH]))


def _recount(ids: set[int]) -> None:
    with transaction.atomic():
        counted = CountedDocument.objects.filter(document_id__in=ids)
        if not counted.exists() and not Document.objects.listed().filter(pk__in=ids).exists():
            return  # drafts and the like: nothing counted, nothing to count
        # Two writers of one document count it one after the other.
        list(Document.objects.select_for_update().filter(pk__in=ids).order_by("pk").values("pk"))
        before = {
            row.document_id: {tuple(cell) for cell in row.cells}
            for row in counted.select_for_update().order_by("document_id")
        }
        after = _cells(ids)
        changes: Counter[Cell] = Counter()
        for pk in ids:
            old, new = before.get(pk, set()), after.get(pk, set())
            changes.update(new - old)
            changes.subtract(old - new)
        _apply(changes)
        gone = [pk for pk in before if not after.get(pk)]
        CountedDocument.objects.filter(document_id__in=gone).delete()
        changed = [
            CountedDocument(document_id=pk, cells=sorted(cells))
            for pk, cells in after.items()
            if cells != before.get(pk)
        ]
        CountedDocument.objects.bulk_create(
            changed, update_conflicts=True, unique_fields=["document_id"], update_fields=["cells"]
        )


def _apply(changes: Counter[Cell]) -> None:
    changes = Counter({cell: delta for cell, delta in changes.items() if delta})
    if not changes:
        return
    _add(ListedCount, ("subject", "meeting", "kind"), changes)
    by_subject: Counter[tuple[str]] = Counter()
    for (key, _meeting, _kind), delta in changes.items():
        by_subject[(key,)] += delta
    _add(SubjectTotal, ("subject",), by_subject)
    _add(GroupTotal, ("group", "subject"), _by_group(changes))


# Rows added to per statement: four parameters each, within SQLite's limit of 32,766.
_ADDED_AT_ONCE = 1000


def _add(model, key: tuple[str, ...], deltas: Counter[tuple]) -> None:
    """Add each delta to the count of the row of its key, a row at zero when there is none:
    one statement for every row (an upsert, on PostgreSQL and SQLite alike), rather than an
    insert and an update each. The rows are written in the order of their keys, as any other
    recount writes them, so that two recounts at once wait for each other rather than
    deadlock (two transactions that each recount more than once may still lock in turn)."""
    rows = sorted((cell, delta) for cell, delta in deltas.items() if delta)
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = ", ".join(quote(model._meta.get_field(name).column) for name in key)
    count = quote(model._meta.get_field("count").column)
    row = "(" + ", ".join(["%s"] * (len(key) + 1)) + ")"
    with connection.cursor() as cursor:
        for start in range(0, len(rows), _ADDED_AT_ONCE):
            batch = rows[start : start + _ADDED_AT_ONCE]
            values = ", ".join([row] * len(batch))
            # Only the model's own table and column names are interpolated.
            sql = (
                f"INSERT INTO {table} ({columns}, {count}) VALUES {values} ON CONFLICT "  # noqa: S608
                f"({columns}) DO UPDATE SET {count} = {table}.{count} + EXCLUDED.{count}"
            )
            cursor.execute(sql, [value for cell, delta in batch for value in (*cell, delta)])


def _by_group(cells: Counter[Cell]) -> Counter[tuple[int, str]]:
    """These cells summed by (their meeting's group, subject)."""
    from meetings.models import Meeting

    meetings = {meeting for _key, meeting, _kind in cells}
    group_of = dict(Meeting.objects.filter(pk__in=meetings).values_list("pk", "group_id"))
    summed: Counter[tuple[int, str]] = Counter()
    for (key, meeting, _kind), count in cells.items():
        if meeting in group_of:
            summed[group_of[meeting], key] += count
    return summed


def total_groups_anew() -> None:
    """Each group's totals summed again from the cells: after everything is counted anew,
    or after a meeting moves to another group, whose documents then count in the other."""
    with transaction.atomic():
        GroupTotal.objects.all().delete()
        cells = ListedCount.objects.filter(count__gt=0).order_by()
        summed = cells.values_list("meeting__group", "subject").annotate(total=Sum("count"))
        GroupTotal.objects.bulk_create(
            (GroupTotal(group_id=group, subject=key, count=count) for group, key, count in summed),
            batch_size=_BATCH,
        )


def recount_everything(*, by_group: bool = True) -> int:
    """Count every document anew (after an import that sent no signal, or to check):
    returns how many documents are counted. Without `by_group`, the groups' totals are
    left alone (the migrations from before the groups had none)."""
    with transaction.atomic():
        ListedCount.objects.all().delete()
        SubjectTotal.objects.all().delete()
        CountedDocument.objects.all().delete()
        ids = list(Document.objects.listed().order_by("pk").values_list("pk", flat=True))
        cells: Counter[Cell] = Counter()
        for start in range(0, len(ids), _BATCH):
            counted = _cells(set(ids[start : start + _BATCH]))
            for each in counted.values():
                cells.update(each)
            CountedDocument.objects.bulk_create(
                CountedDocument(document_id=pk, cells=sorted(each)) for pk, each in counted.items()
            )
        ListedCount.objects.bulk_create(
            (
                ListedCount(subject=key, meeting_id=meeting, kind=kind, count=count)
                for (key, meeting, kind), count in cells.items()
            ),
            batch_size=_BATCH,
        )
        by_subject: Counter[str] = Counter()
        for (key, _meeting, _kind), count in cells.items():
            by_subject[key] += count
        SubjectTotal.objects.bulk_create(
            (SubjectTotal(subject=key, count=count) for key, count in by_subject.items()),
            batch_size=_BATCH,
        )
        if by_group:
            total_groups_anew()
    return len(ids)


# ---- Receivers


def _document_saved(sender, instance, **kwargs) -> None:
    recount([instance.pk])


def _part_written(sender, instance, **kwargs) -> None:
    recount([instance.document_id])


def _document_m2m_changed(sender, instance, action, reverse, pk_set, **kwargs) -> None:
    """A document's topics or other meetings, from either side."""
    if action not in {"post_add", "post_remove", "post_clear", "pre_clear"}:
        return
    if not reverse:
        recount([instance.pk])
    elif action == "pre_clear":
        # A topic or a meeting cleared of its documents: which they were, before.
        through = sender.objects.filter(**{_through_field(sender, instance): instance.pk})
        instance._counted_before_clear = set(through.values_list("document_id", flat=True))
    elif action == "post_clear":
        recount(getattr(instance, "_counted_before_clear", ()))
    else:
        recount(pk_set or ())


def _through_field(through, instance) -> str:
    """The through model's key to the topic or meeting (its other key is the document's)."""
    return next(
        field.attname
        for field in through._meta.concrete_fields
        if field.is_relation and field.related_model is not Document
    )


def _holder_before_delete(sender, instance, **kwargs) -> None:
    """A topic or a meeting deleted takes its links to documents with it, without a signal
    for each (Django sends none for the rows of an automatic through model)."""
    instance._counted_documents = set()
    for field in (Document.topics.field, Document.other_meetings.field):
        if isinstance(instance, field.related_model):
            through = field.remote_field.through
            links = through.objects.filter(**{_through_field(through, instance): instance.pk})
            instance._counted_documents |= set(links.values_list("document_id", flat=True))


def _holder_deleted(sender, instance, **kwargs) -> None:
    recount(getattr(instance, "_counted_documents", ()))


def _source_before_save(sender, instance, **kwargs) -> None:
    if instance.pk is None:
        return
    stored = Source.objects.filter(pk=instance.pk).values("kind", "country").first()
    instance._counted_as = stored


def _source_saved(sender, instance, created, **kwargs) -> None:
    stored = getattr(instance, "_counted_as", None)
    if created or stored is None:
        return
    now = {"kind": instance.kind, "country": str(instance.country or "")}
    if {"kind": stored["kind"], "country": str(stored["country"] or "")} != now:
        recount(
            DocumentSource.objects.filter(source=instance).values_list("document_id", flat=True)
        )


def _meeting_before_save(sender, instance, **kwargs) -> None:
    if instance.pk is not None:
        stored = sender.objects.filter(pk=instance.pk).values_list("group_id", flat=True)
        instance._counted_in_group = next(iter(stored), None)


def _meeting_saved(sender, instance, created, **kwargs) -> None:
    stored = getattr(instance, "_counted_in_group", None)
    if not created and stored is not None and stored != instance.group_id:
        total_groups_anew()


def subjects_written(model, pks: list[int]) -> None:
    """Sources or meetings written without a signal (cwgcop.public_rows): counted as their
    saves' receivers count them, whether or not what counts changed."""
    if model is Source:
        recount(DocumentSource.objects.filter(source__in=pks).values_list("document_id", flat=True))
    elif model is Document.meeting.field.related_model and pks:
        total_groups_anew()


def watch_documents() -> None:
    """Connect the receivers (from AppConfig.ready)."""
    uid = "counts"
    post_save.connect(_document_saved, sender=Document, dispatch_uid=uid)
    post_delete.connect(_document_saved, sender=Document, dispatch_uid=uid)
    post_save.connect(_part_written, sender=DocumentSource, dispatch_uid=uid)
    post_delete.connect(_part_written, sender=DocumentSource, dispatch_uid=uid)
    for field in (Document.topics.field, Document.other_meetings.field):
        through = field.remote_field.through
        m2m_changed.connect(_document_m2m_changed, sender=through, dispatch_uid=uid)
    for holder in (
        Document.topics.field.related_model,
        Document.other_meetings.field.related_model,
    ):
        pre_delete.connect(_holder_before_delete, sender=holder, dispatch_uid=uid)
        post_delete.connect(_holder_deleted, sender=holder, dispatch_uid=uid)
    pre_save.connect(_source_before_save, sender=Source, dispatch_uid=uid)
    post_save.connect(_source_saved, sender=Source, dispatch_uid=uid)
    meeting = Document.meeting.field.related_model
    pre_save.connect(_meeting_before_save, sender=meeting, dispatch_uid=uid)
    post_save.connect(_meeting_saved, sender=meeting, dispatch_uid=uid)
