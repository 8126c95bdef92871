"""People, documents and the steps of following something by e-mail, as a reader takes them."""

import re
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.core import mail
from django.db import models

from contributions import services
from tests.contributions.conftest import (  # noqa: F401 -- fixtures, for pytest
    document_in,
    israel,
    italy,
    meeting,
    people,
)

SITE = "https://documents.example.org"


@pytest.fixture(autouse=True)
def _site_address(settings):
    settings.SITE_URL = SITE


def links_in(message) -> list[str]:
    return re.findall(r"https://\S+", message.body)


def path_of(url: str) -> str:
    assert url.startswith(SITE), url
    return urlsplit(url).path


class Reader:
    """Someone with no account following things by e-mail; what the site does after a
    commit (mail, tasks on the immediate backend) happens before each step returns."""

    def __init__(self, client, on_commit):
        self.client = client
        self.on_commit = on_commit

    def subscribe(self, email: str, what: str, frequency: str = "immediate", language="en"):
        with self.on_commit(execute=True):
            return self.client.post(
                f"/{language}/cwg-cop/alerts/",
                {"email": email, "what": what, "frequency": frequency},
            )

    def confirm(self, message) -> str:
        """Follow the confirmation link of a mail and press Confirm; the manage page's path."""
        [link] = links_in(message)
        response = self.client.post(path_of(link))
        assert response.status_code == 302, response.status_code
        return response["Location"]

    def follow(self, email: str, what: str, frequency: str = "immediate", language="en") -> str:
        """Subscribe and confirm from the mail; returns the manage page's path."""
        before = len(mail.outbox)
        self.subscribe(email, what, frequency, language)
        assert len(mail.outbox) == before + 1
        return self.confirm(mail.outbox[-1])

    def publish(self, document, by):
        """Publish through the workflow, as the secretariat does."""
        with self.on_commit(execute=True):
            services.publish_document(document=document, by=by)


@pytest.fixture
def reader(db, client, django_capture_on_commit_callbacks):
    return Reader(client, django_capture_on_commit_callbacks)


def rows_holding(text: str) -> list[str]:
    """Every model and text field in which some row holds this text."""
    found = []
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, models.CharField | models.TextField) and field.concrete:
                lookup = {f"{field.name}__icontains": text}
                if model._default_manager.filter(**lookup).exists():
                    found.append(f"{model._meta.label}.{field.name}")
    return found
