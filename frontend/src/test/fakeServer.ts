// A fake IIMS server at the fetch boundary: tests declare responses per route and inspect the
// requests the app really sent (method, URL, headers, JSON body). Nothing inside the app is mocked.
import type { components } from "../api/schema";

type Instance = components["schemas"]["Instance"];
type HistoryRecord = components["schemas"]["HistoryRecord"];
type Me = components["schemas"]["Me"];
type ApiToken = components["schemas"]["ApiToken"];

export interface RecordedRequest {
  method: string;
  url: URL;
  headers: Headers;
  body: unknown;
}

export type RouteHandler = (request: RecordedRequest, match: RegExpMatchArray) => Response | Promise<Response>;

export class FakeServer {
  readonly requests: RecordedRequest[] = [];
  private routes: { method: string; pattern: RegExp; handler: RouteHandler }[] = [];

  on(method: string, pattern: RegExp, handler: RouteHandler): this {
    // Later registrations win, so a test can override a default route.
    this.routes.unshift({ method, pattern, handler });
    return this;
  }

  fetch = async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    const text = request.method === "GET" || request.method === "HEAD" ? "" : await request.text();
    // JSON bodies arrive parsed; anything else (an imported CSV, say) as its text.
    const isJSON = /^application\/json\b/.test(request.headers.get("content-type") ?? "");
    const recorded: RecordedRequest = { method: request.method, url, headers: request.headers, body: text ? (isJSON ? JSON.parse(text) : text) : undefined };
    this.requests.push(recorded);
    const path = url.pathname.replace(/^\/api/, "");
    for (const route of this.routes) {
      const match = path.match(route.pattern);
      if (route.method === request.method && match) return route.handler(recorded, match);
    }
    return json(404, { error: { type: "NotFound", message: `no fake route for ${request.method} ${path}` } });
  };

  requestsTo(method: string, path: RegExp): RecordedRequest[] {
    return this.requests.filter((r) => r.method === method && path.test(r.url.pathname.replace(/^\/api/, "")));
  }
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });
}

let nextId = 1;
export function makeInstance(fields: Partial<Instance> = {}): Instance {
  const id = fields.id ?? nextId++;
  return {
    id,
    name: `instance-${id}`,
    model_name: "llama-7b",
    model_version: "latest",
    cluster_name: "gpu-cluster-1",
    image_tag: "llama:7b",
    replicas: 1,
    pp: 1,
    cp: 8,
    tp: 1,
    status: "active",
    priority: "medium",
    description: null,
    version: 1,
    created_at: "2026-01-01T00:00:00Z",
    updated_at: "2026-01-01T00:00:00Z",
    ...fields,
  };
}

let nextHistoryId = 1000;
/** A history record of `instance` (an update unless told otherwise). */
export function makeHistoryRecord(instance: Instance, fields: Partial<HistoryRecord> = {}): HistoryRecord {
  const { id, ...state } = instance;
  // Built without a literal type so fixtures stay valid when the spec adds optional-ish fields.
  const record = {
    ...state,
    history_id: nextHistoryId++,
    original_id: id,
    operation_type: "update",
    operation_timestamp: "2026-01-02T00:00:00Z",
    changes: null,
    request_id: "req-someone-else",
    // Like a record written before IIMS kept provenance, unless a test says who made it.
    actor: null,
    via: null,
    reason: null,
    hash: null,
    ...fields,
  };
  return record as HistoryRecord;
}

export function historyPage(items: HistoryRecord[], total: number | null = items.length, hasMore = false) {
  return { items, total, limit: 50, offset: 0, has_more: hasMore };
}

export const emptyStats: components["schemas"]["FleetStats"] = {
  total: 0,
  replicas: 0,
  gpus: 0,
  by_status: { active: 0, inactive: 0, pending: 0, error: 0 },
  by_priority: { low: 0, medium: 0, high: 0, critical: 0 },
  by_cluster: [],
  by_model: [],
};

/** GET /me of a server with access control off: everyone is an anonymous admin. */
export const anonymousAdmin: Me = { actor: "anonymous", kind: "anonymous", role: "admin", auth_mode: "off", require_reason: false };

/** GET /me of someone signed in with an API token. */
export function tokenMe(role: Me["role"], fields: Partial<Me> = {}): Me {
  const actor = fields.actor ?? `${role}-token`;
  return { actor, kind: "token", role, auth_mode: "token", require_reason: false, token: makeToken({ name: actor, role }), ...fields };
}

let nextTokenId = 1;
export function makeToken(fields: Partial<ApiToken> = {}): ApiToken {
  const id = fields.id ?? nextTokenId++;
  return {
    id,
    name: `token-${id}`,
    role: "viewer",
    prefix: `iims_Ab${id}`,
    state: "active",
    created_by: "admin",
    created_at: "2026-01-01T00:00:00Z",
    expires_at: null,
    last_used_at: null,
    revoked_at: null,
    ...fields,
  };
}

/** The 401 a server gives for missing or refused credentials. */
export function unauthorized(message = "authentication required: send an API token (Authorization: Bearer iims_…)"): Response {
  return json(401, { error: { type: "Unauthorized", message, request_id: "req-401" } }, { "WWW-Authenticate": 'Bearer realm="iims"' });
}

/** A server answering the calls every page makes (who you are, health, stats, empty lists). */
export function baseServer(me: Me = anonymousAdmin): FakeServer {
  return new FakeServer()
    .on("GET", /^\/me$/, () => json(200, me))
    .on("GET", /^\/health$/, () => json(200, { status: "ok", version: "test", database: { engine: "sqlite" } }))
    .on("GET", /^\/stats$/, () => json(200, emptyStats))
    .on("GET", /^\/history$/, () => json(200, historyPage([])))
    .on("GET", /^\/instances$/, () => json(200, [], { "X-Total-Count": "0" }));
}

/** The token a request carried in `Authorization: Bearer …` (null without one). */
export function bearerOf(request: RecordedRequest): string | null {
  return request.headers.get("Authorization")?.replace(/^Bearer /, "") ?? null;
}

/**
 * A server with AUTH=token: GET /me answers for the secrets in `tokens` (kept by reference, so a
 * test can revoke one by deleting it) and 401 for anything else, like the real one.
 */
export function tokenAuthServer(tokens: Map<string, Me>): FakeServer {
  return baseServer().on("GET", /^\/me$/, (request) => {
    const secret = bearerOf(request);
    if (secret === null) return unauthorized();
    const me = tokens.get(secret);
    return me ? json(200, me) : unauthorized(secret.startsWith("iims_") ? "unknown token" : "malformed credentials: send an API token as Authorization: Bearer iims_…");
  });
}
