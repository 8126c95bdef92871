"""The task worker: django-tasks-db's `db_worker`, which also waits out a database outage.

The library's worker exits at the first error of the database that is not a lock, and a
restart or failover of PostgreSQL would leave the queue unserved until someone noticed.
This one closes its connections, logs the outage once, tries the database again after 1,
2, 4 ... seconds (at most `--outage-max-wait`), logs when it answers again and goes on
with the queue. A task cut off by the outage, whose result could not be written, is
recorded as failed once the database is back. Every change a task writes is in the
history as the worker's (cwgcop/change_log.py).
"""

from __future__ import annotations

import contextlib
import logging
import os
import time
from typing import Any

from django.db import DatabaseError, connections
from django.db.utils import InterfaceError, OperationalError
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

from cwgcop.change_log import recording

logger = logging.getLogger(__name__)

# What the database raises when it cannot be reached or drops the connection.
DATABASE_DOWN = (OperationalError, InterfaceError)
FIRST_WAIT_SECONDS = 1.0


class OutageTolerantWorker(db_worker.Worker):
    def __init__(self, *, outage_max_wait: float, **options: Any):
        super().__init__(**options)
        self.outage_max_wait = outage_max_wait
        self.cut_off: tuple[DBTaskResult, BaseException] | None = None

    def run(self) -> None:
        while self.running:
            try:
                self.record_cut_off_task()
                return super().run()
            except DATABASE_DOWN as error:
                if connections[DBTaskResult.objects.db].in_atomic_block:
                    # Run inside a transaction it did not open (a test's): the connection
                    # cannot be opened again before that transaction ends.
                    raise
                self.wait_for_database(error)
                # Only the first start spreads workers over a random delay.
                self.startup_delay = False
        return None

    def run_task(self, db_task_result: DBTaskResult) -> None:
        with recording(via="worker"):
            try:
                super().run_task(db_task_result)
            except DATABASE_DOWN as error:
                self.cut_off = (db_task_result, error)
                raise

    def wait_for_database(self, error: BaseException) -> None:
        """Wait, with growing pauses, until the database answers again."""
        logger.warning(
            "The database is unavailable, waiting for it (worker %s): %s",
            self.worker_id,
            _first_line(error),
        )
        down_since = time.monotonic()
        wait = FIRST_WAIT_SECONDS
        while True:
            _close_connections()
            time.sleep(wait)
            try:
                with connections[DBTaskResult.objects.db].cursor() as cursor:
                    cursor.execute("SELECT 1")
            except DATABASE_DOWN as still:
                wait = min(wait * 2, self.outage_max_wait)
                logger.info(
                    "The database is still unavailable after %.0f s, next try in %.0f s: %s",
                    time.monotonic() - down_since,
                    wait,
                    _first_line(still),
                )
                continue
            break
        logger.warning(
            "The database is back after %.0f s; the worker goes on (worker %s).",
            time.monotonic() - down_since,
            self.worker_id,
        )

    def record_cut_off_task(self) -> None:
        """Record as failed the task whose result the outage kept from being written."""
        if self.cut_off is None:
            return
        task_result, cause = self.cut_off
        task_result.set_failed(cause)
        self.cut_off = None
        logger.warning("Task id=%s was cut off by the outage; recorded as failed.", task_result.id)


def _close_connections() -> None:
    for connection in connections.all(initialized_only=True):
        # A connection the server has dropped may fail to close; it is discarded anyway.
        with contextlib.suppress(DatabaseError):
            connection.close()


def _first_line(error: BaseException) -> str:
    return (str(error).strip().splitlines() or [type(error).__name__])[0]


class Command(db_worker.Command):
    help = (
        "Run the background task worker. It waits out a database outage, trying again "
        "with growing pauses, instead of exiting."
    )

    def add_arguments(self, parser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--outage-max-wait",
            default=10,
            type=db_worker.valid_interval,
            help="During a database outage, the longest pause (in seconds) between two "
            "tries to reach it (default: %(default)r)",
        )

    def handle(
        self,
        *,
        verbosity: int,
        queue_name: str,
        exclude_queues: str,
        reload: bool,
        batch: bool,
        outage_max_wait: float,
        **options: Any,
    ) -> None:
        # The library's handle() builds its own Worker; this is the same, with ours.
        self.configure_logging(verbosity)
        if reload and batch:
            logger.warning("--reload and --batch cannot be given together: not reloading.")
            reload = False
        queue_names = queue_name.split(",")
        excluded_queue_names = exclude_queues.split(",") if exclude_queues else []
        if excluded_queue_names and "*" not in queue_names:
            raise db_worker.CommandError("--exclude-queues can only be used with --queue-name=*")
        worker = OutageTolerantWorker(
            queue_names=queue_names,
            excluded_queue_names=excluded_queue_names,
            batch=batch,
            interval=options["interval"],
            backend_name=options["backend_name"],
            startup_delay=options["startup_delay"],
            max_tasks=options["max_tasks"],
            worker_id=options["worker_id"],
            outage_max_wait=outage_max_wait,
        )
        if reload:
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                worker.configure_signals()
            run_with_reloader(worker.run)
        else:
            worker.configure_signals()
            worker.run()
