"""Parsing under a ceiling: each file is inspected, and its text read, in a process of its own.

The parsers (pypdf, python-docx, openpyxl, python-pptx, expat) run on files that anyone
with an account can send. Our own walks over a file's structure are linear and have a
node budget, but a library can still loop or swell on a file built for it. So every parse
runs in a child process with a CPU-time limit (RLIMIT_CPU) and an address-space limit
(RLIMIT_AS), and the parent stops waiting, and kills the child, once the same number of
seconds has passed on the clock. Whatever a file contains, it holds a server thread for at
most that long and a core and memory only within those limits.

Children are forked from a server process that has Django and the parsers loaded
(multiprocessing's "forkserver", preloading `contributions.files.parsing_process`), so a
parse starts in milliseconds, never from the threads of a web server, and shares nothing
with the request but what it is given: the file's path and the limits.
"""

from __future__ import annotations

import functools
import logging
import math
import multiprocessing
import os
import resource
import shutil
import signal
import tempfile
import time
from collections.abc import Callable, Iterator
from concurrent.futures import TimeoutError as FutureTimeout
from contextlib import contextmanager
from dataclasses import dataclass
from typing import IO, Any

from django.conf import settings
from django.utils import translation
from pebble import ProcessExpired, concurrent

from .formats import CHUNK_BYTES
from .messages import FileRejected

logger = logging.getLogger(__name__)

MEBIBYTE = 1024 * 1024


@dataclass(frozen=True)
class Ceiling:
    """What one parse may take: seconds (of CPU time and on the clock) and memory."""

    task: str
    seconds: float
    memory_bytes: int


def check_ceiling() -> Ceiling:
    """The ceiling of an upload's inspection, which a delegate waits for."""
    return Ceiling(
        task="check",
        seconds=float(settings.DOCUMENT_CHECK_SECONDS),
        memory_bytes=int(settings.DOCUMENT_CHECK_MEMORY_BYTES),
    )


def text_ceiling() -> Ceiling:
    """The ceiling of a file's text extraction, which runs in the background."""
    return Ceiling(
        task="text",
        seconds=float(settings.DOCUMENT_TEXT_SECONDS),
        memory_bytes=int(settings.DOCUMENT_TEXT_MEMORY_BYTES),
    )


class LimitExceeded(Exception):
    """A parse took more CPU time, clock time or memory than its ceiling allows."""

    def __init__(self, ceiling: Ceiling, why: str) -> None:
        self.ceiling = ceiling
        self.why = why
        super().__init__(
            f"Stopped at the limit of {ceiling.seconds:g} s and "
            f"{ceiling.memory_bytes // MEBIBYTE} MiB ({why})."
        )


class ParseFailed(Exception):
    """A parser failed in the child process in a way the child did not turn into words."""


def run_bounded(function: Callable[..., Any], path: str, *arguments: Any, ceiling: Ceiling) -> Any:
    """Call `function(path, *arguments)` in a child process under `ceiling`.

    Returns what the function returns. A FileRejected raised in the child is raised here
    again, with the same message, code and parameters. Raises LimitExceeded when the
    child passes its ceiling (and is killed), ParseFailed for any other error.
    """
    started = time.monotonic()
    future = concurrent.process(timeout=ceiling.seconds, context=_context())(_child)(
        function,
        path,
        arguments,
        ceiling,
        _parser_settings(),
        translation.get_language(),
    )
    try:
        # pebble resolves the future once the child is stopped; a child that cannot be
        # stopped at once (SIGKILL follows SIGTERM after a few seconds) is not waited for.
        outcome, value, cpu_seconds, peak_bytes = future.result(timeout=ceiling.seconds + 1)
    except FutureTimeout:
        future.cancel()
        _log(ceiling, "limit", cpu_seconds=None, peak_bytes=None, started=started)
        raise LimitExceeded(ceiling, "time") from None
    except MemoryError:
        # Raised in the child outside the parse (sending its answer) and passed on as it is.
        _log(ceiling, "limit", cpu_seconds=None, peak_bytes=None, started=started)
        raise LimitExceeded(ceiling, "memory") from None
    except ProcessExpired as error:
        # Killed by the kernel at the CPU limit (SIGXCPU, then SIGKILL), or crashed.
        _log(ceiling, "limit", cpu_seconds=None, peak_bytes=None, started=started)
        raise LimitExceeded(ceiling, f"process ended with code {error.exitcode}") from None
    _log(ceiling, outcome, cpu_seconds=cpu_seconds, peak_bytes=peak_bytes, started=started)
    if outcome == "ok":
        return value
    if outcome == "rejected":
        message, code, params = value
        raise FileRejected(message, code=code, params=params)
    if outcome == "limit":
        raise LimitExceeded(ceiling, value)
    raise ParseFailed(value)


