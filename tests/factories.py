"""Deterministic factories: sequences, never random values."""

import datetime

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from contributions.models import Document, DocumentSource, Source, Topic
from meetings.models import (
    AgendaItem,
    Meeting,
    Outcome,
    Presentation,
    ReportListItem,
    ReportParagraph,
)
from meetings.outline import ReportSection
from workinggroups.models import default_group


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.django.Password("correct horse battery staple")


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting
        django_get_or_create = ["group", "number"]

    group = factory.LazyFunction(default_group)
    number = factory.Sequence(lambda n: 30 + n)
    start_date = factory.LazyAttribute(
        lambda meeting: (
            datetime.date(2025, 1, 1) + datetime.timedelta(days=180 * (meeting.number - 30))
        )
    )
    end_date = factory.LazyAttribute(
        lambda meeting: meeting.start_date + datetime.timedelta(days=1)
    )
    status = Meeting.Status.OPEN
    document_prefix = factory.LazyAttribute(
        lambda meeting: meeting.group.prefix_on(meeting.start_date)
    )


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    order = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Agenda item {n + 1}")


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source
        django_get_or_create = ["slug"]

    kind = Source.Kind.INTERNATIONAL_ORGANIZATION
    name = factory.Sequence(lambda n: f"Organisation {n}")
    slug = factory.Sequence(lambda n: f"organisation-{n}")


class MemberStateFactory(SourceFactory):
    kind = Source.Kind.MEMBER_STATE
    name = "Italy"
    slug = "italy"
    country = "IT"
    itu_region = "europe"


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.Sequence(lambda n: f"topic-{n}")


class DocumentFactory(factory.django.DjangoModelFactory):
    """A draft; pass `published=True` for a numbered, published document."""

    class Meta:
        model = Document
        skip_postgeneration_save = True

    class Params:
        published = factory.Trait(
            status=Document.Status.PUBLISHED,
            sequence=factory.Sequence(lambda n: n + 1),
            number=factory.LazyAttribute(
                lambda document: f"{document.meeting.code}/INF/{document.sequence}"
            ),
            published_at=factory.LazyFunction(timezone.now),
            # Dated the first day of its meeting, so that the year filter finds it there.
            document_date=factory.LazyAttribute(lambda document: document.meeting.start_date),
        )

    meeting = factory.SubFactory(MeetingFactory)
    kind = Document.Kind.INFORMATION
    title = factory.Sequence(lambda n: f"Information document {n}")
    status = Document.Status.DRAFT

    @factory.post_generation
    def sources(self, create, extracted, **kwargs):
        if create and extracted:
            for order, source in enumerate(extracted):
                DocumentSource.objects.create(document=self, source=source, order=order)


class PresentationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Presentation

    meeting = factory.SubFactory(MeetingFactory)
    order = factory.Sequence(lambda n: n + 1)
    status = Presentation.Status.PRESENTED
    summary = factory.Sequence(lambda n: f"Summary paragraph {n}.")


class OutcomeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Outcome

    meeting = factory.SubFactory(MeetingFactory)
    order = factory.Sequence(lambda n: n + 1)
    kind = Outcome.Kind.ACTION
    text = factory.Sequence(lambda n: f"Outcome {n}.")
    status = Outcome.Status.OPEN


class ReportListItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportListItem

    meeting = factory.SubFactory(MeetingFactory)
    order = factory.Sequence(lambda n: n + 1)
    text = factory.Sequence(lambda n: f"Information document by Organisation {n}.")


class ReportParagraphFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportParagraph

    meeting = factory.SubFactory(MeetingFactory)
    section = ReportSection.DISCUSSION
    order = factory.Sequence(lambda n: n + 1)
    text = factory.Sequence(lambda n: f"Discussion paragraph {n}.")
