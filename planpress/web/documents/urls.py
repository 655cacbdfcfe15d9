from django.urls import path

from . import directory, editor, lifecycle, nodeviews, views

app_name = "documents"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("documents/", views.register, name="register"),
    path("directory/", directory.directory, name="directory"),
    path("documents/new/", lifecycle.new, name="new"),
    path("documents/import/", lifecycle.import_file, name="import"),
    path("documents/<str:number>/", views.detail, name="detail"),
    path("documents/<str:number>/site/", views.site_page, name="site"),
    path("documents/<str:number>/files/<path:name>", views.output_file, name="file"),
    path("documents/<str:number>/site/<path:name>", views.output_file),  # the site page's own links
    path("documents/<str:number>/draft/<path:name>", views.draft_file, name="draft_file"),
    path("documents/<str:number>/edit/", editor.edit, name="edit"),
    path("documents/<str:number>/edit/header/", editor.save_header, name="save_header"),
    path("documents/<str:number>/edit/yaml/", editor.save_yaml, name="save_yaml"),
    path("documents/<str:number>/edit/node/", nodeviews.save_node, name="save_node"),
    path("documents/<str:number>/edit/outline/", nodeviews.outline_operation, name="outline"),
    path("documents/<str:number>/check/", editor.check_yaml, name="check"),
    path("documents/<str:number>/presence/", editor.presence, name="presence"),
    path("documents/<str:number>/revise/", lifecycle.revise, name="revise"),
    path("documents/<str:number>/compare/", lifecycle.compare, name="compare"),
]
