"""Payments pages: the supplier's Stripe onboarding and milestone claims, the council's
funding, approvals and payment times, and the endpoint Stripe sends its events to.

Views parse input and call services; every refusal of access is a 404 from the policies."""

import stripe
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from procurement.accounts import policies
from procurement.buyers.selectors import council_by_slug
from procurement.money import format_pounds
from suppliers.selectors import organisation_by_slug

from . import gateway, lifecycle, metrics, selectors, services, webhooks
from .forms import ApproveForm, ClaimForm, FundingForm, ReasonForm
from .lifecycle import ClaimTransitionRefused
from .models import FundingMethod

NOT_CONFIGURED = (
    "Payments are not configured on this portal yet, so nothing can be paid through it. "
    "Everything else works as normal."
)
STRIPE_UNAVAILABLE = "Stripe could not be reached. Try again in a few minutes."


# --- supplier -------------------------------------------------------------------------------


def _organisation(request, slug):
    organisation = organisation_by_slug(slug)
    policies.require(request.user, "payments.manage_account", organisation)
    return organisation


@login_required
@require_GET
def supplier_payments(request, slug):
    organisation = _organisation(request, slug)
    return render(
        request,
        "payments/supplier_payments.html",
        {
            "payments": selectors.supplier_payments(organisation),
            "configured": gateway.configured(),
        },
    )


@login_required
@require_POST
def connect(request, slug):
    organisation = _organisation(request, slug)
    if not gateway.configured():
        messages.error(request, NOT_CONFIGURED)
        return redirect("payments:supplier", slug=organisation.slug)
    try:
        url = services.connected_account_onboarding_link(organisation=organisation, by=request.user)
    except stripe.StripeError:
        messages.error(request, STRIPE_UNAVAILABLE)
        return redirect("payments:supplier", slug=organisation.slug)
    return redirect(url)


@login_required
@require_GET
def connect_return(request, slug):
    """Where Stripe sends the supplier back after onboarding: read the account afresh."""
    organisation = _organisation(request, slug)
    if gateway.configured():
        try:
            account = services.connected_account_refresh(organisation=organisation, by=request.user)
        except stripe.StripeError:
            account = None
            messages.error(request, STRIPE_UNAVAILABLE)
        else:
            if account is not None and account.payouts_enabled:
                messages.success(request, "Your Stripe account is ready to receive payments.")
            elif account is not None:
                messages.info(
                    request,
                    "Stripe still needs some details before it can pay you. "
                    "Continue setting up your account when you are ready.",
                )
    return redirect("payments:supplier", slug=organisation.slug)


@login_required
@require_GET
def connect_refresh(request, slug):
    """Stripe's onboarding link expired or was used: make a fresh one and go back."""
    organisation = _organisation(request, slug)
    if not gateway.configured():
        return redirect("payments:supplier", slug=organisation.slug)
    try:
        return redirect(
            services.connected_account_onboarding_link(organisation=organisation, by=request.user)
        )
    except stripe.StripeError:
        messages.error(request, STRIPE_UNAVAILABLE)
        return redirect("payments:supplier", slug=organisation.slug)


@login_required
@require_http_methods(["GET", "POST"])
def claim_create(request, milestone_uuid):
    milestone = selectors.milestone_for_supplier(user=request.user, milestone_uuid=milestone_uuid)
    remaining = services.milestone_claimable_pence(milestone)
    form = ClaimForm(
        request.POST if request.method == "POST" else None,
        initial={"amount_pence": remaining},
    )
    if form.is_valid():
        try:
            services.claim_submit(
                milestone=milestone,
                amount_pence=form.cleaned_data["amount_pence"],
                evidence=form.cleaned_data["evidence"],
                evidence_url=form.cleaned_data["evidence_url"],
                by=request.user,
            )
        except services.PaymentRefused as refused:
            form.add_error("amount_pence", str(refused))
        else:
            messages.success(
                request,
                f"Milestone {milestone.number} marked as delivered. "
                f"{milestone.contract.council} will check it and approve the payment.",
            )
            return redirect("payments:supplier", slug=milestone.contract.organisation.slug)
    return render(
        request,
        "payments/claim_form.html",
        {
            "milestone": milestone,
            "contract": milestone.contract,
            "form": form,
            "remaining": remaining,
        },
        status=400 if form.errors else 200,
    )


# --- council --------------------------------------------------------------------------------


