"""Functions that a bounded child process runs in the tests of the parsing ceiling.

They live in a module of their own so that the child can import them by name.
"""

import time


def spin(path: str) -> None:
    while True:
        pass


def sleep(path: str) -> None:
    time.sleep(600)


def swell(path: str, megabytes: int) -> int:
    chunks = [bytearray(1024 * 1024) for _ in range(megabytes)]
    return len(chunks)


def first_bytes(path: str, count: int) -> bytes:
    with open(path, "rb") as stream:
        return stream.read(count)
