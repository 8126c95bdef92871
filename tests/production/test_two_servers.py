"""Two app servers, one system: gunicorn twice, sharing PostgreSQL, Redis and the bucket.

A delegate uploads and submits on one server, the secretariat (signed in with its second
factor on the first) accepts and publishes on the other, and the public downloads the file
from either. Sessions live in the shared database and cache, so a session opened on one
server is valid on the other.
"""

import hashlib
import os
import re
import socket
import subprocess
import sys
import urllib.error
import uuid
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django_otp.plugins.otp_totp.models import TOTPDevice

from contributions.models import Document, DocumentFile
from cwgcop.two_factor import current_code
from tests.contributions import corpus
from tests.factories import DocumentFactory, MeetingFactory, MemberStateFactory, UserFactory
from tests.production.web import Browser, file_input_names

pytestmark = [pytest.mark.postgresql, pytest.mark.s3]

ROOT = Path(__file__).resolve().parent.parent.parent
PASSWORD = "two servers, one system"


@pytest.fixture
def environment(seaweedfs, tmp_path):
    database = connection.settings_dict
    variables = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEBUG", "DJANGO_SETTINGS_MODULE"}
    }
    variables.update(
        {
            "SECRET_KEY": "two-servers-test-" + "x" * 50,
            "ALLOWED_HOSTS": "127.0.0.1",
            "DATABASE_URL": (
                f"postgres://{database['USER'] or 'postgres'}@{database['HOST'] or '127.0.0.1'}:"
                f"{database['PORT'] or 5432}/{database['NAME']}"
            ),
            "REDIS_URL": "redis://127.0.0.1:6379/1",
            "CACHE_KEY_PREFIX": f"cwgcop-test-{uuid.uuid4().hex}",
            "SECURE_COOKIES": "0",
            "CWGCOP_VAR_DIR": str(tmp_path / "var"),
            **seaweedfs.environment(location=f"two-servers-{uuid.uuid4().hex}"),
        }
    )
    collected = subprocess.run(  # noqa: S603 -- this interpreter, the project's manage.py
        [sys.executable, str(ROOT / "manage.py"), "collectstatic", "--no-input", "-v0"],
        env=variables,
        capture_output=True,
        text=True,
        check=False,
    )
    assert collected.returncode == 0, collected.stderr
    return variables


@pytest.fixture
def servers(environment, tmp_path):
    started = []
    for name in ("a", "b"):
        # The test listens first and hands gunicorn the socket: a request made before the
        # worker is up waits in the socket's queue and is answered once it is, so nothing
        # polls for the server to start.
        listening = socket.create_server(("127.0.0.1", 0))
        listening.set_inheritable(True)
        port = listening.getsockname()[1]
        log = (tmp_path / f"gunicorn-{name}.log").open("wb")
        process = subprocess.Popen(  # noqa: S603 -- gunicorn with the project's config
            [
                sys.executable,
                "-m",
                "gunicorn",
                "-c",
                str(ROOT / "gunicorn.conf.py"),
                "--bind",
                f"fd://{listening.fileno()}",
                "--workers",
                "1",
                "--threads",
                "4",
                "cwgcop.wsgi",
            ],
            cwd=ROOT,
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
            pass_fds=[listening.fileno()],
        )
        listening.close()  # gunicorn holds the socket now
        started.append((process, log, f"http://127.0.0.1:{port}"))
    try:
        for process, log, url in started:
            _first_answer(process, log, url)
        yield [url for _process, _log, url in started]
    finally:
        # Both told to stop before waiting for either: their shutdowns overlap.
        for process, _log, _url in started:
            process.terminate()
        for process, log, _url in started:
            process.wait(timeout=30)
            log.close()


