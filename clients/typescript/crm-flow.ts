// A CRM's day against the vault, through openapi-fetch typed by openapi-typescript from the vault's
// OpenAPI document (generated/vault.ts). The same steps as clients/python/crm_flow.py: tsc --strict
// checks every request and member read against the document; at run time each step checks the
// documented status and that the members it reads are there. The personal data is made up.
//
//   VAULT_URL=http://127.0.0.1:8080 VAULT_PASSWORD=... node dist/crm-flow.js
import { randomUUID } from "node:crypto";
import createClient from "openapi-fetch";
import type { components, paths } from "./generated/vault.js";

type Schemas = components["schemas"];
type Problem = Schemas["Problem"];

// Projections follow the event store a little later: reads that follow a write wait this long.
const catchUpMillis = 15_000;

function basic(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;
}

function client(url: string, authorization: string) {
  return createClient<paths>({
    baseUrl: url,
    headers: { Authorization: authorization },
    // a vault that stops answering fails the step instead of holding the build
    fetch: (request) => fetch(request, { signal: AbortSignal.timeout(30_000) }),
  });
}

function fail(message: string): never {
  throw new Error(message);
}

function present<T>(value: T | undefined | null, member: string): T {
  return value === undefined || value === null ? fail(`${member} is missing`) : value;
}

interface Answer<D> {
  data?: D;
  error?: unknown;
  response: Response;
}

function expectData<D>(answer: Answer<D>, ...statuses: number[]): D {
  const { status } = answer.response;
  if (!statuses.includes(status)) {
    fail(`status ${status}, documented ${statuses.join(" or ")}: ${JSON.stringify(answer.error ?? answer.data)}`);
  }
  return present(answer.data, "the body");
}

// A 200 shows the view with the change; a 202 the view as it is, or, while the read models are rebuilt,
// what was stored: only a 200's view is returned to be checked for the change.
function viewWithTheChange(
  answer: Answer<Schemas["CustomerResponse"] | Schemas["ChangeStoredResponse"]>,
): Schemas["CustomerResponse"] | undefined {
  const data = expectData(answer, 200, 202);
  return answer.response.status === 200 && "consents" in data ? data : undefined;
}

// The problem must come as application/problem+json with the members RFC 9457 and the document require.
function expectProblem(answer: { error?: Problem; response: Response }, status: number): Problem {
  if (answer.response.status !== status) fail(`status ${answer.response.status}, expected ${status}`);
  const contentType = answer.response.headers.get("Content-Type") ?? "";
  if (!contentType.startsWith("application/problem+json")) fail(`content type ${contentType}`);
  const problem = present(answer.error, "the problem");
  if (problem.status !== status || !problem.title || !problem.type) fail(`not a problem: ${JSON.stringify(problem)}`);
  return problem;
}

async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + catchUpMillis;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function check(condition: boolean, message: string): void {
  if (!condition) fail(message);
}

const url = present(process.env.VAULT_URL, "VAULT_URL");
const password = present(process.env.VAULT_PASSWORD, "VAULT_PASSWORD");
const agent = client(url, basic("agent", password));
const compliance = client(url, basic("compliance", password));
const admin = client(url, basic("admin", password));
const run = randomUUID().slice(0, 12);
const email = `testa.${run}@example.invalid`;
let customerId = "";
const registrationKey = randomUUID();
let twiceRegisteredId = "";
let etagBefore = "";
const tokenName = `crm-flow-${run}`;
let token: Schemas["IssuedToken"] | undefined;
let certificate: Schemas["ErasureCertificate"] | undefined;
const failed: string[] = [];

async function step(name: string, action: () => Promise<void>): Promise<void> {
  try {
    await action();
    console.log(`ok   ${name}`);
  } catch (failure) {
    failed.push(name);
    console.log(`FAIL ${name}: ${failure instanceof Error ? failure.message : String(failure)}`);
  }
}

const byId = (id: string) => ({ params: { path: { id } } });

