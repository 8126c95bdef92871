"""Why an upload is refused: the reasons, their messages and the error that carries them."""

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


class FileRejected(ValidationError):
    """An upload refused for its content or its name.

    `message` is a sentence for the delegate saying what is wrong and what to do;
    `code` names the reason for programs: "empty", "too-large", "unsupported-type",
    "type-mismatch", "corrupt", "encrypted", "macro", "active-content", "dde",
    "unsafe-xml", "pdf-active-content", "hidden-data", "archive-bomb",
    "unsafe-archive-path", "too-complex" (a walk over the file's structure passed its node
    budget) or "check-limit" (the checks passed their time or memory ceiling).
    """


MESSAGES = {
    "empty": _("This file is empty. Check that you chose the right file and upload it again."),
    "too-large": _(
        "This file is larger than %(limit)s, the largest size accepted. Make it smaller "
        "(for example by compressing its pictures) and upload it again."
    ),
    "unsupported-type": _(
        "This file is not a PDF, Word (.docx), PowerPoint (.pptx) or Excel (.xlsx) "
        "document. Only these formats are accepted."
    ),
    "program": _(
        "This file is a program, not a document. Only PDF, Word (.docx), PowerPoint "
        "(.pptx) and Excel (.xlsx) documents are accepted."
    ),
    "plain-archive": _(
        "This file is a zip archive, not a Word, PowerPoint or Excel document. Upload "
        "each document on its own instead."
    ),
    "opendocument": _(
        "This file is an OpenDocument file (.odt, .odp or .ods). Save it as a Word "
        "(.docx), PowerPoint (.pptx) or Excel (.xlsx) document, or as a PDF, and upload "
        "it again."
    ),
    "other-office-format": _(
        "This Office file is a template, slide show or another kind of file that is not "
        "accepted. Save it as a .docx, .pptx or .xlsx document and upload it again."
    ),
    "type-mismatch": _(
        "This file is %(kind)s, but its name ends in %(extension)s. Rename it so that "
        "it ends in %(expected)s and upload it again."
    ),
    "corrupt": _(
        "This file is damaged or incomplete and cannot be opened. Save or export the "
        "document again and upload the new copy."
    ),
    "corrupt-format": _(
        "This file is damaged or incomplete and cannot be opened as %(kind)s. Save or "
        "export the document again and upload the new copy."
    ),
    "legacy-or-encrypted": _(
        "This file is encrypted or in a legacy Office format (.doc, .ppt, .xls). Remove "
        "any password, save it as .docx, .pptx or .xlsx and upload it again."
    ),
    "encrypted-pdf": _(
        "This PDF is encrypted or protected by a password. Save a copy without the "
        "protection and upload it again."
    ),
    "encrypted-archive": _(
        "This file is encrypted. Remove the password, save the document again and upload it."
    ),
    "macro-word": _(
        "This file is a Word document with macros (%(extension)s). Save it as a plain "
        ".docx without macros and upload it again."
    ),
    "macro-powerpoint": _(
        "This file is a PowerPoint presentation with macros (%(extension)s). Save it as "
        "a plain .pptx without macros and upload it again."
    ),
    "macro-excel": _(
        "This file is an Excel workbook with macros (%(extension)s). Save it as a plain "
        ".xlsx without macros and upload it again."
    ),
    "activex": _(
        "This document contains ActiveX controls, which are not accepted. Remove them, "
        "save the document again and upload it."
    ),
    "embedded-program": _(
        "This document has a program embedded in it, which is not accepted. Remove the "
        "embedded object, save the document again and upload it."
    ),
    "remote-content": _(
        "This document fetches a template or an object from the network when it is "
        "opened, which is not accepted. Remove the link, save the document again and "
        "upload it."
    ),
    "too-many-entries": _(
        "This Office file is made of too many internal parts (%(count)s; at most "
        "%(limit)s are accepted) to be checked safely. Split the document or contact "
        "the secretariat."
    ),
    "compression-ratio": _(
        "This Office file contains a part that expands to more than %(ratio)s times its "
        "stored size, which is how compression bombs are built. Save the document "
        "again and upload the new copy, or contact the secretariat."
    ),
    "expanded-size": _(
        "This Office file would expand to more than %(limit)s when opened, more than can "
        "be checked safely. Make it smaller (for example by compressing its pictures) "
        "and upload it again."
    ),
    "unsafe-archive-path": _(
        "This Office file contains an internal part with an unsafe name, so it cannot "
        "be accepted. Save the document again from Word, PowerPoint or Excel and "
        "upload the new copy."
    ),
    "duplicate-archive-entry": _(
        "This Office file contains two internal parts with the same name, so it cannot "
        "be accepted. Save the document again from Word, PowerPoint or Excel and "
        "upload the new copy."
    ),
    "pdf-javascript": _(
        "This PDF contains JavaScript, which is not accepted. Print or export it to a "
        "new PDF without scripts and upload that copy."
    ),
    "pdf-launch": _(
        "This PDF contains an action that starts another program, which is not "
        "accepted. Print or export it to a new PDF and upload that copy."
    ),
    "pdf-embedded-file": _(
        "This PDF has other files attached inside it, which is not accepted. Remove the "
        "attachments and upload it again; upload any attached document on its own."
    ),
    "legacy-office": _(
        "This file is %(kind)s in the legacy binary format (%(extension)s), which is not "
        "accepted. Save it as %(expected)s and upload it again."
    ),
    "encrypted-office": _(
        "This Office file is protected by a password (encrypted), so it cannot be "
        "checked. Remove the password (File, Info, Protect), save the document and "
        "upload it again."
    ),
    "unsafe-xml": _(
        "This Office file declares a document type or XML entities in one of its parts "
        "(%(part)s). Word, PowerPoint and Excel never write these, and they are used to "
        "attack the programs that read documents. Save the document again from Word, "
        "PowerPoint or Excel and upload the new copy."
    ),
    "dde-word": _(
        "This Word document contains a DDE field (DDE or DDEAUTO), which can start other "
        "programs when the document is opened or its fields are updated, so it is not "
        "accepted. Remove the field (Alt+F9 shows field codes), save the document again "
        "and upload it."
    ),
    "dde-excel": _(
        "This Excel workbook contains a DDE link or formula (such as "
        "=cmd|'/c calc'!A1), which can start other programs when the workbook is "
        "opened, so it is not accepted. Remove it, save the workbook again and upload it."
    ),
    "program-action": _(
        "This presentation contains an action that runs a program or a macro when a "
        "shape is clicked, which is not accepted. Remove the action, save the "
        "presentation again and upload it."
    ),
    "embedded-package": _(
        "This document has a file packaged inside it (an embedded object that opens "
        "with whatever program the reader has for it), which is not accepted. Remove "
        "the object, save the document again and upload that file on its own if needed."
    ),
    "equation-editor": _(
        "This document contains an object of the old Equation Editor 3.0, which is "
        "withdrawn because it was used to attack computers. Retype the equation with "
        "the current equation tool, save the document again and upload it."
    ),
    "embedded-rtf": _(
        "This document contains a part in Rich Text Format (RTF) that Word imports when "
        "the document is opened, which is not accepted. Save the document again as a "
        "plain .docx and upload it."
    ),
    "nested-archive": _(
        "This Office file contains a document embedded in a document embedded in it. "
        "Only one level of embedded documents can be checked safely. Remove the inner "
        "embedded object, save the document again and upload it."
    ),
    "archive-hidden-data": _(
        "This Office file carries data outside its internal parts (before, between or "
        "after them), where something can be hidden, so it cannot be accepted. Save the "
        "document again from Word, PowerPoint or Excel and upload the new copy."
    ),
    "archive-overlap": _(
        "This Office file has internal parts that share the same stored data, which is "
        "how some compression bombs are built, so it cannot be accepted. Save the "
        "document again from Word, PowerPoint or Excel and upload the new copy."
    ),
    "pdf-trailing-data": _(
        "This PDF has other data appended after its end (such as an archive or a "
        "program hidden behind the document), so it cannot be accepted. Print or export "
        "it to a new PDF and upload that copy."
    ),
    "pdf-xfa": _(
        "This PDF contains an XFA form, which can run scripts and is not accepted. Print "
        "or export it to a new PDF and upload that copy."
    ),
    "pdf-rich-media": _(
        "This PDF contains rich media (Flash or 3D content that can run code), which is "
        "not accepted. Print or export it to a new PDF and upload that copy."
    ),
    "check-limit": _(
        "This file took too long to check. Save it again as PDF, or send it to the secretariat."
    ),
    "too-complex": _(
        "This file is made of more parts than can be checked safely (more than "
        "%(limit)s). Save it again as PDF, or send it to the secretariat."
    ),
    "pdf-automatic-action": _(
        "This PDF opens a web address or another file, or sends or loads data, by itself "
        "when it is opened or viewed, which is not accepted. Print or export it to a new "
        "PDF and upload that copy."
    ),
}


def rejected(reason: str, *, code: str | None = None, **params: Any) -> FileRejected:
    return FileRejected(MESSAGES[reason], code=code or reason, params=params or None)


def setting_limit(setting: str, default: int) -> int:
    return int(getattr(settings, setting, default))
