"""Numbers are gap-free and unique even when many people accept at the same moment."""

import threading
import time

import pytest
from django.db import connection

from contributions import services
from contributions.models import Document
from tests.contributions.conftest import member_of
from tests.factories import DocumentFactory, MeetingFactory, MemberStateFactory

DOCUMENTS = 50


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_concurrent_acceptances_number_1_to_50_without_error():
    meeting = MeetingFactory(number=22)
    italy = MemberStateFactory()
    secretaries = [member_of("Secretariat", username=f"secretary-{n}") for n in range(2)]
    documents = [
        DocumentFactory(meeting=meeting, sources=[italy], status="submitted")
        for _ in range(DOCUMENTS)
    ]
    start = threading.Barrier(DOCUMENTS)
    errors: list[BaseException] = []

    def accept(index: int, pk: int) -> None:
        try:
            document = Document.objects.get(pk=pk)
            start.wait()
            services.accept_document(document=document, by=secretaries[index % 2])
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=accept, args=(index, document.pk))
        for index, document in enumerate(documents)
    ]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began

    numbered = Document.objects.filter(meeting=meeting).order_by("sequence")
    assert errors == []
    assert list(numbered.values_list("sequence", flat=True)) == list(range(1, DOCUMENTS + 1))
    assert sorted(numbered.values_list("number", flat=True)) == sorted(
        f"CWG-COP-22/INF/{n}" for n in range(1, DOCUMENTS + 1)
    )
    assert set(numbered.values_list("status", flat=True)) == {"accepted"}
    print(f"{DOCUMENTS} concurrent acceptances numbered 1..{DOCUMENTS} in {elapsed:.2f} s")
