from django.urls import path

from . import feeds, views

app_name = "search"

urlpatterns = [
    path("", views.opportunities, name="opportunities"),
    path("feed/", feeds.opportunities_feed, name="feed"),
    path("export.csv", views.export_csv, name="export"),
    path("external-<int:pk>/", views.external_notice, name="external_notice"),
    path("saved/", views.saved_searches, name="saved_searches"),
    path("saved/new/", views.save_search, name="save_search"),
    path("saved/<uuid:pk>/delete/", views.delete_saved_search, name="delete_saved_search"),
    path("alerts/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
