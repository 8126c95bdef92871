"""Six languages in the URL: first visit, switcher, alternates, marks, and what crawlers read."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db

LANGUAGES = ["ar", "zh-hans", "en", "fr", "ru", "es"]


def _get(url: str, **headers):
    return Client(**headers).get(url)


def _url(name: str, code: str, *args) -> str:
    with translation.override(code):
        return reverse(name, args=args)


def test_first_visit_without_a_language_follows_the_browser(demo):
    response = _get("/cwg-cop/documents/?country=IT&q=child", HTTP_ACCEPT_LANGUAGE="ar,en;q=0.5")
    # An address from before the groups: its language first, then its group.
    earlier = _get("/documents/?country=IT&q=child", HTTP_ACCEPT_LANGUAGE="ar,en;q=0.5")
    moved = _get(earlier["Location"])

    assert response.status_code == 302
    assert response["Location"] == "/ar/cwg-cop/documents/?country=IT&q=child"
    assert (earlier.status_code, earlier["Location"]) == (302, "/ar/documents/?country=IT&q=child")
    assert (moved.status_code, moved["Location"]) == (
        301,
        "/ar/cwg-cop/documents/?country=IT&q=child",
    )


def test_every_language_has_its_own_address(demo):
    titles = {
        code: re.search(
            r"<h1>(.*?)</h1>", _get(f"/{code}/cwg-cop/documents/").content.decode()
        ).group(1)
        for code in LANGUAGES
    }

    assert titles == {
        "ar": "الوثائق",
        "zh-hans": "文件",
        "en": "Documents",
        "fr": "Documents",
        "ru": "Документы",
        "es": "Documentos",
    }


def test_switcher_keeps_the_page_the_filters_and_the_search(demo):
    body = _get("/fr/cwg-cop/documents/?country=IT&q=child&sort=newest").content.decode()

    links = re.findall(r'<li><a href="([^"]+)" hreflang="([^"]+)" lang=', body)

    assert links == [
        (f"/{code}/cwg-cop/documents/?country=IT&amp;q=child&amp;sort=newest", code)
        for code in LANGUAGES
    ]
    assert (
        '<a href="/fr/cwg-cop/documents/?country=IT&amp;q=child&amp;sort=newest" hreflang="fr" lang="fr" dir="ltr" aria-current="page">français</a>'
        in body
    )


def test_every_page_names_its_alternates_canonical_and_description(demo):
    body = _get("/ru/cwg-cop/meetings/21/").content.decode()

    alternates = re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', body)

    assert alternates == [
        (code, f"http://testserver/{code}/cwg-cop/meetings/21/") for code in LANGUAGES
    ] + [("x-default", "http://testserver/cwg-cop/meetings/21/")]
    assert '<link rel="canonical" href="http://testserver/ru/cwg-cop/meetings/21/">' in body
    assert (
        '<meta name="description" content="Повестка дня, документы, презентации и итоги '
        "собрания 21 Рабочей группы Совета МСЭ по защите ребенка в онлайновой среде "
        '(30 сентября 2024 г.).">'
    ) in body


@pytest.mark.parametrize(
    ("url", "title"),
    [
        (
            "/en/cwg-cop/documents/CWG-COP-21/INF/1/",
            "CWG-COP-21/INF/1 Interinstitutional Consultative Committee for media and digital literacy",
        ),
        (
            "/en/cwg-cop/meetings/21/",
            "Meeting 21 of the Council Working Group on Child Online Protection",
        ),
        ("/en/countries/it/", "Italy"),
    ],
)
def test_document_meeting_and_country_pages_can_be_shared(demo, url, title):
    body = _get(url).content.decode()

    assert f'<meta property="og:title" content="{title}">' in body
    assert f'<meta name="twitter:title" content="{title}">' in body
    assert f'<meta property="og:url" content="http://testserver{url}">' in body
    assert '<meta name="twitter:card" content="summary">' in body


def test_arabic_page_is_in_arabic_and_marks_english_records(demo):
    body = _get("/ar/cwg-cop/documents/CWG-COP-21/INF/1/").content.decode()

    assert '<html lang="ar" dir="rtl">' in body
    assert "<dt>المصادر</dt>" in body
    assert '<h2 id="files-heading">الملفات</h2>' in body
    assert (
        '<h1><span lang="en" dir="ltr">Interinstitutional Consultative Committee for media '
        "and digital literacy</span></h1>"
    ) in body


@pytest.mark.parametrize(
    ("code", "sources"),
    [
        ("ar", "أرمينيا</a>، <a {}>روسيا البيضاء</a>، <a {}>الاتحاد الروسي</a> و<a {}>طاجيكستان"),
        ("zh-hans", "亚美尼亚</a>、<a {}>白俄罗斯</a>、<a {}>俄罗斯联邦</a>和<a {}>塔吉克斯坦"),
        (
            "fr",
            "Arménie</a>, <a {}>Biélorussie</a>, <a {}>Fédération de Russie</a> et <a {}>Tadjikistan",
        ),
        ("en", "Armenia</a>, <a {}>Belarus</a>, <a {}>Russian Federation</a> and <a {}>Tajikistan"),
    ],
)
def test_lists_of_sources_are_joined_in_the_pages_language(demo, code, sources):
    body = _get(f"/{code}/cwg-cop/documents/CWG-COP-21/INF/7/").content.decode()

    # Each name is isolated in its own <bdi> (tests/test_language_formats.py); here, the words.
    joined = re.sub(r'<a href="[^"]+">', "<a {}>", body)
    joined = joined.replace('<bdi class="list-name">', "").replace("</a></bdi>", "</a>")

    assert "<a {}>" + sources in joined


def test_sitemap_lists_every_public_page_in_every_language(demo):
    body = _get("/sitemap.xml").content.decode()

    locations = re.findall(r"<loc>([^<]+)</loc>", body)
    document = re.search(
        r"<url><loc>http://testserver/fr/cwg-cop/documents/CWG-COP-21/INF/1/</loc>(.*?)</url>",
        body,
        re.DOTALL,
    ).group(1)

    assert len(locations) == len(set(locations))
    assert {location.split("/")[3] for location in locations} == set(LANGUAGES)
    # The demo's report of meeting 21 is published; that of the open meeting 22 is not, and
    # the sitemap does not give its address away.
    assert "http://testserver/zh-hans/cwg-cop/meetings/21/report/" in locations
    assert "http://testserver/zh-hans/cwg-cop/meetings/22/report/" not in locations
    assert "http://testserver/ar/countries/it/" in locations
    assert re.findall(r'hreflang="([^"]+)" href="([^"]+)"', document) == [
        (code, f"http://testserver/{code}/cwg-cop/documents/CWG-COP-21/INF/1/")
        for code in LANGUAGES
    ] + [("x-default", "http://testserver/cwg-cop/documents/CWG-COP-21/INF/1/")]
    unpublished = [location for location in locations if "CWG-COP-22" in location]
    assert unpublished == []


def test_robots_txt_points_crawlers_to_the_sitemap(db):
    response = _get("/robots.txt")

    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode() == (
        "User-agent: *\nDisallow: /admin/\nDisallow: /i18n/\nAllow: /\n"
        "Sitemap: http://testserver/sitemap.xml\n"
    )


def test_favicon_ico_is_an_icon(db):
    response = _get("/favicon.ico")

    assert response.status_code == 200
    assert response["Content-Type"] == "image/vnd.microsoft.icon"
    assert b"".join(response.streaming_content)[:4] == b"\x00\x00\x01\x00"


def test_admin_stays_unprefixed_and_speaks_the_browsers_language(db):
    response = _get("/admin/login/", HTTP_ACCEPT_LANGUAGE="fr")

    assert response.status_code == 200
    assert '<html lang="fr" dir="ltr">' in response.content.decode()
    assert "Documents du GTC-COP" in response.content.decode()
