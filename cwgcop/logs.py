"""Log records as single lines, so that a log collector sees one event per line."""

import logging


class OneLineFormatter(logging.Formatter):
    """Formats as usual, then folds newlines (tracebacks, multi-line messages) into `\\n`."""

    def format(self, record: logging.LogRecord) -> str:
        return super().format(record).replace("\r", "").replace("\n", "\\n")
