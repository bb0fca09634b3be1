"""Two production web nodes, a task worker and the scheduler, as a council would run them.

Each process is started as the Procfile starts it (gunicorn, `db_worker`, `run_scheduler`),
with DJANGO_ENV=production and a local folder of its own, against the test's PostgreSQL
database, Elasticsearch indices and a bucket of its own on the S3-compatible store. Nothing is
shared between the nodes but those services, so a proposal file submitted through one node's
pages must be read back through the other's from the object store.
"""

import base64
import os
import secrets
import socket
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
import requests
from django.db import connection
from django_tasks_db.models import DBTaskResult

from challenges.lifecycle import Status
from challenges.models import ChallengePage
from procurement import clock
from tenders.models import Attachment, Proposal
from tenders.opening import opening_approve
from tests import objectstore
from tests.clients import code_with_time_to_type
from tests.factories import PASSWORD, ChallengeFactory
from tests.tenders.conftest import PDF_BYTES

pytestmark = [
    pytest.mark.postgresql,
    pytest.mark.elasticsearch,
    pytest.mark.s3,
    # The processes see only committed rows; serialized_rollback puts back the page tree the
    # migrations made, which the flush afterwards removes.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent
WAIT_SECONDS = 90


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def database_url() -> str:
    db = connection.settings_dict
    return (
        f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}"
    )


class Processes:
    def __init__(self, base: Path, environment: dict):
        self.base = base
        self.environment = environment
        self.running: list[tuple[str, subprocess.Popen, Path]] = []

    def start(self, name: str, command: list[str], **extra) -> None:
        folder = self.base / name
        folder.mkdir()
        log = folder / "output.log"
        # The child keeps its own copy of the descriptor.
        with log.open("wb") as output:
            process = subprocess.Popen(
                command,
                cwd=ROOT,
                env={**self.environment, "VAR_DIR": str(folder), **extra},
                stdout=output,
                stderr=subprocess.STDOUT,
            )
        self.running.append((name, process, log))

    def output(self) -> str:
        return "\n".join(f"--- {name}\n{log.read_text()[-3000:]}" for name, _, log in self.running)

    def stop(self) -> None:
        for _, process, _ in self.running:
            process.terminate()
        for _, process, _ in self.running:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


class Browser:
    """A person's browser on one node: its own cookies, behind the TLS-terminating proxy."""

    def __init__(self, port: int):
        self.host = f"127.0.0.1:{port}"
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, **kwargs) -> requests.Response:
        headers = {
            "X-Forwarded-Proto": "https",
            "Referer": f"https://{self.host}/",
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
        }
        if method == "POST":
            kwargs.setdefault("data", {})["csrfmiddlewaretoken"] = self.cookies.get("csrftoken", "")
        response = requests.request(
            method,
            f"http://{self.host}{path}",
            headers=headers,
            allow_redirects=False,
            timeout=60,
            **kwargs,
        )
        self.cookies.update(response.cookies.get_dict())
        return response

    def get(self, path: str) -> requests.Response:
        return self.request("GET", path)

    def post(self, path: str, data: dict, files=None) -> requests.Response:
        return self.request("POST", path, data=data, files=files)

    def sign_in(self, email: str, *, user=None) -> None:
        self.get("/accounts/login/")
        response = self.post("/accounts/login/", {"login": email, "password": PASSWORD})
        assert response.status_code == 302, response.text
        if response.headers["Location"] == "/accounts/2fa/authenticate/":
            response = self.post(
                "/accounts/2fa/authenticate/", {"code": code_with_time_to_type(user, seconds=2)}
            )
            assert response.status_code == 302, response.text


def wait_until(condition, processes: Processes, what: str):
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(0.25)
    pytest.fail(f"Timed out waiting for {what}.\n{processes.output()}")


def healthy(port: int) -> bool:
    try:
        response = requests.get(
            f"http://127.0.0.1:{port}/healthz", headers={"X-Forwarded-Proto": "https"}, timeout=30
        )
    except requests.RequestException:
        return False
    return response.status_code == 200


@pytest.fixture(scope="session")
def collected_static(tmp_path_factory):
    """`collectstatic` once, as a release would: both nodes serve these files."""
    root = tmp_path_factory.mktemp("static")
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"],
        cwd=ROOT,
        env={
            **os.environ,
            "DJANGO_ENV": "production",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DATABASE_URL": "postgres://unused@127.0.0.1/unused",
            "EMAIL_URL": "consolemail://",
            "SEALED_BOX_MASTER_KEY": base64.b64encode(os.urandom(32)).decode(),
            "S3_BUCKET": "",
            "STATIC_ROOT": str(root),
        },
        check=True,
    )
    return root


