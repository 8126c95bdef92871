"""The querysets of the models whose rows the public pages show. cwgcop/public_changes.py
watches every model whose default manager is made of `PublicRows`; the writes that send no
signal, `update` (which `bulk_update` calls too) and `bulk_create`, are told here as their
saves would be, so that no caller has to remember to. Their `Meta.base_manager_name` is
"objects" too: Django writes through the base manager when a related manager adds rows
(`group.meetings.add()`, `set()`) and when a deletion sets keys to null."""

from django.db import models


class PublicRows(models.QuerySet):
    def update(self, **fields):
        from .public_changes import public_rows_updated  # it reads the models made of this

        return public_rows_updated(self, fields, update=super().update)

    def bulk_create(self, objs, *args, **kwargs):
        from .public_changes import public_rows_written

        rows = super().bulk_create(objs, *args, **kwargs)
        public_rows_written(rows)
        return rows


def is_public_model(model: type[models.Model]) -> bool:
    return issubclass(model._default_manager._queryset_class, PublicRows)
