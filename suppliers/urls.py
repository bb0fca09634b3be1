from django.urls import path

from . import views

app_name = "suppliers"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("invitations/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("organisations/new/", views.organisation_create, name="organisation_create"),
    path("organisations/<slug:slug>/", views.organisation_profile, name="organisation"),
    path("organisations/<slug:slug>/edit/", views.organisation_edit, name="organisation_edit"),
    path("organisations/<slug:slug>/team/", views.team, name="team"),
    path("organisations/<slug:slug>/team/invite/", views.invite, name="invite"),
    path(
        "organisations/<slug:slug>/team/invitations/<int:invitation_id>/cancel/",
        views.invitation_cancel,
        name="invitation_cancel",
    ),
    path(
        "organisations/<slug:slug>/team/<uuid:user_uuid>/role/",
        views.change_role,
        name="change_role",
    ),
    path(
        "organisations/<slug:slug>/team/<uuid:user_uuid>/remove/",
        views.remove_member,
        name="remove_member",
    ),
]
