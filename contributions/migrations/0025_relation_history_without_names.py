"""The history of a relation keeps the key of the document it names, and the admin's log
no longer names it.

A relation names another document, which a reader of the history may not be allowed to
read (another source's, not yet published). The document's change list now names it only
to those who may read it, by the key its entries keep from now on. This gives the entries
written before the key they lack: that of the relation's document when the relation is
still recorded, else that of the one document whose number and title (or title alone)
read as the entry wrote them. An entry whose document is not found again names no
document to anyone.

Django's admin named each relation added or deleted on a document's page in the log its
History page shows ("Added document relation “<document> answers <number and title>”");
it no longer writes the names, and this removes those it wrote.
"""

import json

from django.db import migrations
from django.db.models import Q

# The untranslated model name Django writes into change messages, and what stands for the
# relation's documents from now on.
RELATION_NAME = "document relation"
PLACEHOLDER = "\u2026"
CREATE, DELETE = 0, 2


def _changes(entry) -> dict:
    if isinstance(entry.changes, dict):
        return entry.changes
    try:
        changes = json.loads(entry.changes_text or "{}")
    except ValueError:
        return {}
    return changes if isinstance(changes, dict) else {}


def _named_text(entry) -> str | None:
    """The other document as the entry wrote it: what a new row was given, or a deleted
    one had."""
    old, new = (_changes(entry).get("target") or [None, None])[:2]
    text = new if entry.action == CREATE else old if entry.action == DELETE else new
    return text if isinstance(text, str) and text not in ("", "None") else None


def _document_named(document_model, text: str) -> int | None:
    """The one document that reads as `text` ("<number> <title>", or its title alone when it
    had no number yet); None when none or several do."""
    number, _, title = text.partition(" ")
    found = list(
        document_model.objects.filter(Q(title=text) | Q(number=number, title=title))
        .values_list("pk", flat=True)
        .distinct()[:2]
    )
    return found[0] if len(found) == 1 else None


def keep_relation_targets(apps, schema_editor):
    log_entry = apps.get_model("auditlog", "LogEntry")
    content_type = apps.get_model("contenttypes", "ContentType")
    relation_model = apps.get_model("contributions", "DocumentRelation")
    document_model = apps.get_model("contributions", "Document")
    relation_type = content_type.objects.filter(
        app_label="contributions", model="documentrelation"
    ).first()
    if relation_type is None:
        return
    entries = log_entry.objects.filter(content_type=relation_type).exclude(
        serialized_data__fields__has_key="target"
    )
    by_relation: dict[int | None, list] = {}
    for entry in entries.order_by("pk").iterator():
        if isinstance((entry.serialized_data or {}).get("fields"), dict):
            by_relation.setdefault(entry.object_id, []).append(entry)
    recorded = dict(
        relation_model.objects.filter(pk__in=[key for key in by_relation if key]).values_list(
            "pk", "target_id"
        )
    )
    for key, relation_entries in by_relation.items():
        target = recorded.get(key)
        for entry in relation_entries:
            if target is not None:
                break
            text = _named_text(entry)
            target = _document_named(document_model, text) if text else None
        for entry in relation_entries:
            entry.serialized_data["fields"]["target"] = target
            entry.save(update_fields=["serialized_data"])


def remove_relation_names(apps, schema_editor):
    log_entry = apps.get_model("admin", "LogEntry")
    content_type = apps.get_model("contenttypes", "ContentType")
    document_type = content_type.objects.filter(
        app_label="contributions", model="document"
    ).first()
    if document_type is None:
        return
    entries = log_entry.objects.filter(
        content_type=document_type, change_message__contains=RELATION_NAME
    )
    for entry in entries.iterator():
        try:
            parts = json.loads(entry.change_message)
        except ValueError:
            continue
        if not isinstance(parts, list):
            continue
        changed = False
        for part in parts:
            for details in part.values() if isinstance(part, dict) else ():
                if isinstance(details, dict) and details.get("name") == RELATION_NAME:
                    changed = changed or details.get("object") != PLACEHOLDER
                    details["object"] = PLACEHOLDER
        if changed:
            entry.change_message = json.dumps(parts)
            entry.save(update_fields=["change_message"])


def forward(apps, schema_editor):
    keep_relation_targets(apps, schema_editor)
    remove_relation_names(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("contributions", "0024_listed_by_kind_newest"),
        ("admin", "0003_logentry_add_action_flag_choices"),
        ("auditlog", "0017_add_actor_email"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
