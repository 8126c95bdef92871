"""The XML parts of an Office package: read without DTDs; content types and the main part.

Every XML part of a package is read once, as a stream, by `XmlScan`, which refuses a
document type or entity declaration (the route of billion-laughs and external-entity
attacks) and notes what Word, Excel and PowerPoint would run or fetch: DDE fields and
links, DDE formulas, program actions, connections refreshed on opening, relationships.
"""

import re
import zipfile
from dataclasses import dataclass, field
from xml.parsers import expat

from .formats import OFFICE_METADATA_MAX_BYTES
from .messages import rejected


class UnsafeXml(Exception):
    pass


def xml_elements(data: bytes, *, local_name: str) -> list[dict[str, str]]:
    """Return the attributes of every element called `local_name`, in any namespace.

    No Office part may declare a DTD, so one is refused outright; with no DTD there are
    no entities to expand and nothing external to fetch.
    """
    found: list[dict[str, str]] = []

    def start_element(tag: str, attributes: dict[str, str]) -> None:
        if tag.rpartition("}")[2] == local_name:
            found.append(attributes)

    def refuse(*arguments: object) -> None:
        raise UnsafeXml

    parser = expat.ParserCreate(namespace_separator="}")
    parser.StartElementHandler = start_element
    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.Parse(data, True)
    return found


def read_office_xml(
    archive: zipfile.ZipFile, entry: zipfile.ZipInfo, *, local_name: str
) -> list[dict[str, str]]:
    if entry.file_size > OFFICE_METADATA_MAX_BYTES:
        raise rejected("corrupt")
    try:
        return xml_elements(archive.read(entry), local_name=local_name)
    except (
        UnsafeXml,
        expat.ExpatError,
        zipfile.BadZipFile,
        OSError,
        ValueError,
        EOFError,
    ) as error:
        if isinstance(error, UnsafeXml):
            raise rejected("unsafe-xml", part=entry.filename) from error
        raise rejected("corrupt") from error


@dataclass(frozen=True)
class ContentTypes:
    by_part: dict[str, str]
    by_extension: dict[str, str]

    def type_of(self, part_name: str) -> str:
        """The content type of a part, lower-cased, or "" when the package declares none."""
        key = _part_key(part_name)
        if key in self.by_part:
            return self.by_part[key]
        base_name = key.rpartition("/")[2]
        extension = base_name.rpartition(".")[2] if "." in base_name else ""
        return self.by_extension.get(extension, "")


def _part_key(part_name: str) -> str:
    """A part name as the package compares it: from the root, without regard to case."""
    return "/" + part_name.lstrip("/").casefold()


def read_content_types(archive: zipfile.ZipFile, entry: zipfile.ZipInfo) -> ContentTypes:
    by_part = {}
    for override in read_office_xml(archive, entry, local_name="Override"):
        by_part[_part_key(override.get("PartName", ""))] = override.get(
            "ContentType", ""
        ).casefold()
    by_extension = {}
    for default in read_office_xml(archive, entry, local_name="Default"):
        by_extension[default.get("Extension", "").casefold()] = default.get(
            "ContentType", ""
        ).casefold()
    return ContentTypes(by_part=by_part, by_extension=by_extension)


OFFICE_DOCUMENT_RELATIONSHIPS = frozenset(
    {
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument",
        "http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument",
    }
)


def main_part_name(archive: zipfile.ZipFile, parts: dict[str, zipfile.ZipInfo]) -> str:
    relationships_entry = parts.get("_rels/.rels")
    if relationships_entry is None:
        raise rejected("corrupt")
    for relationship in read_office_xml(archive, relationships_entry, local_name="Relationship"):
        if relationship.get("Type") in OFFICE_DOCUMENT_RELATIONSHIPS:
            return relationship.get("Target", "").lstrip("/")
    raise rejected("corrupt")


# Elements whose text is an Excel formula: cells, defined names, data validation and
# conditional formatting.
FORMULA_ELEMENTS = frozenset({"f", "definedName", "formula", "formula1", "formula2"})
DDE_FIELDS = frozenset({"DDE", "DDEAUTO"})
PROGRAM_ACTIONS = ("ppaction://program", "ppaction://macro")
EXCEL_STRING = re.compile(r'"(?:[^"]|"")*"')
EXCEL_QUOTED_NAME = re.compile(r"'(?:[^']|'')*'")
DDE_WORD = re.compile(r"\bDDE", re.IGNORECASE)
MAX_FIELD_DEPTH = 64


