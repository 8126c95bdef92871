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

    def bulk_create(
        self, objs, batch_size=None, ignore_conflicts=False, update_conflicts=False, **kwargs
    ):
        from .kept import public_view_changed
        from .public_changes import public_rows_written

        rows = super().bulk_create(
            objs, batch_size, ignore_conflicts, update_conflicts=update_conflicts, **kwargs
        )
        public_rows_written(rows)
        if update_conflicts:
            # Rows stored already were written over, as by an update, and what they were is
            # not known: one that was public may be no longer.
            public_view_changed(removal=True)
        return rows


def is_public_model(model: type[models.Model]) -> bool:
    return issubclass(model._default_manager._queryset_class, PublicRows)