@contextmanager
def file_on_disk(upload: IO[bytes] | str | os.PathLike[str]) -> Iterator[str]:
    """A path to the upload's bytes for a child process to open.

    Django keeps a large upload in a temporary file, whose path is used as it is; a small
    one in memory, and a stored file may be in a bucket: those are copied, chunk by chunk,
    to a temporary file that is deleted afterwards.
    """
    if isinstance(upload, (str, os.PathLike)):
        yield os.fspath(upload)
        return
    temporary_path = getattr(upload, "temporary_file_path", None)
    if temporary_path is not None:
        upload.flush()
        yield temporary_path()
        return
    with tempfile.NamedTemporaryFile(prefix="cwgcop-parse-", suffix=".bin") as copy:
        upload.seek(0)
        shutil.copyfileobj(upload, copy, CHUNK_BYTES)
        copy.flush()
        upload.seek(0)
        yield copy.name


@functools.cache
def _context():
    """The fork server's context, with the parsers preloaded in the server."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["contributions.files.parsing_process"])
    return context


def _parser_settings() -> dict[str, Any]:
    # The parsers read their limits from settings; a test or a deployment may have changed
    # them since the fork server started, so the child is given the current values.
    return {name: getattr(settings, name) for name in dir(settings) if name.startswith("DOCUMENT_")}


def _child(
    function: Callable[..., Any],
    path: str,
    arguments: tuple[Any, ...],
    ceiling: Ceiling,
    parser_settings: dict[str, Any],
    language: str | None,
) -> tuple[str, Any, float, int]:
    """Runs in the child: set the limits, then parse; every outcome is sent as data."""
    # Stopped at once when the parent gives up: no handler that waits for Python code.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    for name, value in parser_settings.items():
        setattr(settings, name, value)
    if language:
        translation.activate(language)
    start_rss = memory_status_bytes("VmRSS")
    used = _cpu_seconds()
    limit = math.ceil(used + ceiling.seconds)
    _lower_limit(resource.RLIMIT_CPU, limit, limit + 1)
    address_space = memory_status_bytes("VmSize") + ceiling.memory_bytes
    _lower_limit(resource.RLIMIT_AS, address_space, address_space)
    try:
        outcome, value = "ok", function(path, *arguments)
    except FileRejected as error:
        outcome, value = "rejected", (error.message, error.code, error.params)
    except MemoryError:
        outcome, value = "limit", "memory"
    except RecursionError:
        outcome, value = "limit", "recursion"
    except Exception as error:
        outcome, value = "error", f"{type(error).__name__}: {error}"
    peak = max(0, memory_status_bytes("VmHWM") - start_rss)
    return outcome, value, _cpu_seconds() - used, peak


def _lower_limit(which: int, soft: int, hard: int) -> None:
    """Set a limit, never above the one the service already runs under."""
    _current_soft, current_hard = resource.getrlimit(which)
    if current_hard != resource.RLIM_INFINITY:
        hard = min(hard, current_hard)
        soft = min(soft, hard)
    resource.setrlimit(which, (soft, hard))


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def memory_status_bytes(field: str) -> int:
    """A memory figure of this process from /proc/self/status, in bytes."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1]) * 1024
    return 0


def _log(
    ceiling: Ceiling,
    outcome: str,
    *,
    cpu_seconds: float | None,
    peak_bytes: int | None,
    started: float,
) -> None:
    logger.info(
        "%s: %s in %.2f s (CPU %s s, peak %s bytes above the start)",
        ceiling.task,
        outcome,
        time.monotonic() - started,
        "?" if cpu_seconds is None else f"{cpu_seconds:.2f}",
        "?" if peak_bytes is None else peak_bytes,
        extra={
            "task": ceiling.task,
            "outcome": outcome,
            "cpu_seconds": cpu_seconds,
            "peak_bytes": peak_bytes,
            "seconds": time.monotonic() - started,
        },
    )
