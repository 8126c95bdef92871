"""Settings come from the environment and refuse to run in production without a secret."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _load_settings(**environment: str) -> subprocess.CompletedProcess:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"SECRET_KEY", "DEBUG", "DATABASE_URL"}
    }
    env.update(environment)
    code = "import cwgcop.settings as s; print(s.DEBUG, s.DATABASES['default']['ENGINE'])"
    return subprocess.run(  # noqa: S603 -- a fixed command with this interpreter
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )


def test_settings_without_secret_key_and_debug_off_refuse_to_start():
    result = _load_settings()

    assert result.returncode == 1
    assert "SECRET_KEY must be set when DEBUG is off." in result.stderr


def test_settings_with_debug_use_a_development_key_and_sqlite(tmp_path):
    result = _load_settings(DEBUG="1", CWGCOP_VAR_DIR=str(tmp_path))

    assert result.stdout.split() == ["True", "django.db.backends.sqlite3"]


def test_settings_read_the_database_url():
    result = _load_settings(SECRET_KEY="x", DATABASE_URL="postgres://user@db.example:5432/cwgcop")

    assert result.stdout.split() == ["False", "django.db.backends.postgresql"]
