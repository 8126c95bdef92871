"""`{{ file|record_warnings }}`: where a file's first page differs from its record, each in
a sentence of the reader's language (files/record_check.py), each value of the file and
the record isolated in a <bdi>, as a name in another script reads within the sentence."""

from django import template

from contributions.files.record_check import sentences

register = template.Library()


@register.filter
def record_warnings(document_file) -> list[str]:
    return sentences(getattr(document_file, "record_differences", None), isolate=True)
