from django.urls import path

from . import opening_views as views

app_name = "evaluation"

urlpatterns = [
    path("<int:pk>/", views.opening, name="opening"),
    path("<int:pk>/proposals/<uuid:proposal_uuid>/", views.proposal, name="proposal"),
    path(
        "<int:pk>/proposals/<uuid:proposal_uuid>/attachments/<uuid:attachment_uuid>/",
        views.attachment,
        name="attachment",
    ),
]