@login_required
@require_GET
def council_dashboard(request, slug):
    council = council_by_slug(slug)
    policies.require(request.user, "payments.view_council", council)
    contracts = selectors.council_contracts(council)
    times = metrics.council_payment_times(contracts)
    return render(
        request,
        "payments/council_dashboard.html",
        {
            "council": council,
            "times": times,
            "rows": [(row, selectors.contract_money(row.contract)) for row in times.contracts],
            "awaiting": selectors.claims_awaiting_council(council),
            "configured": gateway.configured(),
        },
    )


def _contract_page(request, contract, *, funding_form=None, status=200):
    finance = policies.can(request.user, "payments.finance", contract)
    return render(
        request,
        "payments/contract.html",
        {
            "contract": contract,
            "money": selectors.contract_money(contract),
            "ledger_lines": selectors.ledger_lines(contract),
            "is_finance": finance,
            "configured": gateway.configured(),
            "funding_form": funding_form
            or (FundingForm(checkout_available=gateway.configured()) if finance else None),
        },
        status=status,
    )


@login_required
@require_GET
def contract(request, contract_uuid):
    contract = selectors.contract_for_council(user=request.user, contract_uuid=contract_uuid)
    if request.GET.get("funding"):
        messages.info(
            request,
            "Thank you. The funding will show as received as soon as Stripe confirms the payment.",
        )
    return _contract_page(request, contract)


