from django.urls import path

from . import views

app_name = "proposals"

urlpatterns = [
    path("start/<int:challenge_pk>/", views.start, name="start"),
    path("<uuid:uuid>/", views.edit, name="edit"),
    path("<uuid:uuid>/eligibility/", views.eligibility, name="eligibility"),
    path("<uuid:uuid>/not-eligible/", views.not_eligible, name="not_eligible"),
    path("<uuid:uuid>/check/", views.check, name="check"),
    path("<uuid:uuid>/receipt/", views.receipt, name="receipt"),
    path(
        "<uuid:uuid>/receipts/<uuid:submission_uuid>.pdf",
        views.receipt_pdf,
        name="receipt_pdf",
    ),
    path("<uuid:uuid>/withdraw/", views.withdraw, name="withdraw"),
    path(
        "<uuid:uuid>/attachments/<uuid:attachment_uuid>/",
        views.attachment,
        name="attachment",
    ),
]
