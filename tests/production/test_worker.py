"""Text extraction runs in a worker process, through the database task backend."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from contributions.models import DocumentFile
from tests.production.arrange import publish, upload

pytestmark = pytest.mark.postgresql

ROOT = Path(__file__).resolve().parent.parent.parent


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def test_worker_process_makes_an_uploaded_file_searchable(
    transactional_db, settings, client, database_tasks, draft, delegate
):
    document_file = upload(draft, delegate, text="Cyberbullying helpline for teenagers")
    publish(draft)
    before = client.get("/documents.json", {"q": "cyberbullying"}).json()["count"]
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
    }

    worker = subprocess.run(  # noqa: S603 -- this interpreter, the project's manage.py
        [sys.executable, str(ROOT / "manage.py"), "db_worker", "--batch", "--no-startup-delay"],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    after = client.get("/documents.json", {"q": "cyberbullying"}).json()

    document_file.refresh_from_db()
    assert worker.returncode == 0, worker.stdout + worker.stderr
    assert before == 0
    assert document_file.extraction_status == DocumentFile.Extraction.DONE
    assert "Cyberbullying helpline for teenagers" in document_file.text
    assert after["count"] == 1
    assert after["documents"][0]["number"] == "CWG-COP-22/INF/1"
