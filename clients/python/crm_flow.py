"""A CRM's day against the vault, through the Python client generated from its OpenAPI document.

An agent registers a customer (and another one twice with one Idempotency-Key), finds them,
rectifies them (once with If-Match, removing the phone), records what happened, reads it back and
lists customers a page at a time; an admin issues an API token that reads as an agent until it is
revoked; compliance reads the history, exports, erases and checks the ledgers.
Every answer must parse into the generated model of its documented status: a member the document
promises but the answer lacks fails the step. The personal data is made up.

    VAULT_URL=http://127.0.0.1:8080 VAULT_PASSWORD=... python crm_flow.py
    (users agent, compliance and admin share VAULT_PASSWORD, as infra/local/client-check starts them)
"""

from __future__ import annotations

import datetime
import os
import sys
import time
import traceback
import uuid
from collections.abc import Callable
from http import HTTPStatus
from typing import Any, TypeVar

import httpx

from vault_client import AuthenticatedClient, Client
from vault_client.api.administration import issue_api_token, revoke_api_token
from vault_client.api.compliance import export_customer, get_customer_history, list_access_log
from vault_client.api.customers import (
    get_customer,
    get_customer_timeline,
    list_customers,
    record_interaction,
    record_purchase,
    rectify_customer,
    register_customer,
    set_consent,
)
from vault_client.api.erasure import erase_customer, list_erasures
from vault_client.api.notices import register_notice
from vault_client.models import (
    AccessEntry,
    ChangeStoredResponse,
    ErasureCertificate,
    ConsentRequest,
    IssuedToken,
    IssueTokenRequest,
    CreatedResponse,
    CustomerPageResponse,
    CustomerPatch,
    CustomerPatchAddress,
    CustomerResponse,
    CustomerExport,
    CustomerHistory,
    NoticeRequest,
    PostalAddress,
    Preferences,
    PreferencesChannelsItem,
    ListCustomersSort,
    Problem,
    RecordInteractionRequest,
    RecordInteractionRequestChannel,
    RecordPurchaseRequest,
    RegisterCustomerRequest,
    TimelineResponse,
)
from vault_client.types import Response, Unset

T = TypeVar("T")

# Projections follow the event store a little later: reads that follow a write wait this long.
CATCH_UP_SECONDS = 15.0


def expect(response: Response[Any], status: HTTPStatus, kind: type[T]) -> T:
    assert response.status_code == status, (
        f"status {response.status_code}, documented {status.value}: {response.content[:300]!r}"
    )
    assert isinstance(response.parsed, kind), (
        f"parsed as {type(response.parsed).__name__}, not {kind.__name__}"
    )
    return response.parsed


def view_with_the_change(response: Response[Any]) -> CustomerResponse | None:
    """A 200 shows the view with the change; a 202 the view as it is, or, while the read models are
    rebuilt, what was stored: only a 200's view is returned to be checked for the change."""
    if response.status_code == HTTPStatus.ACCEPTED:
        assert isinstance(response.parsed, (CustomerResponse, ChangeStoredResponse)), (
            f"parsed as {type(response.parsed).__name__}: {response.content[:300]!r}"
        )
        return None
    return expect(response, HTTPStatus.OK, CustomerResponse)


def expect_list(response: Response[Any], kind: type[T]) -> list[T]:
    assert response.status_code == HTTPStatus.OK, (
        f"status {response.status_code}: {response.content[:300]!r}"
    )
    parsed = response.parsed
    assert isinstance(parsed, list), f"parsed as {type(parsed).__name__}, not a list"
    assert all(isinstance(item, kind) for item in parsed), f"an item is not a {kind.__name__}"
    return parsed


def expect_problem(response: Response[Any], status: HTTPStatus) -> Problem:
    problem = expect(response, status, Problem)
    content_type = response.headers.get("content-type", "")
    assert content_type.startswith("application/problem+json"), f"content type {content_type}"
    assert problem.status == status.value and problem.title and problem.type_, f"{problem}"
    return problem


def present(value: T | Unset | None, member: str) -> T:
    assert not isinstance(value, Unset) and value is not None, f"{member} is missing"
    return value


