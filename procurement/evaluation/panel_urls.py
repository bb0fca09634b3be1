from django.urls import path

from . import panel_views as views

app_name = "panel"

urlpatterns = [
    path("", views.waiting, name="waiting"),
    path("<int:pk>/", views.panel, name="panel"),
    path("<int:pk>/declaration/", views.declare, name="declare"),
    path("<int:pk>/moderation/", views.moderation, name="moderation"),
    path("<int:pk>/moderation/ties/", views.tie, name="tie"),
    path("<int:pk>/moderation/<str:label>/", views.moderate, name="moderate"),
    path("assignments/<uuid:uuid>/", views.assignment, name="assignment"),
    path(
        "assignments/<uuid:uuid>/files/<uuid:attachment_uuid>/",
        views.assignment_file,
        name="file",
    ),
    path("assignments/<uuid:uuid>/reopen/", views.reopen, name="reopen"),
    path("assignments/<uuid:uuid>/unassign/", views.unassign, name="unassign"),
]