def is_dde_instruction(instruction: str) -> bool:
    """Whether a Word field instruction is DDE or DDEAUTO, also when spelled out by a
    QUOTE field of character codes, a known disguise ({ QUOTE 68 68 69 ... })."""
    words = instruction.replace('"', " ").split()
    if not words:
        return False
    keyword = words[0].upper()
    if keyword in DDE_FIELDS:
        return True
    if keyword == "QUOTE" and len(words) > 1 and all(word.isdigit() for word in words[1:]):
        spelled = "".join(chr(int(word)) for word in words[1:] if int(word) < 0x110000)
        return bool(DDE_WORD.search(spelled))
    return False


def is_dde_formula(formula: str) -> bool:
    """Whether an Excel formula calls a DDE server, as in =cmd|'/c calc'!A1.

    A vertical bar is no operator of Excel's formula language: outside strings and quoted
    sheet names it only separates a DDE application from its topic.
    """
    bare = EXCEL_QUOTED_NAME.sub("", EXCEL_STRING.sub("", formula))
    return "|" in bare


@dataclass
class XmlScan:
    """What one XML part holds of interest, fed chunk by chunk.

    Word's complex fields are followed across runs and paragraphs: the instruction of a
    field is the text of every w:instrText between its begin and separate marks, however
    many runs it is split into; nested fields each get their own instruction.
    """

    relationships: list[dict[str, str]] = field(default_factory=list)
    dde_field: bool = False
    dde_excel: bool = False
    program_action: bool = False
    refreshed_on_open: bool = False

    def __post_init__(self) -> None:
        self._fields: list[list[str] | None] = []
        self._text: list[str] | None = None
        self._parser = expat.ParserCreate(namespace_separator="}")
        self._parser.buffer_text = True
        self._parser.StartElementHandler = self._start
        self._parser.EndElementHandler = self._end
        self._parser.CharacterDataHandler = self._characters
        self._parser.StartDoctypeDeclHandler = self._refuse
        self._parser.EntityDeclHandler = self._refuse

    def feed(self, data: bytes, *, final: bool = False) -> None:
        self._parser.Parse(data, final)

    def _refuse(self, *arguments: object) -> None:
        raise UnsafeXml

    def _start(self, tag: str, attributes: dict[str, str]) -> None:
        name = tag.rpartition("}")[2]
        attrs = {key.rpartition("}")[2]: value for key, value in attributes.items()}
        if name == "Relationship":
            self.relationships.append(attrs)
        elif name == "fldChar":
            self._field_mark(attrs.get("fldCharType", ""))
        elif name in ("instrText", *FORMULA_ELEMENTS):
            self._text = []
        elif name == "fldSimple":
            self._judge_instruction(attrs.get("instr", ""))
        elif name == "ddeLink":
            self.dde_excel = True
        elif name == "connection" and attrs.get("refreshOnLoad", "") in ("1", "true"):
            self.refreshed_on_open = True
        if attrs.get("action", "").casefold().startswith(PROGRAM_ACTIONS):
            self.program_action = True

    def _characters(self, data: str) -> None:
        if self._text is not None:
            self._text.append(data)

    def _end(self, tag: str) -> None:
        name = tag.rpartition("}")[2]
        if self._text is None:
            return
        if name == "instrText":
            text, self._text = "".join(self._text), None
            if self._fields and self._fields[-1] is not None:
                self._fields[-1].append(text)
            else:
                self._judge_instruction(text)
        elif name in FORMULA_ELEMENTS:
            text, self._text = "".join(self._text), None
            self.dde_excel = self.dde_excel or is_dde_formula(text)

    def _field_mark(self, kind: str) -> None:
        if kind == "begin" and len(self._fields) < MAX_FIELD_DEPTH:
            self._fields.append([])
        elif kind in ("separate", "end") and self._fields:
            instruction = self._fields[-1]
            if instruction is not None:
                self._judge_instruction("".join(instruction))
                self._fields[-1] = None
            if kind == "end":
                self._fields.pop()

    def _judge_instruction(self, instruction: str) -> None:
        self.dde_field = self.dde_field or is_dde_instruction(instruction)
