"""The worker survives a database outage (README, "Production", "4. The worker").

A private PostgreSQL server, started for each test on a free port (the shared one is not
stopped), is stopped under a running `run_worker` and started again: a task queued while
the worker is still waiting for the database is done afterwards by the same process, and
a task that ended while the database was down is recorded as failed once it is back.
"""

import glob
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.db import connection
from django_tasks import task

pytestmark = pytest.mark.postgresql

ROOT = Path(__file__).resolve().parent.parent
# A generous ceiling on each wait for a line, only so that a broken worker fails the test.
WAIT_SECONDS = 60
TEXT = "Helplines for children in Ghana"

# Run against the private server: creates a document's file and queues its text
# extraction when told "queue", reports the file when told "check <id>".
QUEUER = r"""
import hashlib
import json
import sys

import django

django.setup()

from django.core.files.base import ContentFile
from django.db import connections

from django_tasks_db.models import DBTaskResult

from contributions.models import DocumentFile
from contributions.tasks import extract_text_of_file
from tests.test_worker_outage import hold
from tests.contributions.corpus import pdf_bytes
from tests.factories import DocumentFactory

print("ready", flush=True)
for line in sys.stdin:
    # A connection per command, as a request has: the server may have restarted meanwhile.
    connections.close_all()
    command, _, argument = line.strip().partition(" ")
    if command == "queue":
        content = pdf_bytes(argument)
        stored = DocumentFile.objects.create(
            document=DocumentFactory(title="Helplines"),
            language="en",
            file=ContentFile(content, name="helplines.pdf"),
            original_name="helplines.pdf",
            size=len(content),
            sha256=hashlib.sha256(content).hexdigest(),
            content_type="application/pdf",
        )
        extract_text_of_file.enqueue(stored.pk)
        print("answer queue", stored.pk, flush=True)
    elif command == "check":
        stored = DocumentFile.objects.get(pk=int(argument))
        print("answer check", json.dumps([stored.extraction_status, stored.text.strip()]), flush=True)
    elif command == "hold":
        print("answer hold", hold.enqueue(argument).id, flush=True)
    elif command == "result":
        result = DBTaskResult.objects.get(pk=argument)
        print("answer result", result.status, result.exception_class_path, flush=True)
"""


@task()
def hold(pipe: str) -> str:
    """A task that runs until the test writes to the named pipe `pipe`."""
    with open(pipe) as reader:
        return reader.read()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class PrivateServer:
    """A PostgreSQL server of this test alone: its own folder, port and processes."""

    bin: Path
    folder: Path
    port: int

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/postgres"

    def run(self, program: str, *arguments: str) -> None:
        # PostgreSQL's programs refuse to run as root; they run as its own user then.
        as_owner = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        subprocess.run(  # noqa: S603 -- PostgreSQL's own programs, fixed arguments
            [*as_owner, str(self.bin / program), *arguments],
            check=True,
            capture_output=True,
            timeout=WAIT_SECONDS,
        )

    def start(self) -> None:
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        self.run(
            "pg_ctl",
            "-D",
            str(self.folder / "data"),
            "-l",
            str(self.folder / "log"),
            "-o",
            options,
            "-w",
            "start",
        )

    def stop(self) -> None:
        self.run("pg_ctl", "-D", str(self.folder / "data"), "-m", "fast", "-w", "stop")


