"""The secretariat names a source's delegates; they can then sign in and work the admin."""

import pytest
from django.core.exceptions import PermissionDenied

from contributions import services
from tests.factories import UserFactory
from tests.formdata import form_data

pytestmark = pytest.mark.django_db


def test_secretariat_names_a_delegate_who_can_then_sign_in(client, people, italy):
    newcomer = UserFactory(username="focal-point", is_staff=False)
    client.force_login(people["secretariat"])
    url = f"/admin/contributions/source/{italy.pk}/change/"
    data = form_data(client.get(url).content.decode(), form_id="source_form")
    data["delegates"] = [str(people["delegate"].pk), str(newcomer.pk)]

    response = client.post(url, data)
    client.logout()
    signed_in = client.post(
        "/admin/login/",
        {"username": "focal-point", "password": "correct horse battery staple", "next": "/admin/"},
    )
    documents = client.get("/admin/contributions/document/")

    assert response.status_code == 302
    assert sorted(italy.delegates.values_list("username", flat=True)) == [
        "delegate-italy",
        "focal-point",
    ]
    assert signed_in["Location"] == "/admin/"
    assert documents.status_code == 200


def test_set_source_delegates_refused_to_a_delegate(people, italy):
    outsider = UserFactory(username="outsider", is_staff=False)

    with pytest.raises(PermissionDenied):
        services.set_source_delegates(source=italy, delegates=[outsider], by=people["delegate"])

    outsider.refresh_from_db()
    assert list(italy.delegates.values_list("username", flat=True)) == ["delegate-italy"]
    assert (outsider.is_staff, outsider.groups.count()) == (False, 0)
