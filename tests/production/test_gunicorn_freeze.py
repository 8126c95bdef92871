"""The app servers set aside the objects that live as long as a worker, so that the
garbage collector's full passes walk only what requests made (gunicorn.conf.py)."""

import gc
import runpy
from pathlib import Path

import pytest

CONFIG = Path(__file__).resolve().parents[2] / "gunicorn.conf.py"


@pytest.fixture
def unfrozen():
    gc.unfreeze()
    yield
    gc.unfreeze()


def _config(monkeypatch, after: str) -> dict:
    monkeypatch.setenv("GUNICORN_FREEZE_AFTER", after)
    return runpy.run_path(str(CONFIG))


def test_a_worker_freezes_what_it_loaded_then_again_after_its_first_requests(monkeypatch, unfrozen):
    config = _config(monkeypatch, "3")
    config["post_worker_init"](None)
    loaded = gc.get_freeze_count()
    assert loaded > 0

    kept_by_requests = [[index] for index in range(1000)]
    for _ in range(2):
        config["post_request"](None, None, {}, None)
    assert gc.get_freeze_count() == loaded
    config["post_request"](None, None, {}, None)

    assert gc.get_freeze_count() >= loaded + len(kept_by_requests)


def test_freezing_can_be_turned_off(monkeypatch, unfrozen):
    config = _config(monkeypatch, "0")
    config["post_worker_init"](None)
    for _ in range(3):
        config["post_request"](None, None, {}, None)

    assert gc.get_freeze_count() == 0
