from django.urls import path

from cwgcop import path_converters  # noqa: F401 -- registers <text:...> and <text_path:...>

from . import compare_views, downloads, views
from .feeds import DocumentFeed, SourceFeed

app_name = "contributions"

urlpatterns = [
    path("", views.home, name="home"),
    path("documents/", views.document_list, name="document-list"),
    path("documents.csv", views.document_csv, name="document-csv"),
    path("documents.json", views.document_json, name="document-json"),
    path("feeds/documents.atom", DocumentFeed(), name="feed"),
    path("documents/id/<int:pk>/", views.document_by_id, name="document-by-id"),
    path(
        "documents/<text_path:number>/compare/<text_path:other>/<text:file_language>/",
        compare_views.document_comparison,
        name="compare",
    ),
    path("documents/<text_path:number>/", views.document_detail, name="document"),
    path("topics/", views.topic_list, name="topic-list"),
    path("topics/<slug:slug>/", views.topic_detail, name="topic"),
]

# Pages shared by every group, outside their addresses: a country or source contributes to
# every group, and a file is found by its key whatever its group.
shared_urlpatterns = [
    path("countries/", views.country_list, name="country-list"),
    path("countries/<text:code>/", views.country_detail, name="country"),
    path("sources/<slug:slug>/", views.source_detail, name="source"),
    path("feeds/sources/<slug:slug>.atom", SourceFeed(), name="source-feed"),
    path("files/<int:pk>/<text:name>", downloads.file_download, name="file"),
]
