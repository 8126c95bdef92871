"""A backup restores: pg_dump of a database with documents and files, pg_restore into a new
database, a copy of the files, and `verify_files` finds nothing missing and nothing changed.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from tests.factories import DocumentFactory
from tests.production.arrange import publish, upload

pytestmark = pytest.mark.postgresql

ROOT = Path(__file__).resolve().parent.parent.parent


def _postgres_arguments(database: str) -> list[str]:
    settings = connection.settings_dict
    return [
        f"--host={settings['HOST'] or '127.0.0.1'}",
        f"--port={settings['PORT'] or 5432}",
        f"--username={settings['USER'] or 'postgres'}",
        f"--dbname={database}",
    ]


def _run(arguments: list[str], **environment: str) -> subprocess.CompletedProcess:
    env = {**os.environ, **environment}
    return subprocess.run(  # noqa: S603 -- PostgreSQL's own tools and this interpreter
        arguments, env=env, capture_output=True, text=True, check=False, timeout=300
    )


@pytest.fixture
def restored_database():
    # Named after the suite's database (cwgcop_production_gw0 → cwgcop_production_gw0_restored).
    name = f"{connection.settings_dict['NAME'].removeprefix('test_')}_restored"
    admin = _postgres_arguments("postgres")
    _run(["dropdb", "--if-exists", *admin[:3], name])
    created = _run(["createdb", *admin[:3], name])
    assert created.returncode == 0, created.stderr
    yield name
    _run(["dropdb", "--if-exists", *admin[:3], name])


def test_backup_of_database_and_files_restores_and_verifies(
    transactional_db, settings, tmp_path, draft, delegate, restored_database
):
    upload(draft, delegate, text="Helpline data for 2024")
    publish(draft)
    other = DocumentFactory(meeting=draft.meeting, sources=list(draft.sources.all()))
    upload(other, delegate, text="Age assurance survey")
    database = connection.settings_dict["NAME"]
    dump = tmp_path / "cwgcop.dump"
    files_backup = tmp_path / "media-backup"

    dumped = _run(["pg_dump", "--format=custom", f"--file={dump}", *_postgres_arguments(database)])
    shutil.copytree(settings.MEDIA_ROOT, files_backup)
    restored = _run(
        [
            "pg_restore",
            "--no-owner",
            "--exit-on-error",
            *_postgres_arguments(restored_database),
            str(dump),
        ]
    )
    host = connection.settings_dict["HOST"] or "127.0.0.1"
    port = connection.settings_dict["PORT"] or 5432
    user = connection.settings_dict["USER"] or "postgres"
    verified = _run(
        [sys.executable, str(ROOT / "manage.py"), "verify_files"],
        DATABASE_URL=f"postgres://{user}@{host}:{port}/{restored_database}",
        MEDIA_ROOT=str(files_backup),
        SECRET_KEY="test-only",
    )

    counted = _run(
        [
            "psql",
            "--tuples-only",
            "--no-align",
            *_postgres_arguments(restored_database),
            "--command",
            "select d.status, count(distinct d.id), count(f.id) from contributions_document d "
            "join contributions_documentfile f on f.document_id = d.id "
            "group by d.status order by d.status desc",
        ]
    )

    assert dumped.returncode == 0, dumped.stderr
    assert restored.returncode == 0, restored.stderr
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert verified.stdout.strip().splitlines()[-1] == (
        "2 files checked: 0 missing, 0 changed, 0 unreferenced."
    )
    assert counted.stdout.split() == ["published|1|1", "draft|1|1"]
