from django.urls import path

from procurement.accounts.teams import views as teams

from . import views
from .team import SUPPLIER_TEAM

app_name = "suppliers"

team = {"side": SUPPLIER_TEAM}

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("invitations/<str:token>/", teams.invitation_accept, team, name="invitation_accept"),
    path("organisations/new/", views.organisation_create, name="organisation_create"),
    path("organisations/<slug:slug>/", views.organisation_profile, name="organisation"),
    path("organisations/<slug:slug>/edit/", views.organisation_edit, name="organisation_edit"),
    path("organisations/<slug:slug>/team/", teams.team, team, name="team"),
    path("organisations/<slug:slug>/team/invite/", teams.invite, team, name="invite"),
    path(
        "organisations/<slug:slug>/team/invitations/<int:invitation_id>/cancel/",
        teams.invitation_cancel,
        team,
        name="invitation_cancel",
    ),
    path(
        "organisations/<slug:slug>/team/<uuid:user_uuid>/role/",
        teams.change_roles,
        team,
        name="change_role",
    ),
    path(
        "organisations/<slug:slug>/team/<uuid:user_uuid>/remove/",
        teams.remove_member,
        team,
        name="remove_member",
    ),
]
