from django.urls import path

from procurement.accounts.teams import views as teams

from . import views
from .team import COUNCIL_TEAM

app_name = "buyers"

team = {"side": COUNCIL_TEAM}

urlpatterns = [
    path("", views.home, name="home"),
    path("editor-sign-in/", views.editor_sign_in, name="editor_sign_in"),
    path("invitations/<str:token>/", teams.invitation_accept, team, name="invitation_accept"),
    path("<slug:slug>/team/", teams.team, team, name="team"),
    path("<slug:slug>/team/invite/", teams.invite, team, name="invite"),
    path(
        "<slug:slug>/team/invitations/<int:invitation_id>/cancel/",
        teams.invitation_cancel,
        team,
        name="invitation_cancel",
    ),
    path("<slug:slug>/team/<uuid:user_uuid>/roles/", teams.change_roles, team, name="change_roles"),
    path(
        "<slug:slug>/team/<uuid:user_uuid>/remove/",
        teams.remove_member,
        team,
        name="remove_member",
    ),
]
