from django.urls import path

from . import views

app_name = "payments"

urlpatterns = [
    path("webhooks/stripe/", views.stripe_webhook, name="stripe_webhook"),
    # Supplier side.
    path(
        "supplier/milestones/<uuid:milestone_uuid>/claim/",
        views.claim_create,
        name="claim_create",
    ),
    path("supplier/<slug:slug>/", views.supplier_payments, name="supplier"),
    path("supplier/<slug:slug>/connect/", views.connect, name="connect"),
    path("supplier/<slug:slug>/connect/return/", views.connect_return, name="connect_return"),
    path("supplier/<slug:slug>/connect/refresh/", views.connect_refresh, name="connect_refresh"),
    # Council side: covered by the two-factor middleware (procurement/accounts/mfa.py).
    path("council/contracts/<uuid:contract_uuid>/", views.contract, name="contract"),
    path("council/contracts/<uuid:contract_uuid>/fund/", views.fund, name="fund"),
    path("council/funding/<uuid:funding_uuid>/", views.funding, name="funding"),
    path("council/claims/<uuid:claim_uuid>/", views.claim, name="claim"),
    path("council/claims/<uuid:claim_uuid>/request/", views.claim_request, name="claim_request"),
    path("council/claims/<uuid:claim_uuid>/approve/", views.claim_approve, name="claim_approve"),
    path("council/claims/<uuid:claim_uuid>/reject/", views.claim_reject, name="claim_reject"),
    path(
        "council/transfers/<uuid:transfer_uuid>/retry/",
        views.transfer_retry,
        name="transfer_retry",
    ),
    path(
        "council/transfers/<uuid:transfer_uuid>/reverse/",
        views.transfer_reverse,
        name="transfer_reverse",
    ),
    path("council/<slug:slug>/", views.council_dashboard, name="council"),
]
