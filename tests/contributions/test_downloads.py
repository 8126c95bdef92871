"""Files are private until published: the download view asks can_download_file."""

import re
from urllib.parse import urljoin, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from contributions import services
from contributions.models import Document
from meetings.models import Meeting
from tests.contributions import corpus
from tests.contributions.conftest import ROLES

pytestmark = pytest.mark.django_db

PUBLIC = {"published", "superseded"}
INSIDERS = {"delegate", "secretariat", "chair"}


def _client_for(client, people, role):
    if role != "anonymous":
        client.force_login(people[role])
    return client


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("status", [status.value for status in Document.Status])
def test_file_download_by_role_in_status(client, people, document_in, role, status):
    document_file = document_in(status).files.get()
    allowed = status in PUBLIC or role in INSIDERS

    response = _client_for(client, people, role).get(document_file.get_absolute_url())

    assert response.status_code == (200 if allowed else 404)


def test_unpublished_file_download_carries_name_nosniff_and_no_store(client, people, document_in):
    document_file = document_in("submitted").files.get()
    client.force_login(people["delegate"])

    response = client.get(document_file.get_absolute_url())

    assert response["Content-Disposition"] == 'inline; filename="contribution.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_download_through_the_web_server_with_x_accel_redirect(client, document_in, settings):
    settings.DOCUMENT_DOWNLOAD_BACKEND = "nginx"
    document_file = document_in("published").files.get()

    response = client.get(document_file.get_absolute_url())

    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/protected-media/{document_file.file.name}"
    assert response["Content-Disposition"] == 'inline; filename="CWG-COP-22-INF-1-en.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response.content == b""


def test_download_of_a_file_that_does_not_exist_is_404(client, people):
    client.force_login(people["secretariat"])

    response = client.get("/en/files/999999/anything.pdf")

    assert response.status_code == 404


# ---- The canary: a word only an unpublished document holds

CANARY = "Quokkaphobia"
LINK = re.compile(r'href="([^"#]+)')
SKIP = ("/admin/", "/i18n/", "/static/")


LANGUAGE_PREFIX = re.compile(r"^/(?:ar|zh-hans|en|fr|ru|es)(?=/)")


def _unprefixed(url: str) -> str:
    """The address without its language: /ar/files/3/a.pdf and /files/3/a.pdf are one."""
    return LANGUAGE_PREFIX.sub("", url)


def _crawl(client, start: list[str], limit: int = 400) -> dict[str, bytes]:
    """Every page reachable by links from the start pages, as this client sees it."""
    seen: dict[str, bytes] = {}
    queue = list(start)
    while queue and len(seen) < limit:
        url = queue.pop(0)
        if url in seen:
            continue
        response = client.get(url)
        body = (
            b"".join(response.streaming_content)
            if getattr(response, "streaming", False)
            else response.content
        )
        seen[url] = body
        if response.get("Content-Type", "").startswith("text/html"):
            for link in LINK.findall(body.decode()):
                absolute = urljoin(url, link.replace("&amp;", "&"))
                parts = urlsplit(absolute)
                if parts.netloc and parts.netloc != "testserver":
                    continue
                path = parts.path + (f"?{parts.query}" if parts.query else "")
                if not path.startswith(SKIP) and path not in seen:
                    queue.append(path)
    return seen


@pytest.mark.parametrize("outsider", ["anonymous", "delegate-israel"])
def test_canary_in_unpublished_document_never_reaches_an_outsider(
    client, demo, django_capture_on_commit_callbacks, outsider
):
    users = get_user_model().objects
    delegate, secretary = users.get(username="delegate-italy"), users.get(username="secretariat")
    with django_capture_on_commit_callbacks(execute=True):
        document = services.create_draft(
            by=delegate,
            meeting=Meeting.objects.get(number=22),
            kind="information",
            title=f"{CANARY} and child online protection",
            sources=[delegate.represented_sources.get()],
        )
        document_file = services.add_file(
            document=document,
            language="en",
            upload=SimpleUploadedFile(f"{CANARY}.pdf", corpus.pdf_bytes(f"{CANARY} in the text")),
            by=delegate,
        )
        services.submit_document(document=document, by=delegate)
        services.accept_document(document=document, by=secretary)
    document.refresh_from_db()
    document_file.refresh_from_db()
    assert CANARY in document_file.text  # the search index holds it
    private_urls = [
        document_file.get_absolute_url(),
        f"/en/cwg-cop/documents/id/{document.pk}/",
        f"/en/cwg-cop/documents/{document.number}/",
    ]
    start = [
        "/en/cwg-cop/",
        "/en/cwg-cop/documents/",
        f"/en/cwg-cop/documents/?q={CANARY}",
        f"/en/cwg-cop/documents/?search={CANARY}",
        "/en/countries/",
        "/en/countries/it/",
        "/en/cwg-cop/meetings/22/",
        "/feed/",
        "/en/cwg-cop/documents.csv",
        "/en/cwg-cop/documents.json",
        *private_urls,
    ]
    if outsider != "anonymous":
        client.force_login(users.get(username=outsider))

    pages = _crawl(client, start)

    # A search page repeats the words searched for; it must not show the document. The
    # private addresses answer 404 (asserted below), a page that repeats the address typed.
    secrets = [document.title, f"{CANARY} in the text", f"{CANARY}.pdf"]
    # The private addresses in another language answer the same 404 page.
    private = {_unprefixed(url) for url in private_urls}
    leaking = [
        url
        for url, body in pages.items()
        if (
            CANARY in url
            and _unprefixed(url) not in private
            and any(secret.encode() in body for secret in secrets)
        )
        or (CANARY not in url and CANARY.encode() in body)
    ]
    assert leaking == []
    assert [client.get(url).status_code for url in private_urls] == [404, 404, 404]
    assert len(pages) > 40
