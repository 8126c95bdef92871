"""`manage.py verify_files`: every row has its file, unchanged, and every file has its row."""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command

from contributions.models import DocumentFile
from tests.factories import DocumentFactory
from tests.production.arrange import upload

pytestmark = pytest.mark.django_db


def verify() -> str:
    out = io.StringIO()
    call_command("verify_files", stdout=out)
    return out.getvalue()


def test_verify_files_passes_when_every_file_matches(draft, delegate):
    upload(draft, delegate)
    upload(DocumentFactory(meeting=draft.meeting, sources=list(draft.sources.all())), delegate)

    assert verify().splitlines() == ["2 files checked: 0 missing, 0 changed, 0 unreferenced."]


def test_verify_files_reports_missing_changed_and_unreferenced(draft, delegate):
    missing = upload(draft, delegate)
    other = DocumentFactory(meeting=draft.meeting, sources=list(draft.sources.all()))
    changed = upload(other, delegate)
    default_storage.delete(missing.file.name)
    default_storage.delete(changed.file.name)
    default_storage.save(changed.file.name, ContentFile(b"%PDF-1.4 tampered"))
    stray = default_storage.save("documents/ff/stray.pdf", ContentFile(b"%PDF-1.4"))

    with pytest.raises(CommandError) as failed:
        verify()

    assert str(failed.value) == "2 files checked: 1 missing, 1 changed, 1 unreferenced."
    assert failed.value.returncode == 1
    assert stray == "documents/ff/stray.pdf"


def test_verify_files_lists_each_problem(draft, delegate, capsys):
    missing = upload(draft, delegate)
    default_storage.delete(missing.file.name)
    out = io.StringIO()

    with pytest.raises(CommandError):
        call_command("verify_files", stdout=out)

    assert out.getvalue().splitlines() == [f"missing file {missing.pk} {missing.file.name}"]
    assert DocumentFile.objects.count() == 1


@pytest.mark.s3
def test_verify_files_reads_the_bucket(seaweedfs, bucket_storage, draft, delegate):
    kept = upload(draft, delegate)
    default_storage.save("documents/ee/stray.pdf", ContentFile(b"%PDF-1.4"))

    with pytest.raises(CommandError) as failed:
        verify()

    assert str(failed.value) == "1 files checked: 0 missing, 0 changed, 1 unreferenced."
    assert kept.file.name.startswith("documents/")
