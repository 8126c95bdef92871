"""Compound files (the OLE container): legacy Office formats and password-protected Office files.

Neither is accepted. The names of the streams inside, written in UTF-16 in the
container's directory, tell which one a file is, so that the message can say what to do.
"""

from .formats import DOCX, PPTX, XLSX
from .messages import FileRejected, rejected

ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
# The stream each legacy format keeps its content in, with the format and its extension.
LEGACY_STREAMS = (
    ("WordDocument".encode("utf-16-le"), DOCX, ".doc"),
    ("PowerPoint Document".encode("utf-16-le"), PPTX, ".ppt"),
    ("Workbook".encode("utf-16-le"), XLSX, ".xls"),
    ("Book".encode("utf-16-le") + b"\x00\x00", XLSX, ".xls"),
)
OVERLAP_BYTES = 64


class CompoundFileBytes:
    """The stream names seen in a compound file, read chunk by chunk."""

    def __init__(self) -> None:
        self.encrypted = False
        self.legacy: tuple | None = None
        self._tail = b""

    def feed(self, chunk: bytes) -> None:
        window = self._tail + chunk
        self.encrypted = self.encrypted or ENCRYPTED_PACKAGE in window
        if self.legacy is None:
            self.legacy = next(
                ((kind, extension) for name, kind, extension in LEGACY_STREAMS if name in window),
                None,
            )
        self._tail = window[-OVERLAP_BYTES:]

    def refusal(self) -> FileRejected:
        if self.encrypted:
            return rejected("encrypted-office", code="encrypted")
        if self.legacy is not None:
            document_format, extension = self.legacy
            return rejected(
                "legacy-office",
                code="unsupported-type",
                kind=document_format.label,
                extension=extension,
                expected=document_format.extension,
            )
        return rejected("legacy-or-encrypted", code="encrypted")
