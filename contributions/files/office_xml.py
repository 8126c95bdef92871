"""The XML parts of an Office package: read without DTDs; content types and the main part."""

import zipfile
from dataclasses import dataclass
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