console.log("== as agent");
await step("register a customer", async () => {
  const registration: Schemas["RegisterCustomerRequest"] = {
    fullName: "Testa Fakename",
    email,
    phone: "+15555550123",
    address: { line1: "1 Example Street", city: "Exampleville", country: "AR" },
    preferences: { language: "en", channels: ["EMAIL"] },
  };
  const answer = await agent.POST("/api/v1/customers", { body: registration });
  customerId = present(expectData(answer, 201).id, "id");
  check(answer.response.headers.get("Location")?.endsWith(customerId) === true, "Location names another id");
});

const keyedRegistration = {
  body: { fullName: "Testo Fakename", email: `key.${email}` },
  params: { header: { "Idempotency-Key": registrationKey } },
};

await step("register with an Idempotency-Key", async () => {
  const answer = await agent.POST("/api/v1/customers", keyedRegistration);
  twiceRegisteredId = present(expectData(answer, 201).id, "id");
  check(!answer.response.headers.has("Idempotent-Replayed"), "the first answer is a replay");
});

await step("the same key again: the same customer, replayed", async () => {
  const answer = await agent.POST("/api/v1/customers", keyedRegistration);
  check(present(expectData(answer, 201).id, "id") === twiceRegisteredId, "registered a second time");
  const replayed = answer.response.headers.get("Idempotent-Replayed");
  check(replayed === "true", `Idempotent-Replayed ${replayed}`);
});

await step("search by email", async () => {
  const page = await eventually(
    async () => expectData(await agent.GET("/api/v1/customers", { params: { query: { q: email } } }), 200),
    (found) => found.total === 1,
  );
  check(page.total === 1, `${page.total} found`);
  const item = present(page.items, "items")[0];
  check(present(item?.id, "items[].id") === customerId, "another customer found");
  check(present(item?.status, "items[].status") === "ACTIVE", "not active");
});

await step("read the 360 view", async () => {
  const answer = await agent.GET("/api/v1/customers/{id}", {
    params: { path: { id: customerId }, header: { Purpose: "support" } },
  });
  const customer = expectData(answer, 200);
  check(present(customer.fullName, "fullName") === "Testa Fakename", "another name");
  check(present(customer.phone, "phone") === "+15555550123", "another phone");
  check(present(customer.address?.city, "address.city") === "Exampleville", "another city");
  check(present(customer.purchaseCount, "purchaseCount") === 0, "purchases already");
  present(customer.createdAt, "createdAt");
});

const birthDatePatch: Schemas["CustomerPatch"] = { birthDate: "1980-01-31" };

await step("rectify with If-Match: a new ETag", async () => {
  const read = await agent.GET("/api/v1/customers/{id}", byId(customerId));
  expectData(read, 200);
  etagBefore = present(read.response.headers.get("ETag"), "ETag");
  const answer = await agent.PATCH("/api/v1/customers/{id}", {
    params: { path: { id: customerId }, header: { "If-Match": etagBefore } },
    body: birthDatePatch,
    headers: { "Content-Type": "application/merge-patch+json" },
  });
  viewWithTheChange(answer);
  const etag = present(answer.response.headers.get("ETag"), "ETag");
  check(etag !== etagBefore, `the ETag is still ${etag}`);
});

await step("the old ETag again is a 412 problem", async () => {
  const answer = await agent.PATCH("/api/v1/customers/{id}", {
    params: { path: { id: customerId }, header: { "If-Match": etagBefore } },
    body: birthDatePatch,
    headers: { "Content-Type": "application/merge-patch+json" },
  });
  expectProblem(answer, 412);
});

await step("rectify, removing the phone", async () => {
  const patch: Schemas["CustomerPatch"] = { phone: null, address: { city: "Otherville" } };
  const answer = await agent.PATCH("/api/v1/customers/{id}", {
    ...byId(customerId),
    body: patch,
    headers: { "Content-Type": "application/merge-patch+json" },
  });
  const customer = viewWithTheChange(answer);
  if (customer !== undefined) {
    check(customer.phone === undefined, "the phone is still there");
    check(customer.address?.city === "Otherville", "the city is not changed");
  }
});

await step("record an interaction", async () => {
  const answer = await agent.POST("/api/v1/customers/{id}/interactions", {
    ...byId(customerId),
    body: { channel: "EMAIL", summary: "Asked where order FAKE-1 is", occurredAt: "2026-11-30T10:00:00Z" },
  });
  present(expectData(answer, 201).id, "id");
});

