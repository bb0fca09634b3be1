from django.urls import path

from . import views

app_name = "opendata"

urlpatterns = [
    path("", views.index, name="index"),
    path("releases.json", views.bulk_releases, name="bulk_releases"),
    path("bulk/<str:day>.json", views.daily_bulk_releases, name="daily_bulk_releases"),
    path("releases/<str:ocid>.json", views.release_package, name="release_package"),
    path("records/<str:ocid>.json", views.record_package, name="record_package"),
    path("extension/<str:name>", views.extension_file, name="extension"),
]
