from django.contrib import admin

from .models import DuplicateCandidate, ImportBatch, Reference, Search


@admin.register(Search)
class SearchAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["source", "searched_on", "hits", "project"]
    list_filter = ["project"]


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["filename", "format", "records_created", "duplicates_merged", "created_at", "project"]
    list_filter = ["project", "format"]


@admin.register(Reference)
class ReferenceAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["title", "year", "source_type", "project"]
    list_filter = ["project", "source_type"]
    search_fields = ["title", "doi"]
    raw_id_fields = ["batch", "duplicate_of"]


@admin.register(DuplicateCandidate)
class DuplicateCandidateAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["first", "second", "score", "status", "project"]
    list_filter = ["project", "status"]
    raw_id_fields = ["first", "second"]