@login_required
@require_POST
def fund(request, contract_uuid):
    contract = selectors.contract_for_council(user=request.user, contract_uuid=contract_uuid)
    policies.require(request.user, "payments.finance", contract)
    form = FundingForm(request.POST, checkout_available=gateway.configured())
    if form.is_valid():
        amount, method = form.cleaned_data["amount_pence"], form.cleaned_data["method"]
        try:
            if method == FundingMethod.CHECKOUT:
                _, url = services.funding_checkout_start(
                    contract=contract, amount_pence=amount, by=request.user
                )
                return redirect(url)
            funding = services.funding_invoice_create(
                contract=contract, amount_pence=amount, by=request.user
            )
            return redirect("payments:funding", funding_uuid=funding.uuid)
        except services.PaymentRefused as refused:
            form.add_error("amount_pence", str(refused))
        except stripe.StripeError:
            form.add_error(None, STRIPE_UNAVAILABLE)
    return _contract_page(request, contract, funding_form=form, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def funding(request, funding_uuid):
    funding = selectors.funding_for_council(user=request.user, funding_uuid=funding_uuid)
    finance = policies.can(request.user, "payments.finance", funding.contract)
    if request.method == "POST":
        policies.require(request.user, "payments.finance", funding.contract)
        services.funding_mark_received(funding=funding, by=request.user)
        messages.success(request, f"{format_pounds(funding.amount_pence)} recorded as received.")
        return redirect("payments:contract", contract_uuid=funding.contract.uuid)
    return render(
        request,
        "payments/funding.html",
        {"funding": funding, "contract": funding.contract, "is_finance": finance},
    )


def _claim_page(request, claim, *, approve_form=None, reject_form=None, error=None, status=200):
    contract = claim.milestone.contract
    finance = policies.can(request.user, "payments.finance", contract)
    may_request = policies.can(request.user, "payments.request", claim)
    transfer = getattr(claim, "transfer", None)
    return render(
        request,
        "payments/claim.html",
        {
            "claim": claim,
            "contract": contract,
            "transfer": transfer,
            "error": error,
            "configured": gateway.configured(),
            "may_request": may_request and lifecycle.awaits_request(claim.status),
            "may_approve": (finance or policies.can(request.user, "payments.approve", claim))
            and lifecycle.awaits_approval(claim.status),
            "may_reject": may_request
            and (lifecycle.awaits_request(claim.status) or lifecycle.awaits_approval(claim.status)),
            "may_retry": finance and transfer is not None and not transfer.is_sent,
            "may_reverse": finance
            and transfer is not None
            and transfer.is_sent
            and not transfer.is_fully_reversed
            and not hasattr(transfer, "reversal"),
            "needs_other_approver": claim.requested_by_id == request.user.pk,
            "only_finance_approver": claim.requested_by_id == request.user.pk
            and services.finance_approver_count(contract.council) == 1,
            "approve_form": approve_form
            or ApproveForm(initial={"amount_pence": claim.amount_pence}),
            "reject_form": reject_form or ReasonForm(prefix="reject"),
        },
        status=status,
    )


@login_required
@require_GET
def claim(request, claim_uuid):
    claim = selectors.claim_for_council(user=request.user, claim_uuid=claim_uuid)
    return _claim_page(request, claim)


@login_required
@require_POST
def claim_request(request, claim_uuid):
    claim = selectors.claim_for_council(user=request.user, claim_uuid=claim_uuid)
    try:
        services.claim_request_payment(claim=claim, by=request.user)
    except ClaimTransitionRefused as refused:
        return _claim_page(request, claim, error=str(refused), status=400)
    messages.success(request, "Delivery confirmed. A finance approver can now approve the payment.")
    return redirect("payments:claim", claim_uuid=claim.uuid)


@login_required
@require_POST
def claim_approve(request, claim_uuid):
    claim = selectors.claim_for_council(user=request.user, claim_uuid=claim_uuid)
    form = ApproveForm(request.POST)
    if form.is_valid():
        try:
            transfer = services.claim_approve(
                claim=claim, by=request.user, amount_pence=form.cleaned_data["amount_pence"]
            )
        except (services.PaymentRefused, ClaimTransitionRefused) as refused:
            form.add_error("amount_pence", str(refused))
        else:
            transfer.refresh_from_db()
            if transfer.is_sent:
                messages.success(
                    request,
                    f"Payment approved. {format_pounds(transfer.net_pence)} has been sent to "
                    f"{claim.milestone.contract.organisation}.",
                )
            else:
                messages.success(request, "Payment approved. It is being sent to the supplier.")
            return redirect("payments:claim", claim_uuid=claim.uuid)
    return _claim_page(request, claim, approve_form=form, status=400)


@login_required
@require_POST
def claim_reject(request, claim_uuid):
    claim = selectors.claim_for_council(user=request.user, claim_uuid=claim_uuid)
    policies.require(request.user, "payments.request", claim)
    form = ReasonForm(request.POST, prefix="reject")
    if form.is_valid():
        try:
            services.claim_reject(claim=claim, by=request.user, reason=form.cleaned_data["reason"])
        except (services.PaymentRefused, ClaimTransitionRefused) as refused:
            form.add_error("reason", str(refused))
        else:
            messages.success(request, "Claim rejected. The supplier can see your reason.")
            return redirect("payments:claim", claim_uuid=claim.uuid)
    return _claim_page(request, claim, reject_form=form, status=400)


@login_required
@require_POST
def transfer_retry(request, transfer_uuid):
    transfer = selectors.transfer_for_council(user=request.user, transfer_uuid=transfer_uuid)
    transfer = services.transfer_retry(transfer=transfer, by=request.user)
    if transfer.is_sent:
        messages.success(request, "The payment has been sent.")
    else:
        messages.error(request, "The payment could not be sent. Try again later.")
    return redirect("payments:claim", claim_uuid=transfer.claim.uuid)


@login_required
@require_http_methods(["GET", "POST"])
def transfer_reverse(request, transfer_uuid):
    transfer = selectors.transfer_for_council(user=request.user, transfer_uuid=transfer_uuid)
    policies.require(request.user, "payments.finance", transfer.claim.milestone.contract)
    form = ReasonForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            services.transfer_reverse(
                transfer=transfer, by=request.user, reason=form.cleaned_data["reason"]
            )
        except services.PaymentRefused as refused:
            form.add_error("reason", str(refused))
        else:
            messages.success(
                request, "Reversal requested. The money returns to the contract's funds."
            )
            return redirect("payments:claim", claim_uuid=transfer.claim.uuid)
    return render(
        request,
        "payments/reverse.html",
        {"transfer": transfer, "claim": transfer.claim, "form": form},
        status=400 if form.errors else 200,
    )


# --- Stripe ---------------------------------------------------------------------------------


@csrf_exempt
@require_POST
def stripe_webhook(request):
    payload = request.body
    try:
        event = webhooks.verify(payload, request.headers.get("Stripe-Signature"))
    except webhooks.WebhookRejected as rejected:
        webhooks.reject(
            payload=payload, reason=str(rejected), remote_addr=request.META.get("REMOTE_ADDR", "")
        )
        return HttpResponseBadRequest("Invalid signature.")
    receipt = webhooks.receive(event)
    return HttpResponse(receipt.outcome, content_type="text/plain")
