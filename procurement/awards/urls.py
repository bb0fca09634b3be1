from django.urls import path

from . import views

app_name = "awards"

urlpatterns = [
    path("<int:pk>/", views.challenge_award, name="challenge"),
    path("decisions/<uuid:uuid>/", views.decision, name="decision"),
    path("decisions/<uuid:uuid>/approval/", views.approval, name="approval"),
    path("decisions/<uuid:uuid>/evaluation-report.pdf", views.report, name="report"),
    path("letters/<uuid:uuid>.pdf", views.letter, name="letter"),
    path("contracts/<uuid:uuid>/", views.contract, name="contract"),
]
