"""The path parameters of the public pages that are text: any character but NUL.

A document number, a country code or a file name never contains NUL, and PostgreSQL
refuses it in a query (a text value cannot hold it). An address with one names nothing on
the site, so it matches no pattern and is a 404 like any other unknown address, before a
view or the database sees it. Invalid UTF-8 needs nothing here: Django keeps the bytes it
cannot decode percent-encoded (`%FF`), which match nothing either.

Importing this module registers `<text:...>` (one segment, as Django's `str`) and
`<text_path:...>` (several segments, as `path`).
"""

from django.urls import register_converter
from django.urls.converters import PathConverter, StringConverter


class TextConverter(StringConverter):
    regex = "[^/\\x00]+"


class TextPathConverter(PathConverter):
    regex = "[^\\x00]+"


register_converter(TextConverter, "text")
register_converter(TextPathConverter, "text_path")
