"""The secretariat requires a second factor of one delegate from their source's admin page;
no other role reaches that page or sees its link."""

import pytest
from django.contrib.auth.models import Group

from cwgcop.two_factor import REQUIRED_GROUP

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"  # the factories' (tests/factories.py)


def address(source) -> str:
    return f"/admin/contributions/source/{source.pk}/second-factor/"


def required_of(user) -> bool:
    return user.groups.filter(name=REQUIRED_GROUP).exists()


def test_the_secretariat_requires_and_lifts_it_for_one_delegate(client, people, italy):
    delegate, secretary = people["delegate"], people["secretariat"]
    colleague = people["other_delegate"]
    italy.delegates.add(colleague)
    client.force_login(secretary)

    page = client.get(address(italy)).content.decode()
    saved = client.post(address(italy), {"required": [str(delegate.pk)]}, follow=True)
    lifted = client.post(address(italy), {}, follow=True)
    again = client.post(address(italy), {}, follow=True)

    assert f'<label for="required-{delegate.pk}">delegate-italy</label>' in page
    assert f'<label for="required-{colleague.pk}">delegate-israel</label>' in page
    assert "A second factor is now required of delegate-italy." in saved.content.decode()
    assert "A second factor is no longer required of delegate-italy." in lifted.content.decode()
    assert "Nothing was changed." in again.content.decode()
    assert (required_of(delegate), required_of(colleague)) == (False, False)


def test_the_delegate_then_sets_one_up_before_anything_else(client, people, italy):
    delegate = people["delegate"]
    client.force_login(people["secretariat"])
    client.post(address(italy), {"required": [str(delegate.pk)]})
    client.logout()
    # Signed in with the password alone (force_login would pass the second factor too).
    client.post(
        "/admin/login/?next=/admin/",
        {"username": "delegate-italy", "password": PASSWORD, "next": "/admin/"},
        REMOTE_ADDR="192.0.2.1",
    )

    desk = client.get("/admin/")

    assert required_of(delegate) is True
    assert (desk.status_code, desk["Location"]) == (
        302,
        "/account/two-factor/setup/?next=%2Fadmin%2F",
    )


@pytest.mark.parametrize("role", ["delegate", "other_delegate", "chair"])
def test_no_other_role_reaches_the_page_or_sees_its_link(client, people, italy, role):
    client.force_login(people[role])

    shown = client.get(address(italy))
    posted = client.post(address(italy), {"required": [str(people["delegate"].pk)]})
    change = client.get(f"/admin/contributions/source/{italy.pk}/change/")

    assert (shown.status_code, posted.status_code) == (403, 403)
    assert "second-factor/" not in change.content.decode()
    assert required_of(people["delegate"]) is False


def test_a_visitor_is_sent_to_sign_in(client, italy):
    answer = client.get(address(italy))

    assert answer.status_code == 302
    assert answer["Location"].startswith("/admin/login/")


def test_the_source_page_links_it_for_the_secretariat(client, people, italy):
    client.force_login(people["secretariat"])

    change = client.get(f"/admin/contributions/source/{italy.pk}/change/").content.decode()

    assert f'<a href="{address(italy)}">Require a second factor of its delegates</a>' in change
    assert Group.objects.filter(name=REQUIRED_GROUP).count() <= 1
