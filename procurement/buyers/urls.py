from django.urls import path

from . import views

app_name = "buyers"

urlpatterns = [
    path("", views.home, name="home"),
    path("editor-sign-in/", views.editor_sign_in, name="editor_sign_in"),
    path("invitations/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("<slug:slug>/team/", views.team, name="team"),
    path("<slug:slug>/team/invite/", views.invite, name="invite"),
    path(
        "<slug:slug>/team/invitations/<int:invitation_id>/cancel/",
        views.invitation_cancel,
        name="invitation_cancel",
    ),
    path("<slug:slug>/team/<uuid:user_uuid>/roles/", views.change_roles, name="change_roles"),
    path("<slug:slug>/team/<uuid:user_uuid>/remove/", views.remove_member, name="remove_member"),
]
