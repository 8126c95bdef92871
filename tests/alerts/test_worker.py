"""Alert mails go out from the worker process, through the database task backend."""

import os
import subprocess
import sys
from email import message_from_string
from email.policy import default
from pathlib import Path

import pytest
from django.db import connection
from django_tasks_db.models import DBTaskResult

from alerts.models import Alert, PendingAlert, Subscriber
from alerts.services import confirm_alert, request_alert
from alerts.targets import target_from_value
from alerts.tasks import send_publication_alerts
from contributions import services
from workinggroups.models import default_group

pytestmark = pytest.mark.postgresql

ROOT = Path(__file__).resolve().parent.parent.parent


def run_worker(settings, mail_folder: Path) -> subprocess.CompletedProcess:
    database = connection.settings_dict
    environment = {
        **os.environ,
        "SECRET_KEY": settings.SECRET_KEY,
        "SITE_URL": settings.SITE_URL,
        "DATABASE_URL": (
            f"postgres://{database['USER'] or 'postgres'}@{database['HOST'] or '127.0.0.1'}:"
            f"{database['PORT'] or 5432}/{database['NAME']}"
        ),
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(mail_folder),
    }
    return subprocess.run(  # noqa: S603 -- this interpreter, the project's manage.py
        [sys.executable, str(ROOT / "manage.py"), "db_worker", "--batch", "--no-startup-delay"],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def mails_in(folder: Path) -> list:
    if not folder.exists():
        return []
    return [
        message_from_string(path.read_text(), policy=default) for path in sorted(folder.iterdir())
    ]


def test_worker_sends_the_confirmation_and_the_alert_once(
    transactional_db, settings, document_in, people, tmp_path
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    document = document_in("accepted", title="Helplines for children")
    request_alert(
        email="reader@example.net",
        target=target_from_value("country:IT", default_group()),
        frequency="immediate",
        language="en",
    )
    confirmations = run_worker(settings, tmp_path / "confirmations")
    confirm_alert(pending=PendingAlert.objects.get())

    services.publish_document(document=document, by=people["secretariat"])
    first = run_worker(settings, tmp_path / "alerts")
    # The task again, as a retry would run it.
    send_publication_alerts.enqueue(document.pk)
    second = run_worker(settings, tmp_path / "retry")

    assert (confirmations.returncode, first.returncode, second.returncode) == (0, 0, 0)
    [confirmation] = mails_in(tmp_path / "confirmations")
    assert confirmation["To"] == "reader@example.net"
    assert confirmation["Subject"] == "Confirm your CWG-COP Documents alert"
    alerts = [message for message in mails_in(tmp_path / "alerts") if message["List-Unsubscribe"]]
    assert [(message["To"], message["Subject"]) for message in alerts] == [
        ("reader@example.net", "Published: CWG-COP-22/INF/1 Helplines for children")
    ]
    assert alerts[0]["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert (
        str(alerts[0]["List-Unsubscribe"])
        .strip()
        .startswith("<https://documents.example.org/en/cwg-cop/alerts/unsubscribe/")
    )
    assert mails_in(tmp_path / "retry") == []
    # The queue holds ids, never the address.
    assert not DBTaskResult.objects.filter(args_kwargs__icontains="reader@").exists()
    assert (Subscriber.objects.count(), Alert.objects.count()) == (1, 1)
