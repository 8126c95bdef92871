"""Whether the stored files are the ones the database records: after a restore, or any day.

Every file row must find its stored file with the recorded size and SHA-256; every stored
file must be referred to by a row. Works the same on local disk and in a bucket.
"""

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.core.files.storage import default_storage

from .models import DocumentFile
from .storage import STORED_FILES_FOLDER

CHUNK_BYTES = 1024 * 1024


@dataclass
class FileCheck:
    checked: int = 0
    missing: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unreferenced: list[str] = field(default_factory=list)

    @property
    def problems(self) -> int:
        return len(self.missing) + len(self.changed) + len(self.unreferenced)


def stored_file_names() -> Iterator[str]:
    """The names of every file under the stored-files folder of the default storage."""
    try:
        folders, names = default_storage.listdir(STORED_FILES_FOLDER)
    except FileNotFoundError:  # nothing stored yet on disk (a bucket lists nothing instead)
        return
    for name in sorted(names):
        yield f"{STORED_FILES_FOLDER}/{name}"
    for folder in sorted(folders):
        _subfolders, names = default_storage.listdir(f"{STORED_FILES_FOLDER}/{folder}")
        for name in sorted(names):
            yield f"{STORED_FILES_FOLDER}/{folder}/{name}"


def _digest(name: str) -> tuple[int, str]:
    digest = hashlib.sha256()
    size = 0
    with default_storage.open(name, "rb") as stream:
        while chunk := stream.read(CHUNK_BYTES):
            digest.update(chunk)
            size += len(chunk)
    return size, digest.hexdigest()


def verify_stored_files() -> FileCheck:
    """Read every stored file once; report what is missing, changed or unreferenced."""
    check = FileCheck()
    referenced = set()
    rows = DocumentFile.objects.order_by("pk").values_list("pk", "file", "size", "sha256")
    for pk, name, size, sha256 in rows.iterator(chunk_size=500):
        check.checked += 1
        referenced.add(name)
        label = f"file {pk} {name}"
        if not default_storage.exists(name):
            check.missing.append(label)
            continue
        stored_size, stored_sha256 = _digest(name)
        if (stored_size, stored_sha256) != (size, sha256):
            check.changed.append(
                f"{label}: {stored_size} bytes sha256 {stored_sha256}, recorded {size} bytes sha256 {sha256}"
            )
    check.unreferenced = [name for name in stored_file_names() if name not in referenced]
    return check
