"""Addresses built from one reversed prefix are those `reverse()` gives, and country names
translated once per language are the library's."""

import pytest
from django.utils import translation
from django_countries import countries

from contributions.addresses import document_address, source_address
from contributions.regions import country_name
from tests.factories import DocumentFactory, MemberStateFactory, SourceFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["en", "fr", "zh-hans"])
def test_document_address_is_its_absolute_url(language):
    numbered = DocumentFactory(published=True, number="CWG-COP-18/INF/3(Rev.1)à%#?")
    unnumbered = DocumentFactory(number="")

    with translation.override(language):
        addresses = [
            document_address(document.number, document.pk) for document in (numbered, unnumbered)
        ]
        expected = [numbered.get_absolute_url(), unnumbered.get_absolute_url()]

    assert addresses == expected


@pytest.mark.parametrize("language", ["en", "ar"])
def test_source_address_is_its_absolute_url(language):
    state = MemberStateFactory()
    partner = SourceFactory(slug="partner-org", name="Partner")

    with translation.override(language):
        addresses = [source_address(state), source_address(partner)]
        expected = [state.get_absolute_url(), partner.get_absolute_url()]

    assert addresses == expected


@pytest.mark.parametrize("language", ["en", "fr", "ru"])
def test_country_name_is_the_libraries_in_each_language(language):
    with translation.override(language):
        names = [country_name(code) for code in ("IT", "cn", " tr ", "XX")]
        expected = [countries.name("IT"), countries.name("CN"), countries.name("TR"), ""]

    assert names == expected
