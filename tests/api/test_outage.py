"""A database outage under /api/ answers a JSON 503 with Retry-After, as the rest of the
site answers its 503 page (tests/production/test_configuration.py): a production server
whose PostgreSQL does not answer, not a mock."""

import json

import pytest

from tests.production.test_configuration import PRODUCTION_ENVIRONMENT, _run

OUTAGE_SCRIPT = """
import sys
import django
django.setup()
from django.test import Client
client = Client(raise_request_exception=False)
if sys.argv[1] == "signed-in":
    # A session cookie: the session is loaded by a middleware, before any view runs.
    client.cookies["sessionid"] = "a" * 32
response = client.get(
    sys.argv[2],
    HTTP_HOST="documents.example.org",
    HTTP_ORIGIN="https://researcher.example.net",
    secure=True,
)
print("STATUS", response.status_code, response["Retry-After"], response["Content-Type"])
print("CORS", response["Access-Control-Allow-Origin"])
print("BODY", response.content.decode())
"""


@pytest.mark.parametrize("visitor", ["anonymous", "signed-in"])
@pytest.mark.parametrize("path", ["/api/v1/documents", "/api/v1/meetings/21"])
def test_database_outage_answers_the_api_a_json_503_with_retry_after(tmp_path, visitor, path):
    # Nothing listens on port 9 of this machine: the database is down.
    environment = {
        **PRODUCTION_ENVIRONMENT,
        "DJANGO_SETTINGS_MODULE": "cwgcop.settings",
        "DATABASE_URL": "postgres://postgres@127.0.0.1:9/cwgcop?connect_timeout=2",
        "CWGCOP_VAR_DIR": str(tmp_path),
    }

    result = _run(["-c", OUTAGE_SCRIPT, visitor, path], **environment)

    lines = result.stdout.splitlines()
    assert "STATUS 503 30 application/json; charset=utf-8" in lines, result.stderr
    assert "CORS *" in lines
    body = result.stdout.split("BODY ", 1)[1]
    assert json.loads(body) == {
        "detail": "The service is temporarily unavailable: try again in 30 seconds."
    }
