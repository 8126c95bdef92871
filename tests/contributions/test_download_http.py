"""Downloads as browsers expect: validators and 304, byte ranges, one name per file,
ASCII and UTF-8 names, PDFs inline."""

import datetime
import hashlib

import pytest
from django.core.files.base import ContentFile

from contributions.models import DocumentFile

pytestmark = pytest.mark.django_db

CONTENT = bytes(range(256)) * 4  # 1,024 bytes, each position recognisable
SHA = hashlib.sha256(CONTENT).hexdigest()
UPLOADED = datetime.datetime(2024, 10, 1, 8, 30, tzinfo=datetime.UTC)
LAST_MODIFIED = "Tue, 01 Oct 2024 08:30:00 GMT"


def _file(document, *, name="report.pdf", content_type="application/pdf") -> DocumentFile:
    document_file = DocumentFile.objects.create(
        document=document,
        language="fr",
        file=ContentFile(CONTENT, name="stored.bin"),
        original_name=name,
        size=len(CONTENT),
        sha256=SHA,
        content_type=content_type,
    )
    DocumentFile.objects.filter(pk=document_file.pk).update(uploaded_at=UPLOADED)
    document_file.refresh_from_db()
    return document_file


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture
def public_file(document_in):
    return _file(document_in("published"))


def test_download_carries_validators_and_may_be_cached_publicly(client, public_file):
    response = client.get(public_file.get_absolute_url())

    assert response.status_code == 200
    assert response["ETag"] == f'"{SHA}"'
    assert response["Last-Modified"] == LAST_MODIFIED
    assert response["Accept-Ranges"] == "bytes"
    assert response["Cache-Control"] == "public, max-age=3600"
    assert response["Content-Length"] == "1024"
    assert _body(response) == CONTENT


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_IF_NONE_MATCH": f'"{SHA}"'},
        {"HTTP_IF_NONE_MATCH": f'"other", W/"{SHA}"'},
        {"HTTP_IF_MODIFIED_SINCE": LAST_MODIFIED},
        {"HTTP_IF_MODIFIED_SINCE": "Wed, 02 Oct 2024 00:00:00 GMT"},
    ],
)
def test_download_unchanged_since_the_clients_copy_is_304(client, public_file, headers):
    response = client.get(public_file.get_absolute_url(), **headers)

    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == f'"{SHA}"'
    assert response["Cache-Control"] == "public, max-age=3600"


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_IF_NONE_MATCH": '"another-version"'},
        {"HTTP_IF_MODIFIED_SINCE": "Mon, 30 Sep 2024 00:00:00 GMT"},
    ],
)
def test_download_changed_since_the_clients_copy_is_200(client, public_file, headers):
    response = client.get(public_file.get_absolute_url(), **headers)

    assert response.status_code == 200
    assert _body(response) == CONTENT


@pytest.mark.parametrize(
    ("asked", "content_range", "body"),
    [
        ("bytes=0-9", "bytes 0-9/1024", CONTENT[:10]),
        ("bytes=1000-", "bytes 1000-1023/1024", CONTENT[1000:]),
        ("bytes=-4", "bytes 1020-1023/1024", CONTENT[-4:]),
        ("bytes=1020-5000", "bytes 1020-1023/1024", CONTENT[1020:]),
        ("bytes=300-300", "bytes 300-300/1024", CONTENT[300:301]),
    ],
)
def test_download_of_a_byte_range_is_206(client, public_file, asked, content_range, body):
    response = client.get(public_file.get_absolute_url(), HTTP_RANGE=asked)

    assert response.status_code == 206
    assert response["Content-Range"] == content_range
    assert response["Content-Length"] == str(len(body))
    assert response["ETag"] == f'"{SHA}"'
    assert _body(response) == body


@pytest.mark.parametrize("asked", ["bytes=1024-", "bytes=5000-6000"])
def test_download_of_a_range_past_the_end_is_416(client, public_file, asked):
    response = client.get(public_file.get_absolute_url(), HTTP_RANGE=asked)

    assert response.status_code == 416
    assert response["Content-Range"] == "bytes */1024"


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_RANGE": "bytes=0-1,5-6"},  # several ranges: the whole file
        {"HTTP_RANGE": "items=0-1"},
        {"HTTP_RANGE": "bytes=9-3"},
        {"HTTP_RANGE": "bytes=0-9", "HTTP_IF_RANGE": '"an-older-version"'},
        {"HTTP_RANGE": "bytes=0-9", "HTTP_IF_RANGE": "Mon, 30 Sep 2024 00:00:00 GMT"},
    ],
)
def test_download_with_a_range_it_cannot_serve_gets_the_whole_file(client, public_file, headers):
    response = client.get(public_file.get_absolute_url(), **headers)

    assert response.status_code == 200
    assert _body(response) == CONTENT


