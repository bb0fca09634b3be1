from django.urls import path

from . import views

app_name = "challenges"

urlpatterns = [
    path("", views.council_challenges, name="council_challenges"),
    path("<int:pk>/", views.council_challenge, name="council_challenge"),
    path("<int:pk>/cancel/", views.cancel_challenge, name="cancel"),
    path(
        "<int:pk>/questions/<uuid:clarification>/answer/",
        views.answer_question,
        name="answer_question",
    ),
]