await step("record a purchase", async () => {
  const answer = await agent.POST("/api/v1/customers/{id}/purchases", {
    ...byId(customerId),
    body: { orderRef: "FAKE-1", amount: "42.50", currency: "EUR", occurredAt: "2026-11-30T09:00:00Z" },
  });
  present(expectData(answer, 201).id, "id");
});

await step("register the privacy notice", async () => {
  const answer = await compliance.PUT("/api/v1/compliance/notices/{version}", {
    params: { path: { version: "2026-01" } },
    body: { text: "We send offers to the email address you give us.", language: "en" },
  });
  expectData(answer, 201, 200);
});

await step("set a consent", async () => {
  const answer = await agent.PUT("/api/v1/customers/{id}/consents/{purpose}", {
    params: { path: { id: customerId, purpose: "marketing" } },
    body: { granted: true, noticeVersion: "2026-01" },
  });
  const customer = viewWithTheChange(answer);
  if (customer !== undefined) {
    const consent = present(customer.consents, "consents")[0];
    check(present(consent?.purpose, "consents[].purpose") === "marketing", "another purpose");
    check(present(consent?.granted, "consents[].granted"), "not granted");
  }
});

await step("read the timeline", async () => {
  const page = await eventually(
    async () => expectData(await agent.GET("/api/v1/customers/{id}/timeline", byId(customerId)), 200),
    (found) => (found.total ?? 0) >= 5,
  );
  check(present(page.total, "total") >= 5, `${page.total} entries`);
  for (const entry of present(page.items, "items")) {
    present(entry.sequence, "items[].sequence");
    present(entry.kind, "items[].kind");
    present(entry.occurredAt, "items[].occurredAt");
  }
});

await step("list newest first, by cursor", async () => {
  const query = { sort: "-createdAt", size: 1 } as const;
  const first = await eventually(
    async () => expectData(await agent.GET("/api/v1/customers", { params: { query } }), 200),
    (found) => found.nextCursor !== undefined,
  );
  const cursor = present(first.nextCursor, "nextCursor");
  check(first.items.length === 1, `${first.items.length} on a page of 1`);
  const second = expectData(await agent.GET("/api/v1/customers", { params: { query: { ...query, cursor } } }), 200);
  check(second.items.length === 1, `${second.items.length} on a page of 1`);
  const newer = present(first.items[0], "items[0]");
  const older = present(second.items[0], "items[0]");
  check(older.id !== newer.id, "the next page starts again");
  check(Date.parse(older.createdAt) <= Date.parse(newer.createdAt), "not newest first");
});

await step("an unknown customer is a 404 problem", async () => {
  expectProblem(await agent.GET("/api/v1/customers/{id}", byId(randomUUID())), 404);
});

await step("the history is not for agents", async () => {
  expectProblem(await agent.GET("/api/v1/compliance/customers/{id}/history", byId(customerId)), 403);
});

console.log("== as admin");
await step("issue an API token", async () => {
  const issued = expectData(
    await admin.POST("/api/v1/admin/tokens", { body: { name: tokenName, roles: ["AGENT"] } }),
    201,
  );
  present(issued.id, "id");
  present(issued.token, "token");
  check(present(issued.name, "name") === tokenName, "another name");
  check(present(issued.roles, "roles").join() === "AGENT", `roles ${issued.roles?.join()}`);
  token = issued;
});

function bearer() {
  return client(url, `Bearer ${present(present(token, "the issued token").token, "token")}`);
}

await step("read the 360 view with the token", async () => {
  const customer = expectData(await bearer().GET("/api/v1/customers/{id}", byId(customerId)), 200);
  check(present(customer.id, "id") === customerId, "another customer");
});

await step("revoke the token", async () => {
  const tokenId = present(present(token, "the issued token").id, "id");
  const answer = await admin.DELETE("/api/v1/admin/tokens/{id}", byId(tokenId));
  if (answer.response.status !== 204) fail(`status ${answer.response.status}, documented 204`);
});

await step("the revoked token is a 401 problem", async () => {
  expectProblem(await bearer().GET("/api/v1/customers/{id}", byId(customerId)), 401);
});

