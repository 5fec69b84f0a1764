"""Fictional searches, records and uploads for tests."""

import datetime

import factory
from django.utils import timezone

from coproduce.evidence.importers.records import title_key
from coproduce.evidence.models import (
    DuplicateCandidate,
    ImportBatch,
    ImportFormat,
    PendingImport,
    Reference,
    Search,
    SourceType,
)
from coproduce.projects.tests.factories import ProjectFactory


class SearchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Search

    project = factory.SubFactory(ProjectFactory)
    source = "Scopus"
    searched_on = datetime.date(2026, 10, 1)
    search_string = 'TITLE-ABS-KEY("co-production" AND "local government")'
    hits = 120


class ImportBatchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ImportBatch

    project = factory.SubFactory(ProjectFactory)
    search = factory.SubFactory(SearchFactory, project=factory.SelfAttribute("..project"))
    filename = "scopus.ris"
    format = ImportFormat.RIS


class ReferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Reference

    project = factory.SubFactory(ProjectFactory)
    source_type = SourceType.JOURNAL_ARTICLE
    title = factory.Sequence(lambda n: f"Co-producing neighbourhood services in Brookvale, part {n}")
    title_key = factory.LazyAttribute(lambda o: title_key(o.title))
    authors = factory.LazyFunction(lambda: ["Quillfeather, Ffion", "Ashdown, Remi"])
    year = 2021
    container = "Journal of Local Public Services"
    abstract = "A fictional study of co-production between a council and community groups."


class DuplicateCandidateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DuplicateCandidate

    project = factory.SubFactory(ProjectFactory)
    first = factory.SubFactory(ReferenceFactory, project=factory.SelfAttribute("..project"))
    second = factory.SubFactory(ReferenceFactory, project=factory.SelfAttribute("..project"))
    score = 95.0


class PendingImportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PendingImport

    project = factory.SubFactory(ProjectFactory)
    filename = "records.csv"
    format = ImportFormat.CSV
    raw = b"Title,Authors,Year\nCommunity hubs in Brookvale,Quillfeather F,2020\n"
    expires_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(hours=1))
