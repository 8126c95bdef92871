"""Text extraction and mail run in a worker process, through the database task backend."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.db import connection

from contributions import services
from contributions.models import DocumentFile
from tests.factories import UserFactory
from tests.production.arrange import publish, upload

pytestmark = pytest.mark.postgresql

ROOT = Path(__file__).resolve().parent.parent.parent


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _exported(response) -> dict:
    """The JSON export."""
    return json.loads(response.getvalue())


def test_worker_process_makes_an_uploaded_file_searchable_and_sends_mail(
    transactional_db, settings, client, database_tasks, draft, delegate, tmp_path
):
    secretary = UserFactory(username="secretary", email="secretariat@itu.example")
    secretary.groups.add(Group.objects.get(name="Secretariat"))
    document_file = upload(draft, delegate, text="Cyberbullying helpline for teenagers")
    services.submit_document(document=draft, by=delegate)
    mail_before = len(mail.outbox)
    publish(draft)
    before = _exported(client.get("/en/cwg-cop/documents.json", {"q": "cyberbullying"}))["count"]
    database = connection.settings_dict
    environment = {
        **os.environ,
        "SECRET_KEY": "test-only",
        "DATABASE_URL": (
            f"postgres://{database['USER'] or 'postgres'}@{database['HOST'] or '127.0.0.1'}:"
            f"{database['PORT'] or 5432}/{database['NAME']}"
        ),
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(tmp_path / "mail"),
    }

    worker = subprocess.run(  # noqa: S603 -- this interpreter, the project's manage.py
        [sys.executable, str(ROOT / "manage.py"), "db_worker", "--batch", "--no-startup-delay"],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    after = _exported(client.get("/en/cwg-cop/documents.json", {"q": "cyberbullying"}))

    document_file.refresh_from_db()
    assert worker.returncode == 0, worker.stdout + worker.stderr
    assert before == 0
    assert document_file.extraction_status == DocumentFile.Extraction.DONE
    assert "Cyberbullying helpline for teenagers" in document_file.text
    assert after["count"] == 1
    assert after["documents"][0]["number"] == "CWG-COP-22/INF/1"
    assert mail_before == 0
    # The worker sends both mails of the submission: the secretariat's and the receipt.
    sent = [path.read_text() for path in (tmp_path / "mail").iterdir()]
    headers = sorted(
        line.split(":", 1)[0] + ": " + line.split(": ", 1)[1].split(":", 1)[0]
        for text in sent
        for line in text.splitlines()
        if line.startswith(("To: ", "Subject: "))
    )
    assert headers == sorted(
        [
            "Subject: Received",
            "Subject: Submitted for review",
            f"To: {delegate.email}",
            "To: secretariat@itu.example",
        ]
    )
