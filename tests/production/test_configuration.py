"""The documented production environment: checks pass, an outage is a 503, logs are lines."""

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cwgcop.logs import OneLineFormatter

ROOT = Path(__file__).resolve().parent.parent.parent

# The README's production environment (section "Production"), with placeholder values.
PRODUCTION_ENVIRONMENT = {
    "SECRET_KEY": "f7c2a9e41b0d4c8e9a63d15b7e2f08c4a1d9e6b3c7f25a80d4e1b9c6a3f7e2d5",
    "ALLOWED_HOSTS": "documents.example.org",
    "CSRF_TRUSTED_ORIGINS": "https://documents.example.org",
    "SITE_URL": "https://documents.example.org",
    "BEHIND_TLS_PROXY": "1",
    "SECURE_SSL_REDIRECT": "1",
    "SECURE_HSTS_SECONDS": "31536000",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": "1",
    "SECURE_HSTS_PRELOAD": "1",
    "REDIS_URL": "redis://127.0.0.1:6379/1",
    "S3_BUCKET": "cwgcop-documents",
    "S3_ENDPOINT_URL": "http://127.0.0.1:8333",
    "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
}


def _run(code_or_args: list[str], **environment: str) -> subprocess.CompletedProcess:
    env = {
        key: value
        for key, value in os.environ.items()
        # The browser tests allow the ORM in Playwright's event loop; production never does.
        if key not in {"DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE", *PRODUCTION_ENVIRONMENT}
    }
    env.update(environment)
    return subprocess.run(  # noqa: S603 -- this interpreter, fixed arguments
        [sys.executable, *code_or_args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def test_check_deploy_with_the_documented_environment_has_no_warning():
    result = _run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **PRODUCTION_ENVIRONMENT
    )

    assert result.returncode == 0, result.stderr
    assert (
        result.stdout.strip().splitlines()[-1] == "System check identified no issues (0 silenced)."
    )


def test_check_deploy_without_https_settings_warns():
    environment = {
        key: value
        for key, value in PRODUCTION_ENVIRONMENT.items()
        if key not in {"SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS"}
    }

    result = _run(["manage.py", "check", "--deploy"], **environment)

    assert "security.W004" in result.stderr
    assert "security.W008" in result.stderr


OUTAGE_SCRIPT = """
import sys
import django
django.setup()
from django.test import Client
client = Client(raise_request_exception=False)
if sys.argv[1] == "signed-in":
    # A session cookie: the session is loaded by a middleware, before any view runs.
    client.cookies["sessionid"] = "a" * 32
response = client.get("/en/cwg-cop/documents/", HTTP_HOST="documents.example.org", secure=True)
print("STATUS", response.status_code, response["Retry-After"])
print("BODY", response.content.decode())
"""


@pytest.mark.parametrize("visitor", ["anonymous", "signed-in"])
def test_database_outage_answers_a_site_styled_503(tmp_path, visitor):
    # Nothing listens on port 9 of this machine: the database is down.
    environment = {
        **PRODUCTION_ENVIRONMENT,
        "DJANGO_SETTINGS_MODULE": "cwgcop.settings",
        "DATABASE_URL": "postgres://postgres@127.0.0.1:9/cwgcop?connect_timeout=2",
        "CWGCOP_VAR_DIR": str(tmp_path),
    }
    collected = _run(["manage.py", "collectstatic", "--no-input", "-v0"], **environment)

    result = _run(["-c", OUTAGE_SCRIPT, visitor], **environment)

    status = next(line for line in result.stdout.splitlines() if line.startswith("STATUS "))
    body = result.stdout.split("BODY ", 1)[1]
    assert collected.returncode == 0, collected.stderr
    assert status == "STATUS 503 30"
    assert "<h1>The site is temporarily unavailable</h1>" in body
    assert 'class="site-header"' in body
    assert "Nothing you sent before has been lost." in body
    logged = [line for line in result.stdout.splitlines() if "Database unavailable" in line]
    # A session that cannot load fails again in each middleware that asks for the user.
    assert len(logged) == (1 if visitor == "anonymous" else 2)
    assert " ERROR cwgcop.outage Database unavailable for GET /en/cwg-cop/documents/: " in logged[0]


def test_a_traceback_is_logged_on_the_line_of_its_event():
    formatter = OneLineFormatter("%(levelname)s %(message)s")
    try:
        raise ValueError("bad\nvalue")
    except ValueError:
        record = logging.LogRecord(
            "cwgcop", logging.ERROR, __file__, 1, "failed", None, sys.exc_info()
        )

    line = formatter.format(record)

    assert "\n" not in line
    assert line.startswith("ERROR failed\\nTraceback (most recent call last):\\n")
    assert line.endswith("ValueError: bad\\nvalue")
