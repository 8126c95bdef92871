"""Uploaded documents: what is accepted, under which names it is shown, and its text.

A file is recognised by its content. Only PDF, Word (.docx), PowerPoint (.pptx) and Excel
(.xlsx) documents are accepted; the name a delegate gives a file only has to agree with
what the content turned out to be. Office documents are zip archives, so their directory
is checked for compression bombs and unsafe part names before anything expands them.

Accepted files are stored under random names (`stored_file_name`, in contributions.storage);
the sanitised original name (`safe_filename`) is only ever shown and offered as the
download name.
"""

from importlib import import_module

# Where each name lives. They load on first use, so a module that only needs a file size
# (the change history, loaded with the models) does not load the document parsers.
_HOMES = {
    "ACCEPTED_EXTENSIONS": "..storage",
    "EXTENSIONS_BY_CONTENT_TYPE": "..storage",
    "stored_file_name": "..storage",
    "extract_text": ".extraction",
    "LimitExceeded": ".bounded",
    "ParseFailed": ".bounded",
    "ACCEPTED_FORMATS": ".formats",
    "DOCX": ".formats",
    "PDF": ".formats",
    "PPTX": ".formats",
    "XLSX": ".formats",
    "DocumentFormat": ".formats",
    "InspectedFile": ".inspect",
    "inspect_upload": ".inspect",
    "MESSAGES": ".messages",
    "FileRejected": ".messages",
    "safe_filename": ".names",
    "human_size": ".sizes",
}

__all__ = sorted(_HOMES)


def __getattr__(name):
    try:
        home = _HOMES[name]
    except KeyError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
    value = getattr(import_module(home, __name__), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted({*globals(), *_HOMES})