def eventually(read: Callable[[], T], done: Callable[[T], bool]) -> T:
    deadline = time.monotonic() + CATCH_UP_SECONDS
    while True:
        value = read()
        if done(value) or time.monotonic() > deadline:
            return value
        time.sleep(0.2)


class CrmFlow:
    def __init__(self, url: str, password: str) -> None:
        self.url = url
        self.timeout = httpx.Timeout(30.0)
        self.agent = self.basic_client("agent", password)
        self.compliance = self.basic_client("compliance", password)
        self.admin = self.basic_client("admin", password)
        run = uuid.uuid4().hex[:12]
        self.email = f"testa.{run}@example.invalid"
        self.customer_id = uuid.UUID(int=0)
        self.registration_key = str(uuid.uuid4())
        self.twice_registered_id = uuid.UUID(int=0)
        self.etag_before = ""
        self.token_name = f"crm-flow-{run}"
        self.token: IssuedToken | None = None
        self.certificate: ErasureCertificate | None = None
        self.failed: list[str] = []

    def basic_client(self, user: str, password: str) -> Client:
        return Client(base_url=self.url, timeout=self.timeout, httpx_args={"auth": (user, password)})

    def bearer_client(self) -> AuthenticatedClient:
        token = present(present(self.token, "the issued token").token, "token")
        return AuthenticatedClient(base_url=self.url, timeout=self.timeout, token=token)

    def step(self, name: str, action: Callable[[], None]) -> None:
        try:
            action()
            print(f"ok   {name}")
        except Exception as failure:  # every kind of failure is reported, the next step still runs
            self.failed.append(name)
            lines = [f.lineno for f in traceback.extract_tb(failure.__traceback__) if f.filename == __file__]
            print(f"FAIL {name}: {type(failure).__name__}: {failure} (line {lines[-1]})")

    def register_customer(self) -> None:
        body = RegisterCustomerRequest(
            full_name="Testa Fakename",
            email=self.email,
            phone="+15555550123",
            address=PostalAddress(line1="1 Example Street", city="Exampleville", country="AR"),
            preferences=Preferences(language="en", channels=[PreferencesChannelsItem.EMAIL]),
        )
        response = register_customer.sync_detailed(client=self.agent, body=body)
        created = expect(response, HTTPStatus.CREATED, CreatedResponse)
        self.customer_id = present(created.id, "id")
        assert response.headers["location"].endswith(str(self.customer_id)), "Location names another id"

    def register_with_idempotency_key(self) -> None:
        body = RegisterCustomerRequest(full_name="Testo Fakename", email=f"key.{self.email}")
        response = register_customer.sync_detailed(
            client=self.agent, body=body, idempotency_key=self.registration_key
        )
        self.twice_registered_id = present(expect(response, HTTPStatus.CREATED, CreatedResponse).id, "id")
        assert "idempotent-replayed" not in response.headers, "the first answer is a replay"

    def register_again_with_the_same_key(self) -> None:
        body = RegisterCustomerRequest(full_name="Testo Fakename", email=f"key.{self.email}")
        response = register_customer.sync_detailed(
            client=self.agent, body=body, idempotency_key=self.registration_key
        )
        created = expect(response, HTTPStatus.CREATED, CreatedResponse)
        assert present(created.id, "id") == self.twice_registered_id, "registered a second time"
        replayed = response.headers.get("idempotent-replayed")
        assert replayed == "true", f"Idempotent-Replayed {replayed}"

    def search_by_email(self) -> None:
        page = eventually(
            lambda: expect(
                list_customers.sync_detailed(client=self.agent, q=self.email),
                HTTPStatus.OK,
                CustomerPageResponse,
            ),
            lambda found: found.total == 1,
        )
        assert present(page.total, "total") == 1, f"{page.total} found"
        item = present(page.items, "items")[0]
        assert present(item.id, "items[].id") == self.customer_id
        assert present(item.status, "items[].status").value == "ACTIVE"

    def read_360_view(self) -> None:
        response = get_customer.sync_detailed(self.customer_id, client=self.agent, purpose="support")
        customer = expect(response, HTTPStatus.OK, CustomerResponse)
        assert present(customer.full_name, "fullName") == "Testa Fakename"
        assert present(customer.phone, "phone") == "+15555550123"
        assert present(present(customer.address, "address").city, "address.city") == "Exampleville"
        assert present(customer.purchase_count, "purchaseCount") == 0
        present(customer.created_at, "createdAt")

    def rectify_if_match(self) -> None:
        read = get_customer.sync_detailed(self.customer_id, client=self.agent)
        expect(read, HTTPStatus.OK, CustomerResponse)
        self.etag_before = present(read.headers.get("etag"), "ETag")
        response = rectify_customer.sync_detailed(
            self.customer_id, client=self.agent, body=self.birth_date_patch(), if_match=self.etag_before
        )
        view_with_the_change(response)
        etag = present(response.headers.get("etag"), "ETag")
        assert etag != self.etag_before, f"the ETag is still {etag}"

    def rectify_with_a_stale_etag(self) -> None:
        response = rectify_customer.sync_detailed(
            self.customer_id, client=self.agent, body=self.birth_date_patch(), if_match=self.etag_before
        )
        expect_problem(response, HTTPStatus.PRECONDITION_FAILED)

    @staticmethod
    def birth_date_patch() -> CustomerPatch:
        return CustomerPatch(birth_date=datetime.date(1980, 1, 31))

    def rectify_with_removal(self) -> None:
        patch = CustomerPatch(phone=None, address=CustomerPatchAddress(city="Otherville"))
        response = rectify_customer.sync_detailed(self.customer_id, client=self.agent, body=patch)
        customer = view_with_the_change(response)
        if customer is not None:
            assert isinstance(customer.phone, Unset), "the phone is still there"
            assert present(customer.address, "address").city == "Otherville"

    def record_interaction(self) -> None:
        body = RecordInteractionRequest(
            channel=RecordInteractionRequestChannel.EMAIL,
            summary="Asked where order FAKE-1 is",
            occurred_at=datetime.datetime(2026, 11, 30, 10, 0, tzinfo=datetime.timezone.utc),
        )
        response = record_interaction.sync_detailed(self.customer_id, client=self.agent, body=body)
        present(expect(response, HTTPStatus.CREATED, CreatedResponse).id, "id")

    def record_purchase(self) -> None:
        body = RecordPurchaseRequest(
            order_ref="FAKE-1",
            amount="42.50",
            currency="EUR",
            occurred_at=datetime.datetime(2026, 11, 30, 9, 0, tzinfo=datetime.timezone.utc),
        )
        response = record_purchase.sync_detailed(self.customer_id, client=self.agent, body=body)
        present(expect(response, HTTPStatus.CREATED, CreatedResponse).id, "id")

    def register_notice(self) -> None:
        notice = NoticeRequest(text="We send offers to the email address you give us.", language="en")
        response = register_notice.sync_detailed("2026-01", client=self.compliance, body=notice)
        assert response.status_code in (HTTPStatus.CREATED, HTTPStatus.OK), response.content[:300]

    def set_consent(self) -> None:
        body = ConsentRequest(granted=True, notice_version="2026-01")
        response = set_consent.sync_detailed(
            self.customer_id, "marketing", client=self.agent, body=body
        )
        customer = view_with_the_change(response)
        if customer is not None:
            consent = present(customer.consents, "consents")[0]
            assert present(consent.purpose, "consents[].purpose") == "marketing"
            assert present(consent.granted, "consents[].granted") is True

    def read_timeline(self) -> None:
        page = eventually(
            lambda: expect(
                get_customer_timeline.sync_detailed(self.customer_id, client=self.agent),
                HTTPStatus.OK,
                TimelineResponse,
            ),
            lambda found: isinstance(found.total, int) and found.total >= 5,
        )
        assert present(page.total, "total") >= 5, f"{page.total} entries"
        for entry in present(page.items, "items"):
            present(entry.sequence, "items[].sequence")
            present(entry.kind, "items[].kind")
            present(entry.occurred_at, "items[].occurredAt")

    def list_newest_first_by_cursor(self) -> None:
        newest_first = ListCustomersSort("-createdAt")
        first = eventually(
            lambda: expect(
                list_customers.sync_detailed(client=self.agent, sort=newest_first, size=1),
                HTTPStatus.OK,
                CustomerPageResponse,
            ),
            lambda found: isinstance(found.next_cursor, str),
        )
        cursor = present(first.next_cursor, "nextCursor")
        assert len(first.items) == 1, f"{len(first.items)} on a page of 1"
        response = list_customers.sync_detailed(
            client=self.agent, sort=newest_first, size=1, cursor=cursor
        )
        second = expect(response, HTTPStatus.OK, CustomerPageResponse)
        assert len(second.items) == 1, f"{len(second.items)} on a page of 1"
        newer, older = first.items[0], second.items[0]
        assert older.id != newer.id, "the next page starts again"
        assert older.created_at <= newer.created_at, "not newest first"

    def unknown_customer_is_a_problem(self) -> None:
        response = get_customer.sync_detailed(uuid.uuid4(), client=self.agent)
        expect_problem(response, HTTPStatus.NOT_FOUND)

    def agent_may_not_read_history(self) -> None:
        response = get_customer_history.sync_detailed(self.customer_id, client=self.agent)
        expect_problem(response, HTTPStatus.FORBIDDEN)

    def issue_token(self) -> None:
        body = IssueTokenRequest(name=self.token_name, roles=["AGENT"])
        response = issue_api_token.sync_detailed(client=self.admin, body=body)
        issued = expect(response, HTTPStatus.CREATED, IssuedToken)
        present(issued.id, "id")
        present(issued.token, "token")
        assert present(issued.name, "name") == self.token_name
        assert [role.value for role in present(issued.roles, "roles")] == ["AGENT"], f"roles {issued.roles}"
        self.token = issued

    def read_360_view_with_the_token(self) -> None:
        response = get_customer.sync_detailed(self.customer_id, client=self.bearer_client())
        customer = expect(response, HTTPStatus.OK, CustomerResponse)
        assert present(customer.id, "id") == self.customer_id

    def revoke_token(self) -> None:
        token_id = present(present(self.token, "the issued token").id, "id")
        response = revoke_api_token.sync_detailed(token_id, client=self.admin)
        expect(response, HTTPStatus.NO_CONTENT, type(None))

    def revoked_token_is_a_problem(self) -> None:
        response = get_customer.sync_detailed(self.customer_id, client=self.bearer_client())
        expect_problem(response, HTTPStatus.UNAUTHORIZED)

    def read_history(self) -> None:
        response = get_customer_history.sync_detailed(
            self.customer_id, client=self.compliance, purpose="audit"
        )
        found = expect(response, HTTPStatus.OK, CustomerHistory)
        assert present(found.subject_id, "subjectId") == self.customer_id
        events = present(found.events, "events")
        assert len(events) >= 5, f"{len(events)} events"
        for number, event in enumerate(events):
            assert present(event.sequence, "events[].sequence") == number
            present(event.type_, "events[].type")
            present(event.occurred_at, "events[].occurredAt")
            present(event.actor, "events[].actor")
            present(event.data, "events[].data")
        present(found.state_as_of, "stateAsOf")

    def export(self) -> None:
        response = export_customer.sync_detailed(self.customer_id, client=self.compliance)
        found = expect(response, HTTPStatus.OK, CustomerExport)
        assert present(found.subject_id, "subjectId") == self.customer_id
        present(found.current, "current")
        for event in present(found.history, "history"):
            present(event.type_, "history[].type")
            present(event.data, "history[].data")

    def erase(self) -> None:
        response = erase_customer.sync_detailed(self.customer_id, client=self.compliance)
        certificate = expect(response, HTTPStatus.OK, ErasureCertificate)
        assert present(certificate.subject_id, "subjectId") == self.customer_id
        assert present(certificate.requested_by, "requestedBy") == "compliance"
        assert present(certificate.purged, "purged"), "nothing purged"
        present(certificate.erased_at, "erasedAt")
        present(certificate.key_id, "keyId")
        present(certificate.signature, "signature")
        self.certificate = certificate

    def erasure_repeated_gives_the_same_certificate(self) -> None:
        response = erase_customer.sync_detailed(self.customer_id, client=self.compliance)
        again = expect(response, HTTPStatus.OK, ErasureCertificate)
        assert self.certificate is not None, "no first certificate"
        assert again.erased_at == self.certificate.erased_at
        assert again.signature == self.certificate.signature

    def erasure_ledger(self) -> None:
        certificates = expect_list(list_erasures.sync_detailed(client=self.compliance), ErasureCertificate)
        mine = [c for c in certificates if c.subject_id == self.customer_id]
        assert len(mine) == 1, f"{len(mine)} certificates for the customer"
        present(mine[0].erased_at, "erasedAt")

    def erased_customer_is_gone(self) -> None:
        response = get_customer.sync_detailed(self.customer_id, client=self.compliance)
        expect_problem(response, HTTPStatus.GONE)

    def access_log(self) -> None:
        response = list_access_log.sync_detailed(client=self.compliance, subject_id=self.customer_id)
        entries = expect_list(response, AccessEntry)
        assert entries, "no entry"
        actors = {present(entry.actor, "actor") for entry in entries}
        assert actors == {"agent", "compliance", f"token:{self.token_name}"}, f"actors {actors}"
        for entry in entries:
            assert entry.subject_id == self.customer_id
            present(entry.at, "at")
            present(entry.action, "action")

    def access_log_by_page(self) -> None:
        response = list_access_log.sync_detailed(
            client=self.compliance, subject_id=self.customer_id, size=1
        )
        entries = expect_list(response, AccessEntry)
        assert len(entries) == 1, f"{len(entries)} on a page of 1"
        total = int(present(response.headers.get("x-total-count"), "X-Total-Count"))
        assert total >= 2, f"X-Total-Count {total}"
        cursor = present(response.headers.get("x-next-cursor"), "X-Next-Cursor")
        following = list_access_log.sync_detailed(
            client=self.compliance, subject_id=self.customer_id, size=1, cursor=cursor
        )
        assert expect_list(following, AccessEntry) != entries, "the next page starts again"

    def run(self) -> int:
        print("== as agent")
        self.step("register a customer", self.register_customer)
        self.step("register with an Idempotency-Key", self.register_with_idempotency_key)
        self.step("the same key again: the same customer, replayed", self.register_again_with_the_same_key)
        self.step("search by email", self.search_by_email)
        self.step("read the 360 view", self.read_360_view)
        self.step("rectify with If-Match: a new ETag", self.rectify_if_match)
        self.step("the old ETag again is a 412 problem", self.rectify_with_a_stale_etag)
        self.step("rectify, removing the phone", self.rectify_with_removal)
        self.step("record an interaction", self.record_interaction)
        self.step("record a purchase", self.record_purchase)
        self.step("register the privacy notice", self.register_notice)
        self.step("set a consent", self.set_consent)
        self.step("read the timeline", self.read_timeline)
        self.step("list newest first, by cursor", self.list_newest_first_by_cursor)
        self.step("an unknown customer is a 404 problem", self.unknown_customer_is_a_problem)
        self.step("the history is not for agents", self.agent_may_not_read_history)
        print("== as admin")
        self.step("issue an API token", self.issue_token)
        self.step("read the 360 view with the token", self.read_360_view_with_the_token)
        self.step("revoke the token", self.revoke_token)
        self.step("the revoked token is a 401 problem", self.revoked_token_is_a_problem)
        print("== as compliance")
        self.step("read the history", self.read_history)
        self.step("export", self.export)
        self.step("erase: the certificate", self.erase)
        self.step("erase again: the same certificate", self.erasure_repeated_gives_the_same_certificate)
        self.step("the erasure ledger", self.erasure_ledger)
        self.step("an erased customer is a 410 problem", self.erased_customer_is_gone)
        self.step("the access log", self.access_log)
        self.step("the access log by page: X-Total-Count, X-Next-Cursor", self.access_log_by_page)
        if self.failed:
            print(f"python client: {len(self.failed)} step(s) failed: {', '.join(self.failed)}")
            return 1
        print("python client: every step passed")
        return 0


if __name__ == "__main__":
    sys.exit(CrmFlow(os.environ["VAULT_URL"], os.environ["VAULT_PASSWORD"]).run())