@pytest.mark.parametrize("validator", [f'"{SHA}"', LAST_MODIFIED])
def test_download_range_with_a_current_if_range_is_206(client, public_file, validator):
    response = client.get(
        public_file.get_absolute_url(), HTTP_RANGE="bytes=0-3", HTTP_IF_RANGE=validator
    )

    assert response.status_code == 206
    assert _body(response) == CONTENT[:4]


def test_download_under_another_name_redirects_to_the_files_name(client, public_file):
    response = client.get(f"/en/files/{public_file.pk}/other.pdf?download=1")

    assert response.status_code == 301
    assert response["Location"] == (
        f"/en/files/{public_file.pk}/CWG-COP-22-INF-1-fr.pdf?download=1"
    )


def test_download_under_another_name_of_an_unpublished_file_is_404(client, document_in):
    document_file = _file(document_in("submitted"))

    response = client.get(f"/en/files/{document_file.pk}/other.pdf")

    assert response.status_code == 404


def test_pdf_opens_in_the_browser_and_saves_on_request(client, public_file):
    shown = client.get(public_file.get_absolute_url())
    saved = client.get(public_file.get_absolute_url() + "?download=1")

    assert shown["Content-Disposition"] == 'inline; filename="CWG-COP-22-INF-1-fr.pdf"'
    assert shown["Content-Type"] == "application/pdf"
    assert saved["Content-Disposition"] == 'attachment; filename="CWG-COP-22-INF-1-fr.pdf"'


def test_word_document_is_saved(client, document_in):
    docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    document_file = _file(document_in("published"), name="note.docx", content_type=docx)

    response = client.get(document_file.get_absolute_url())

    assert response["Content-Disposition"] == 'attachment; filename="CWG-COP-22-INF-1-fr.docx"'


@pytest.mark.parametrize(
    ("name", "header"),
    [
        (
            "Contribución Perú.pdf",
            "inline; filename=\"Contribucion Peru.pdf\"; filename*=UTF-8''Contribuci%C3%B3n%20Per%C3%BA.pdf",
        ),
        (
            "وثيقة.pdf",
            "inline; filename=\"download.pdf\"; filename*=UTF-8''%D9%88%D8%AB%D9%8A%D9%82%D8%A9.pdf",
        ),
        (
            'say "hi".pdf',
            "inline; filename=\"say _hi_.pdf\"; filename*=UTF-8''say%20%22hi%22.pdf",
        ),
    ],
)
def test_download_names_in_ascii_and_in_utf8(client, people, document_in, name, header):
    # The uploaded name is offered until the document is numbered: to its delegates.
    document_file = _file(document_in("submitted"), name=name)
    client.force_login(people["delegate"])

    response = client.get(document_file.get_absolute_url())

    assert response.status_code == 200
    assert response["Content-Disposition"] == header


def test_unpublished_file_is_never_kept_by_a_cache(client, people, document_in):
    document_file = _file(document_in("submitted"))
    client.force_login(people["delegate"])

    full = client.get(document_file.get_absolute_url())
    part = client.get(document_file.get_absolute_url(), HTTP_RANGE="bytes=0-1")
    unchanged = client.get(document_file.get_absolute_url(), HTTP_IF_NONE_MATCH=f'"{SHA}"')

    assert [full.status_code, part.status_code, unchanged.status_code] == [200, 206, 304]
    assert full["Cache-Control"] == "private, no-store"
    assert part["Cache-Control"] == "private, no-store"
    assert unchanged["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize("role", ["anonymous", "other_delegate"])
def test_unpublished_file_answers_404_to_outsiders_whatever_they_send(
    client, people, document_in, role
):
    document_file = _file(document_in("submitted"))
    if role != "anonymous":
        client.force_login(people[role])

    statuses = [
        client.get(document_file.get_absolute_url(), **headers).status_code
        for headers in [{}, {"HTTP_RANGE": "bytes=0-1"}, {"HTTP_IF_NONE_MATCH": f'"{SHA}"'}]
    ]

    assert statuses == [404, 404, 404]


def test_range_through_the_web_server_is_left_to_nginx(client, public_file, settings):
    settings.DOCUMENT_DOWNLOAD_BACKEND = "nginx"

    whole = client.get(public_file.get_absolute_url())
    part = client.get(public_file.get_absolute_url(), HTTP_RANGE="bytes=0-9")

    assert whole["X-Accel-Redirect"] == f"/protected-media/{public_file.file.name}"
    assert whole["ETag"] == f'"{SHA}"'
    assert whole["Content-Disposition"] == 'inline; filename="CWG-COP-22-INF-1-fr.pdf"'
    assert part.status_code == 200
    assert part["X-Accel-Redirect"] == f"/protected-media/{public_file.file.name}"
