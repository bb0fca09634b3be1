import threading

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from procurement.ops.admission import Admission, AdmissionMiddleware


def test_a_request_over_the_queue_is_refused_at_once_and_a_queued_one_after_its_wait():
    admission = Admission(active=1, queued=1, wait=0.2)
    assert admission.enter()  # the one active request

    waited = threading.Event()
    outcome = {}

    def queued():
        outcome["queued"] = admission.enter()
        waited.set()

    thread = threading.Thread(target=queued)
    thread.start()
    # While that one waits, the queue is full: the next is refused without waiting.
    while admission._queued == 0 and not waited.is_set():
        threading.Event().wait(0.001)
    assert admission.enter() is False
    thread.join()
    assert outcome["queued"] is False  # nothing left the active slot within its wait

    admission.leave()
    assert admission.enter()  # capacity is back


def test_a_queued_request_gets_the_slot_when_it_frees_up():
    admission = Admission(active=1, queued=1, wait=5)
    assert admission.enter()
    outcome = {}
    thread = threading.Thread(target=lambda: outcome.setdefault("got", admission.enter()))
    thread.start()
    admission.leave()
    thread.join()
    assert outcome["got"] is True


@pytest.fixture
def saturated(settings):
    settings.WEB_MAX_ACTIVE_REQUESTS = 1
    settings.WEB_MAX_QUEUED_REQUESTS = 0
    settings.WEB_MAX_QUEUE_SECONDS = 0
    middleware = AdmissionMiddleware(lambda request: HttpResponse("served"))
    assert middleware.admission.enter()  # a request in progress holds the only slot
    return middleware


def test_pages_over_capacity_get_a_quick_503_that_says_to_retry(saturated):
    response = saturated(RequestFactory().get("/opportunities/?q=waste"))
    assert response.status_code == 503
    assert response["Retry-After"] == "1"
    assert response["Cache-Control"] == "no-store"
    assert b"Sorry, the service is busy" in response.content
    assert b'lang="en"' in response.content


def test_health_checks_and_static_files_are_never_queued(saturated):
    assert saturated(RequestFactory().get("/healthz")).content == b"served"
    assert saturated(RequestFactory().get("/static/css/main.css")).content == b"served"


def test_without_a_limit_every_request_goes_through(settings):
    settings.WEB_MAX_ACTIVE_REQUESTS = 0
    middleware = AdmissionMiddleware(lambda request: HttpResponse("served"))
    assert middleware(RequestFactory().get("/")).content == b"served"
