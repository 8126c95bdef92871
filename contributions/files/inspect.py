"""An upload checked by its content and described: what the package is called for.

The bytes are read here once, for the size and the hash; everything else, from the scan of
the raw bytes to the parsers, runs in a bounded child process (bounded.py, checking.py), so
that no file can hold a server thread or a core for longer than DOCUMENT_CHECK_SECONDS.
"""

import contextlib
import hashlib
import logging
import os
from dataclasses import dataclass
from typing import IO

from .bounded import LimitExceeded, ParseFailed, check_ceiling, file_on_disk, run_bounded
from .checking import judge_file
from .formats import ACCEPTED_FORMATS, CHUNK_BYTES, DEFAULT_FILE_MAX_BYTES
from .messages import rejected, setting_limit
from .names import safe_filename
from .sizes import human_size

logger = logging.getLogger(__name__)

FORMATS_BY_EXTENSION = {
    document_format.extension: document_format for document_format in ACCEPTED_FORMATS
}


@dataclass(frozen=True)
class InspectedFile:
    original_name: str
    extension: str
    content_type: str
    size: int
    sha256: str


def inspect_upload(upload: IO[bytes], *, name: str | None = None) -> InspectedFile:
    """Check an upload by its content and describe it, or raise FileRejected.

    `upload` is a Django UploadedFile or any seekable binary file; it is read from the
    start and rewound afterwards. `name` defaults to the upload's own name.

    An upload is inspected once: the result is kept on the upload object, so that the
    form that shows the message and the service that stores the file share it.
    """
    if name is None:
        name = getattr(upload, "name", None) or ""
    remembered = getattr(upload, INSPECTION_ATTRIBUTE, None)
    if remembered is not None and remembered[:2] == (name, _length(upload)):
        return remembered[2]
    inspected = _inspect(upload, name=name)
    with contextlib.suppress(AttributeError):  # objects without a __dict__ are not remembered
        setattr(upload, INSPECTION_ATTRIBUTE, (name, inspected.size, inspected))
    return inspected


INSPECTION_ATTRIBUTE = "_inspected_upload"


def _length(upload: IO[bytes]) -> int:
    upload.seek(0, os.SEEK_END)
    length = upload.tell()
    upload.seek(0)
    return length


def _inspect(upload: IO[bytes], *, name: str) -> InspectedFile:
    original_name = safe_filename(name)
    try:
        size, sha256 = _size_and_hash(upload)
        with file_on_disk(upload) as path:
            original_name, extension = run_bounded(
                judge_file, path, original_name, ceiling=check_ceiling()
            )
    except LimitExceeded as error:
        logger.warning("An upload was refused at the checking limit: %s", error)
        raise rejected("check-limit", code="check-limit") from None
    except ParseFailed as error:
        # A parser failed in a way the checks did not foresee (a broken deflate stream,
        # say): the file cannot be opened, which is what the delegate needs to know.
        logger.warning("An upload could not be parsed: %s", error)
        raise rejected("corrupt") from None
    finally:
        upload.seek(0)
    document_format = FORMATS_BY_EXTENSION[extension]
    return InspectedFile(
        original_name=original_name,
        extension=document_format.extension,
        content_type=document_format.content_type,
        size=size,
        sha256=sha256,
    )


def _size_and_hash(upload: IO[bytes]) -> tuple[int, str]:
    """Read the upload once, in chunks, for its size and hash; refuse it empty or too large.

    Nothing else is read here: even a scan of the raw bytes runs in the bounded child.
    """
    max_bytes = setting_limit("DOCUMENT_FILE_MAX_BYTES", DEFAULT_FILE_MAX_BYTES)
    digest = hashlib.sha256()
    size = 0
    upload.seek(0)
    while chunk := upload.read(CHUNK_BYTES):
        size += len(chunk)
        if size > max_bytes:
            raise rejected("too-large", limit=human_size(max_bytes))
        digest.update(chunk)
    if size == 0:
        raise rejected("empty")
    return size, digest.hexdigest()
