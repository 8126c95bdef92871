"""Files in S3-compatible object storage (a real SeaweedFS), behind the same permissions."""

import datetime
import hashlib
import urllib.error
import urllib.request

import pytest
from botocore.exceptions import ClientError

from contributions import services
from contributions.models import DocumentFile
from tests.production.arrange import publish, upload

pytestmark = [pytest.mark.django_db, pytest.mark.s3]


def object_of(seaweedfs, location: str, document_file: DocumentFile) -> dict:
    return seaweedfs.client().head_object(
        Bucket=seaweedfs.bucket, Key=f"{location}/{document_file.file.name}"
    )


def test_upload_is_stored_in_the_bucket_with_its_size(
    seaweedfs, bucket_storage, draft, delegate, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        document_file = upload(draft, delegate)

    stored = object_of(seaweedfs, bucket_storage, document_file)
    document_file.refresh_from_db()
    assert document_file.file.name.startswith("documents/")
    assert stored["ContentLength"] == document_file.size
    assert "Online grooming prevention in schools" in document_file.text


def published_file(document_file: DocumentFile, draft) -> DocumentFile:
    """The file once its document is published: offered under the document's number."""
    publish(draft)
    return DocumentFile.objects.select_related("document").get(pk=document_file.pk)


def test_published_file_streams_from_the_bucket_with_its_name(
    client, seaweedfs, bucket_storage, draft, delegate
):
    document_file = published_file(upload(draft, delegate), draft)

    response = client.get(document_file.get_absolute_url())
    body = b"".join(response.streaming_content)

    assert response.status_code == 200
    assert document_file.document.number == "CWG-COP-22/INF/1"
    assert response["Content-Disposition"] == 'inline; filename="CWG-COP-22-INF-1-en.pdf"'
    assert hashlib.sha256(body).hexdigest() == document_file.sha256


def test_published_file_serves_byte_ranges_from_the_bucket(
    client, seaweedfs, bucket_storage, draft, delegate
):
    document_file = published_file(upload(draft, delegate), draft)
    whole = b"".join(client.get(document_file.get_absolute_url()).streaming_content)

    head = client.get(document_file.get_absolute_url(), HTTP_RANGE="bytes=0-99")
    tail = client.get(document_file.get_absolute_url(), HTTP_RANGE="bytes=-50")
    past = client.get(document_file.get_absolute_url(), HTTP_RANGE=f"bytes={len(whole)}-")

    size = document_file.size
    assert (head.status_code, head["Content-Range"]) == (206, f"bytes 0-99/{size}")
    assert b"".join(head.streaming_content) == whole[:100]
    assert (tail.status_code, tail["Content-Range"]) == (
        206,
        f"bytes {size - 50}-{size - 1}/{size}",
    )
    assert b"".join(tail.streaming_content) == whole[-50:]
    assert (past.status_code, past["Content-Range"]) == (416, f"bytes */{size}")


@pytest.mark.parametrize(("who", "status"), [("anonymous", 404), ("delegate", 200)])
def test_unpublished_file_reaches_only_its_delegates(
    client, seaweedfs, bucket_storage, draft, delegate, who, status
):
    document_file = upload(draft, delegate)
    if who == "delegate":
        client.force_login(delegate)

    response = client.get(document_file.get_absolute_url())

    assert response.status_code == status
    assert "no-store" in response.get("Cache-Control", "no-store")


def test_bucket_refuses_anyone_without_the_key(seaweedfs, bucket_storage, draft, delegate):
    document_file = upload(draft, delegate)
    address = (
        f"{seaweedfs.endpoint_url}/{seaweedfs.bucket}/{bucket_storage}/{document_file.file.name}"
    )
    stranger = seaweedfs.client(access_key="someone", secret_key="guessed-secret-key")

    with pytest.raises(urllib.error.HTTPError) as anonymous:
        urllib.request.urlopen(address)  # noqa: S310 -- a loopback test server
    with pytest.raises(ClientError) as refused:
        stranger.get_object(
            Bucket=seaweedfs.bucket, Key=f"{bucket_storage}/{document_file.file.name}"
        )

    assert anonymous.value.code == 403
    assert refused.value.response["Error"]["Code"] == "InvalidAccessKeyId"


def test_orphan_sweep_removes_unreferenced_objects_from_the_bucket(
    seaweedfs, bucket_storage, draft, delegate
):
    kept = upload(draft, delegate)
    client = seaweedfs.client()
    client.put_object(
        Bucket=seaweedfs.bucket, Key=f"{bucket_storage}/documents/ab/orphan.pdf", Body=b"%PDF-1.4"
    )

    removed = services.remove_orphan_files(older_than=datetime.timedelta(0))

    listed = client.list_objects_v2(Bucket=seaweedfs.bucket, Prefix=f"{bucket_storage}/")
    assert removed == ["documents/ab/orphan.pdf"]
    assert [item["Key"] for item in listed["Contents"]] == [f"{bucket_storage}/{kept.file.name}"]


def test_orphan_sweep_keeps_recent_objects(seaweedfs, bucket_storage):
    seaweedfs.client().put_object(
        Bucket=seaweedfs.bucket, Key=f"{bucket_storage}/documents/cd/uploading.pdf", Body=b"%PDF"
    )

    removed = services.remove_orphan_files(older_than=datetime.timedelta(hours=1))

    assert removed == []