console.log("== as compliance");
await step("read the history", async () => {
  const answer = await compliance.GET("/api/v1/compliance/customers/{id}/history", {
    params: { path: { id: customerId }, header: { Purpose: "audit" } },
  });
  const found = expectData(answer, 200);
  check(present(found.subjectId, "subjectId") === customerId, "another subject");
  const events = present(found.events, "events");
  check(events.length >= 5, `${events.length} events`);
  events.forEach((event, number) => {
    check(present(event.sequence, "events[].sequence") === number, "events out of order");
    present(event.type, "events[].type");
    present(event.occurredAt, "events[].occurredAt");
    present(event.actor, "events[].actor");
    present(event.data, "events[].data");
  });
  present(found.stateAsOf, "stateAsOf");
});

await step("export", async () => {
  const found = expectData(await compliance.GET("/api/v1/customers/{id}/export", byId(customerId)), 200);
  check(present(found.subjectId, "subjectId") === customerId, "another subject");
  present(found.current, "current");
  for (const event of present(found.history, "history")) {
    present(event.type, "history[].type");
    present(event.data, "history[].data");
  }
});

await step("erase: the certificate", async () => {
  const erased = expectData(await compliance.DELETE("/api/v1/customers/{id}", byId(customerId)), 200);
  check(present(erased.subjectId, "subjectId") === customerId, "another subject");
  check(present(erased.requestedBy, "requestedBy") === "compliance", "another requester");
  check(present(erased.purged, "purged").length > 0, "nothing purged");
  present(erased.erasedAt, "erasedAt");
  present(erased.keyId, "keyId");
  present(erased.signature, "signature");
  certificate = erased;
});

await step("erase again: the same certificate", async () => {
  const again = expectData(await compliance.DELETE("/api/v1/customers/{id}", byId(customerId)), 200);
  const first = present(certificate, "the first certificate");
  check(again.erasedAt === first.erasedAt && again.signature === first.signature, "another certificate");
});

await step("the erasure ledger", async () => {
  const certificates = expectData(await compliance.GET("/api/v1/compliance/erasures"), 200);
  const mine = certificates.filter((c) => c.subjectId === customerId);
  check(mine.length === 1, `${mine.length} certificates for the customer`);
  present(mine[0]?.erasedAt, "erasedAt");
});

await step("an erased customer is a 410 problem", async () => {
  expectProblem(await compliance.GET("/api/v1/customers/{id}", byId(customerId)), 410);
});

await step("the access log", async () => {
  const answer = await compliance.GET("/api/v1/compliance/access-log", {
    params: { query: { subjectId: customerId } },
  });
  const entries = expectData(answer, 200);
  check(entries.length > 0, "no entry");
  const actors = new Set(entries.map((entry) => present(entry.actor, "actor")));
  const expected = ["agent", "compliance", `token:${tokenName}`];
  check(actors.size === 3 && expected.every((actor) => actors.has(actor)), `actors ${[...actors].join(", ")}`);
  for (const entry of entries) {
    check(entry.subjectId === customerId, "another subject");
    present(entry.at, "at");
    present(entry.action, "action");
  }
});

await step("the access log by page: X-Total-Count, X-Next-Cursor", async () => {
  const query = { subjectId: customerId, size: 1 };
  const answer = await compliance.GET("/api/v1/compliance/access-log", { params: { query } });
  const entries = expectData(answer, 200);
  check(entries.length === 1, `${entries.length} on a page of 1`);
  const total = Number(present(answer.response.headers.get("X-Total-Count"), "X-Total-Count"));
  check(total >= 2, `X-Total-Count ${total}`);
  const cursor = present(answer.response.headers.get("X-Next-Cursor"), "X-Next-Cursor");
  const following = await compliance.GET("/api/v1/compliance/access-log", { params: { query: { ...query, cursor } } });
  const next = present(expectData(following, 200)[0], "an entry on the next page");
  check(JSON.stringify(next) !== JSON.stringify(entries[0]), "the next page starts again");
});

if (failed.length > 0) {
  console.log(`typescript client: ${failed.length} step(s) failed: ${failed.join(", ")}`);
  process.exitCode = 1;
} else {
  console.log("typescript client: every step passed");
}