def _first_answer(process: subprocess.Popen, log, url: str) -> None:
    """The server's first page, waited for in its socket's queue while the worker starts."""
    try:
        status = Browser().get(url + "/en/cwg-cop/meetings/").status
    except (urllib.error.URLError, ConnectionError) as error:
        log.flush()
        output = Path(log.name).read_text(errors="replace")[-2000:]
        pytest.fail(f"gunicorn did not answer ({error}, exit status {process.poll()}): {output}")
    assert status == 200


@pytest.fixture
def people(transactional_db, settings):
    # The servers use the production password hashers, not the suite's fast one.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    delegate = UserFactory(username="delegate-italy", is_staff=True, password=PASSWORD)
    delegate.groups.add(Group.objects.get(name="Delegate"))
    secretariat = UserFactory(username="secretary", is_staff=True, password=PASSWORD)
    secretariat.groups.add(Group.objects.get(name="Secretariat"))
    device = TOTPDevice.objects.create(user=secretariat, name="phone", confirmed=True)
    italy = MemberStateFactory(name="Italy", country="IT")
    italy.delegates.add(delegate)
    draft = DocumentFactory(
        meeting=MeetingFactory(number=22), sources=[italy], created_by=delegate, title="Helplines"
    )
    return {"delegate": delegate, "secretariat_key": device.key, "draft": draft}


def sign_in(browser: Browser, server: str, username: str) -> None:
    browser.get(server + "/admin/login/")
    answer = browser.post(
        server + "/admin/login/?next=/admin/",
        {"username": username, "password": PASSWORD, "next": "/admin/"},
    )
    assert answer.status == 302, answer.text


def test_upload_on_one_server_publish_on_the_other_download_from_both(
    servers, people, seaweedfs, environment
):
    server_a, server_b = servers
    draft = people["draft"]
    change = f"/admin/contributions/document/{draft.pk}/change/"
    content = corpus.pdf_bytes("Helplines across the region")

    delegate = Browser()
    sign_in(delegate, server_a, "delegate-italy")
    page = delegate.get(server_a + change)
    file_field = file_input_names(page.text)[0]
    language_field = file_field.removesuffix("-file") + "-language"
    uploaded = delegate.submit_form(
        server_a + change,
        form_id="document_form",
        **{language_field: "en", file_field: ("Helplines.pdf", content)},
    )
    submitted = delegate.post(server_a + change.replace("change/", "workflow/submit/"), {})

    secretariat = Browser()
    sign_in(secretariat, server_a, "secretary")
    held_on_b = secretariat.get(server_b + "/admin/")
    verified = secretariat.post(
        server_a + "/account/two-factor/",
        {"code": current_code(people["secretariat_key"]), "next": "/admin/"},
    )
    admin_on_b = secretariat.get(server_b + "/admin/")
    accepted = secretariat.post(server_b + change.replace("change/", "workflow/accept/"), {})
    published = secretariat.post(server_b + change.replace("change/", "workflow/publish/"), {})

    document_file = DocumentFile.objects.get(document=draft)
    downloads = [Browser().get(server + document_file.get_absolute_url()) for server in servers]
    stored = seaweedfs.client().list_objects_v2(
        Bucket=seaweedfs.bucket,
        Prefix=environment["S3_LOCATION"] + "/",
    )

    assert uploaded.status == 302, re.findall(r'class="errorlist[^>]*>(.*?)</ul>', uploaded.text)
    assert submitted.status == 302
    assert held_on_b.status == 302
    assert held_on_b.location == "/account/two-factor/"
    assert verified.status == 302
    assert admin_on_b.status == 200
    assert (accepted.status, published.status) == (302, 302)
    assert Document.objects.get(pk=draft.pk).status == "published"
    assert [download.status for download in downloads] == [200, 200]
    assert {hashlib.sha256(download.body).hexdigest() for download in downloads} == {
        document_file.sha256
    }
    assert document_file.sha256 == hashlib.sha256(content).hexdigest()
    assert [
        item["Size"] for item in stored["Contents"] if item["Key"].endswith(document_file.file.name)
    ] == [len(content)]
