"""A second factor may be required of every delegate by a setting, or of one by the secretariat."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied

from cwgcop.two_factor import require_two_factor
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


def member_of(group_name: str, username: str):
    user = UserFactory(username=username, is_staff=True)
    user.groups.add(Group.objects.get(name=group_name))
    return user


def admin_after_password(client, username: str):
    client.post(
        "/admin/login/?next=/admin/",
        {"username": username, "password": PASSWORD, "next": "/admin/"},
        REMOTE_ADDR="192.0.2.1",
    )
    return client.get("/admin/")


def test_delegates_sign_in_with_a_password_alone_by_default(client):
    member_of("Delegate", "delegate")

    admin = admin_after_password(client, "delegate")

    assert admin.status_code == 200


def test_the_setting_requires_a_second_factor_of_every_delegate(client, settings):
    settings.TWO_FACTOR_FOR_DELEGATES = True
    member_of("Delegate", "delegate")

    admin = admin_after_password(client, "delegate")

    assert admin.status_code == 302
    assert admin["Location"] == "/account/two-factor/setup/?next=%2Fadmin%2F"


def test_the_secretariat_requires_a_second_factor_of_one_delegate(client):
    secretary = member_of("Secretariat", "secretary")
    delegate = member_of("Delegate", "delegate")
    member_of("Delegate", "colleague")

    require_two_factor(user=delegate, by=secretary)
    required = admin_after_password(client, "delegate")
    client.logout()
    colleague = admin_after_password(client, "colleague")
    client.logout()
    require_two_factor(user=delegate, by=secretary, required=False)
    lifted = admin_after_password(client, "delegate")

    assert required.status_code == 302
    assert required["Location"] == "/account/two-factor/setup/?next=%2Fadmin%2F"
    assert colleague.status_code == 200
    assert lifted.status_code == 200


@pytest.mark.parametrize("role", ["Chair", "Delegate"])
def test_only_the_secretariat_requires_a_second_factor(role):
    someone = member_of(role, "someone")
    delegate = member_of("Delegate", "delegate")

    with pytest.raises(PermissionDenied):
        require_two_factor(user=delegate, by=someone)

    assert delegate.groups.filter(name="Two-factor sign-in required").exists() is False