@pytest.fixture
def private_server(db):
    """A private server holding the test database's schema (a copy, faster than migrating)."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not found:
        pytest.skip("needs PostgreSQL's initdb and pg_ctl (/usr/lib/postgresql/<version>/bin)")
    server = PrivateServer(
        bin=Path(found[-1]).parent,
        folder=Path(tempfile.mkdtemp(prefix="cwgcop-outage-")),
        port=_free_port(),
    )
    if os.geteuid() == 0:
        shutil.chown(server.folder, user="postgres")
    server.run(
        "initdb",
        "-D",
        str(server.folder / "data"),
        "-A",
        "trust",
        "-U",
        "postgres",
        "-E",
        "UTF8",
        "--no-sync",
    )
    server.start()
    try:
        tested = connection.settings_dict
        schema = subprocess.run(  # noqa: S603 -- PostgreSQL's own program, fixed arguments
            [
                str(server.bin / "pg_dump"),
                "--schema-only",
                "--no-owner",
                "-h",
                tested["HOST"] or "127.0.0.1",
                "-p",
                str(tested["PORT"] or 5432),
                "-U",
                tested["USER"] or "postgres",
                tested["NAME"],
            ],
            check=True,
            capture_output=True,
            timeout=WAIT_SECONDS,
        ).stdout
        subprocess.run(  # noqa: S603 -- PostgreSQL's own program, fixed arguments
            [
                str(server.bin / "psql"),
                "-q",
                "-v",
                "ON_ERROR_STOP=1",
                "-h",
                "127.0.0.1",
                "-p",
                str(server.port),
                "-U",
                "postgres",
                "postgres",
            ],
            input=schema,
            check=True,
            capture_output=True,
            timeout=WAIT_SECONDS,
        )
        yield server
    finally:
        status = subprocess.run(  # noqa: S603 -- PostgreSQL's own program, fixed arguments
            [str(server.bin / "pg_ctl"), "-D", str(server.folder / "data"), "status"],
            capture_output=True,
            check=False,
        )
        if status.returncode == 0:
            server.stop()
        shutil.rmtree(server.folder, ignore_errors=True)


class Output:
    """The lines a process writes, read as they come, so that a test can wait for one."""

    def __init__(self, process: subprocess.Popen):
        self.lines: list[str] = []
        self.ended = False
        self._changed = threading.Condition()
        threading.Thread(target=self._read, args=(process.stdout,), daemon=True).start()

    def _read(self, stream) -> None:
        for line in stream:
            with self._changed:
                self.lines.append(line.rstrip("\n"))
                self._changed.notify_all()
        with self._changed:
            self.ended = True
            self._changed.notify_all()

    def _find(self, text: str, start: int) -> int | None:
        return next((i for i in range(start, len(self.lines)) if text in self.lines[i]), None)

    def wait_for(self, text: str, *, start: int = 0) -> int:
        """The index of the first line from `start` on that holds `text`."""
        with self._changed:
            self._changed.wait_for(
                lambda: self.ended or self._find(text, start) is not None, timeout=WAIT_SECONDS
            )
            index = self._find(text, start)
        assert index is not None, f"never wrote {text!r}:\n" + "\n".join(self.lines)
        return index

    def said(self, text: str) -> bool:
        with self._changed:
            return self._find(text, 0) is not None


def _start(arguments: list[str], environment: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen(  # noqa: S603 -- this interpreter, the project's code
        [sys.executable, *arguments],
        cwd=ROOT,
        env=environment,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


@dataclass
class Running:
    """The worker and the queuer, both on the private server, and what they write."""

    worker: subprocess.Popen
    worker_output: Output
    queuer: subprocess.Popen
    queuer_output: Output

    def ask(self, command: str) -> str:
        """The queuer's answer to a command."""
        start = len(self.queuer_output.lines)
        self.queuer.stdin.write(command + "\n")
        self.queuer.stdin.flush()
        prefix = f"answer {command.split()[0]} "
        line = self.queuer_output.lines[self.queuer_output.wait_for(prefix, start=start)]
        return line.removeprefix(prefix)


@pytest.fixture
def running(private_server, tmp_path):
    environment = {
        **os.environ,
        "SECRET_KEY": "test-only",
        "DEBUG": "0",
        "DATABASE_URL": private_server.url,
        "CONN_MAX_AGE": "0",
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "DJANGO_SETTINGS_MODULE": "cwgcop.settings",
        "LOG_LEVEL": "INFO",
        "PYTHONUNBUFFERED": "1",
    }
    worker = _start(
        [
            str(ROOT / "manage.py"),
            "run_worker",
            "--no-startup-delay",
            "--no-reload",
            "--interval",
            "0.5",
        ],
        environment,
    )
    queuer = _start(["-c", QUEUER], environment)
    try:
        processes = Running(worker, Output(worker), queuer, Output(queuer))
        processes.worker_output.wait_for("Starting worker")
        processes.queuer_output.wait_for("ready")
        yield processes
    finally:
        worker.send_signal(signal.SIGTERM)
        queuer.stdin.close()
        for process in (worker, queuer):
            try:
                process.wait(timeout=WAIT_SECONDS)
            except subprocess.TimeoutExpired:
                # A test that failed may leave a task waiting on its pipe.
                process.kill()
                process.wait()


def test_worker_waits_out_an_outage_and_does_a_task_queued_before_it_reconnects(
    private_server, running
):
    worker_output = running.worker_output

    private_server.stop()
    down = worker_output.wait_for("The database is unavailable")
    # Held through three failed tries (1, 2 and 4 s apart); the next is 8 s later.
    waiting = worker_output.wait_for("next try in 8 s", start=down)
    private_server.start()
    queued = running.ask(f"queue {TEXT}")
    reconnected_before_the_task = worker_output.said("The database is back")
    back = worker_output.wait_for("The database is back", start=waiting)
    started = worker_output.wait_for("extract_text_of_file state=RUNNING", start=back)
    done = worker_output.wait_for("extract_text_of_file", start=started + 1)
    checked = running.ask(f"check {queued}")
    still_running = running.worker.poll() is None

    assert reconnected_before_the_task is False
    assert still_running is True
    assert worker_output.lines[done].endswith("state=SUCCESSFUL")
    assert checked == f'["done", "{TEXT}"]'


def test_task_cut_off_by_an_outage_is_recorded_as_failed_once_the_database_is_back(
    private_server, running, tmp_path
):
    go = tmp_path / "go"
    os.mkfifo(go)
    worker_output = running.worker_output
    task_id = running.ask(f"hold {go}")
    worker_output.wait_for(f"Task id={task_id} path=tests.test_worker_outage.hold state=RUNNING")

    private_server.stop()
    # The task ends while the database is down: its result cannot be written.
    with go.open("w") as pipe:
        pipe.write("finished")
    down = worker_output.wait_for("The database is unavailable")
    private_server.start()
    worker_output.wait_for("The database is back", start=down)
    recorded = worker_output.wait_for("was cut off by the outage", start=down)
    result = running.ask(f"result {task_id}")
    still_running = running.worker.poll() is None

    assert worker_output.lines[recorded].endswith(
        f"Task id={task_id} was cut off by the outage; recorded as failed."
    )
    assert result == "FAILED django.db.utils.OperationalError"
    assert still_running is True
