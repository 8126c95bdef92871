"""The admin's log of documents loses the note text it recorded ("Added internal note “…”").

Django's admin named each added inline row in the LogEntry of the save, and so copied the
first words of every internal note into a log that the document's History page shows its
delegates. The admin no longer writes that text; this removes what it wrote before.
"""

import json

from django.db import migrations

# The untranslated model name Django writes into change messages, and what stands for the
# note's text from now on.
NOTE_NAME = "internal note"
PLACEHOLDER = "\u2026"


def remove_note_text(apps, schema_editor):
    log_entry = apps.get_model("admin", "LogEntry")
    content_type = apps.get_model("contenttypes", "ContentType")
    document_type = content_type.objects.filter(
        app_label="contributions", model="document"
    ).first()
    if document_type is None:
        return
    entries = log_entry.objects.filter(
        content_type=document_type, change_message__contains=NOTE_NAME
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
                if isinstance(details, dict) and details.get("name") == NOTE_NAME:
                    changed = changed or details.get("object") != PLACEHOLDER
                    details["object"] = PLACEHOLDER
        if changed:
            entry.change_message = json.dumps(parts)
            entry.save(update_fields=["change_message"])


class Migration(migrations.Migration):
    dependencies = [
        ("contributions", "0005_roles"),
        ("admin", "0003_logentry_add_action_flag_choices"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(remove_note_text, migrations.RunPython.noop)]