@pytest.fixture
def deployment(tmp_path, s3_bucket, elasticsearch_url, collected_static, settings):
    master_key = base64.b64encode(os.urandom(32)).decode()
    # Opening proposals in this process (as an officer's approval does) uses the same key.
    settings.SEALED_BOX_MASTER_KEY = master_key
    environment = {
        "PATH": os.environ["PATH"],
        "HOME": os.environ.get("HOME", "/root"),
        "DJANGO_ENV": "production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": database_url(),
        "EMAIL_URL": "consolemail://",
        "SEALED_BOX_MASTER_KEY": master_key,
        "ELASTICSEARCH_URL": elasticsearch_url,
        "ELASTICSEARCH_INDEX_PREFIX": settings.ELASTICSEARCH_INDEX_PREFIX,
        "ELASTICSEARCH_ANALYSIS": settings.ELASTICSEARCH_ANALYSIS,
        "S3_ENDPOINT_URL": objectstore.endpoint(),
        "S3_ACCESS_KEY_ID": objectstore.ACCESS_KEY,
        "S3_SECRET_ACCESS_KEY": objectstore.SECRET_KEY,
        "S3_BUCKET": s3_bucket,
        "STATIC_ROOT": str(collected_static),
        "WEB_WORKERS": "1",
        "WEB_ACCESS_LOG": "",
    }
    processes = Processes(tmp_path, environment)
    yield processes
    processes.stop()


def procfile() -> dict[str, list[str]]:
    lines = (ROOT / "Procfile").read_text().splitlines()
    commands = dict(line.split(": ", 1) for line in lines if line and not line.startswith("#"))
    return {
        name: [
            str(VENV_BIN / Path(part).name) if part.startswith(".venv/bin/") else part.strip('"')
            for part in command.split()
        ]
        for name, command in commands.items()
    }


def test_two_web_nodes_share_proposals_tasks_and_one_scheduler(
    deployment, council, council_officer, second_officer, supplier_owner
):
    challenge = ChallengeFactory(published=True, council=council)
    commands = procfile()
    node_a, node_b = free_port(), free_port()
    deployment.start("node-a", commands["web"], WEB_BIND=f"127.0.0.1:{node_a}")
    deployment.start("node-b", commands["web"], WEB_BIND=f"127.0.0.1:{node_b}")
    deployment.start("worker", [*commands["worker"], "--interval", "0.2", "--no-startup-delay"])
    wait_until(lambda: healthy(node_a) and healthy(node_b), deployment, "both nodes")

    # Node A: the supplier writes and submits a proposal with a file, through the pages.
    supplier = Browser(node_a)
    supplier.sign_in(supplier_owner.email)
    response = supplier.post(f"/proposals/start/{challenge.pk}/", {})
    assert response.status_code == 302, response.text
    edit = response.headers["Location"]
    proposal = Proposal.objects.get(challenge=challenge)
    response = supplier.post(
        edit,
        {
            "version": proposal.version,
            "answer_q1": "Volunteers on every street.",
            "answer_q3": "45000",
            "action": "review",
        },
        files={"answer_q2": ("delivery-plan.pdf", PDF_BYTES, "application/pdf")},
    )
    assert response.status_code == 302, response.text
    response = supplier.post(f"/proposals/{proposal.uuid}/check/", {})
    assert response.status_code == 302, response.text
    assert supplier.get(response.headers["Location"]).status_code == 200
    proposal.refresh_from_db()
    assert proposal.is_submitted

    # What node A queued (the receipt e-mail) is run by the worker, not by node A.
    queued = DBTaskResult.objects.all()
    assert queued.exists()
    wait_until(
        lambda: not queued.filter(status__in=["READY", "RUNNING"]).exists(),
        deployment,
        "the task worker",
    )
    assert set(queued.values_list("status", flat=True)) == {"SUCCESSFUL"}, deployment.output()

    # The deadline passes; nobody visits the page. The scheduler closes the challenge.
    ChallengePage.objects.filter(pk=challenge.pk).update(
        submission_deadline=clock.now() - timedelta(seconds=1)
    )
    deployment.start("scheduler", commands["scheduler"])
    wait_until(
        lambda: ChallengePage.objects.get(pk=challenge.pk).status == Status.CLOSED,
        deployment,
        "the scheduler to close the challenge",
    )

    # Two officers open the proposals; one reads the file through node B.
    challenge.refresh_from_db()
    opening_approve(challenge=challenge, by=council_officer)
    opening_approve(challenge=challenge, by=second_officer)
    attachment = Attachment.objects.get(proposal=proposal)
    officer = Browser(node_b)
    officer.sign_in(council_officer.email, user=council_officer)
    response = officer.get(
        f"/council/opening/{challenge.pk}/proposals/{proposal.uuid}/attachments/{attachment.uuid}/"
    )
    assert response.status_code == 200, response.text[:2000]
    assert response.content == PDF_BYTES
    # Node B had no copy of its own: its folder holds no sealed file.
    assert not list((deployment.base / "node-b").rglob("*.sealed"))
