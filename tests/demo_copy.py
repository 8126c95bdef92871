"""The demo data for the tests: loaded once per test process, copied into each test.

Loading the demo writes its documents' files, checks each upload and extracts its text: a
few seconds a test, for about three hundred tests. So the demo loader runs once per test
process, in a transaction rolled back at once; the rows it wrote, its files and its report
are kept, and the `demo` fixture writes those rows into the test's database and the files
into the test's storage, as the loader would have left them.
"""

import copy
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.test import override_settings
from django.utils import translation

from contributions.models import Document
from contributions.search import refresh_search_index
from cwgcop.kept import public_view_changed

# On SQLite the demo's rows are numbered from here, so that rows a test writes before it
# asks for the demo (numbered from 1 once the loading is rolled back) never take their ids.
# PostgreSQL never gives back a number it handed out, rolled back or not.
FIRST_ID = 1_000_000


@dataclass
class Table:
    model: type[models.Model]
    fields: list[models.Field]
    rows: list[tuple]


@dataclass
class DemoCopy:
    report: Any
    tables: list[Table]
    # References to rows the loader did not write (content types, groups): by natural key,
    # as their ids may differ from one test to the next (a flushed database renumbers them).
    references: dict[tuple[models.Field, Any], tuple]
    media: Path


def _models() -> list[type[models.Model]]:
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    ]


def _fields(model: type[models.Model]) -> list[models.Field]:
    return [
        field
        for field in model._meta.local_concrete_fields
        if not getattr(field, "generated", False)
    ]


def _rows(model: type[models.Model], fields: list[models.Field]) -> dict[Any, tuple]:
    attnames = [field.attname for field in fields]
    at = attnames.index(model._meta.pk.attname)
    return {row[at]: row for row in model._base_manager.order_by().values_list(*attnames)}


def _number_from(first_id: int) -> None:
    """Number the next row of every table from `first_id` (SQLite only; rolled back)."""
    with connection.cursor() as cursor:
        for model in _models():
            if model._meta.pk.get_internal_type() not in {"AutoField", "BigAutoField"}:
                continue
            table = model._meta.db_table
            cursor.execute("UPDATE sqlite_sequence SET seq = %s WHERE name = %s", [first_id, table])
            if cursor.rowcount == 0:
                cursor.execute(
                    "INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)", [table, first_id]
                )


def load(media: Path, **test_settings: Any) -> DemoCopy:
    """Run the demo loader under the tests' settings, keep what it wrote, and roll its rows
    back."""
    from meetings.demo import load_demo

    before = {model: _rows(model, _fields(model)) for model in _models()}
    storages = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    with (
        override_settings(MEDIA_ROOT=media, STORAGES=storages, **test_settings),
        translation.override(settings.LANGUAGE_CODE),
        transaction.atomic(),
    ):
        if connection.vendor == "sqlite":
            _number_from(FIRST_ID)
        report = load_demo()
        tables = []
        for model, rows_before in before.items():
            fields = _fields(model)
            rows_after = _rows(model, fields)
            # Only what the loader adds is copied: it neither changes nor deletes a row of
            # an empty database (migrations write groups, permissions and content types).
            kept = {pk: row for pk, row in rows_after.items() if pk in rows_before}
            if kept != rows_before:
                raise AssertionError(f"The demo loader changed rows of {model._meta.label}")
            written = [row for pk, row in rows_after.items() if pk not in rows_before]
            if written:
                tables.append(Table(model, fields, written))
        references = _references(tables)
        transaction.set_rollback(True)
    return DemoCopy(copy.deepcopy(report), tables, references, media)


def _references(tables: list[Table]) -> dict[tuple[models.Field, Any], tuple]:
    """The natural key of every row outside the copy that a copied row refers to, by the
    referring field and the value it holds."""
    written = {table.model: {row[_pk_at(table)] for row in table.rows} for table in tables}
    references = {}
    for table in tables:
        for at, field in enumerate(table.fields):
            if field.remote_field is None:
                continue
            target = field.remote_field.model
            for row in table.rows:
                value = row[at]
                if value is None or (
                    field.target_field.primary_key and value in written.get(target, ())
                ):
                    continue
                if (field, value) not in references:
                    row_referred = target._base_manager.get(**{field.target_field.attname: value})
                    references[field, value] = row_referred.natural_key()
    return references


def _pk_at(table: Table) -> int:
    return [field.attname for field in table.fields].index(table.model._meta.pk.attname)


def _referred_now(demo: "DemoCopy") -> dict[tuple[models.Field, Any], Any]:
    """What each reference outside the copy holds in this test's database."""
    return {
        (field, value): getattr(
            field.remote_field.model._default_manager.get_by_natural_key(*key),
            field.target_field.attname,
        )
        for (field, value), key in demo.references.items()
    }


def restore(demo: DemoCopy) -> Any:
    """Write the demo's rows into the test's database and its files into the test's storage;
    the loader's report."""
    referred = _referred_now(demo)
    with transaction.atomic():
        for table in demo.tables:
            objects = [
                table.model(
                    **{
                        field.attname: (
                            referred.get((field, value), value) if field.remote_field else value
                        )
                        for field, value in zip(table.fields, row, strict=True)
                    }
                )
                for row in table.rows
            ]
            # raw: the values as the loader left them (no auto_now, no signal).
            size = connection.ops.bulk_batch_size(table.fields, objects) or len(objects)
            for start in range(0, len(objects), size):
                table.model._base_manager._insert(
                    objects[start : start + size], fields=table.fields, raw=True
                )
        # The loader's last step, over the copy: PostgreSQL joins a document's sources,
        # topics and files in the order its plan reads them, which this test's tables may
        # read otherwise than the loading did, and a second loading here would notice.
        refresh_search_index(document_ids=Document.objects.values_list("pk", flat=True))
        if connection.vendor == "postgresql":
            # Past the copied ids, whatever a test that reset the sequences left them at.
            statements = connection.ops.sequence_reset_sql(
                no_style(), [table.model for table in demo.tables]
            )
            with connection.cursor() as cursor:
                for statement in statements:
                    cursor.execute(statement)
    for path in sorted(demo.media.rglob("*")):
        if path.is_file():
            name = path.relative_to(demo.media).as_posix()
            with path.open("rb") as content:
                saved = default_storage.save(name, File(content))
            assert saved == name, f"{name} was stored as {saved}"
    # Written without signals. The counts the loader's saves kept (contributions.counts)
    # are among the rows copied; the page cache hears of the rest as a write to a meeting
    # or a source tells it: nothing kept before is served again.
    public_view_changed(removal=True)
    return copy.deepcopy(demo.report)


def remove(demo: DemoCopy) -> None:
    shutil.rmtree(demo.media, ignore_errors=True)
