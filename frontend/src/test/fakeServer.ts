// A fake IIMS server at the fetch boundary: tests declare responses per route and inspect the
// requests the app really sent (method, URL, headers, JSON body). Nothing inside the app is mocked.
import type { components } from "../api/schema";

type Instance = components["schemas"]["Instance"];
type HistoryRecord = components["schemas"]["HistoryRecord"];

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
    const recorded: RecordedRequest = { method: request.method, url, headers: request.headers, body: text ? JSON.parse(text) : undefined };
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

/** A server answering the calls every page makes (health, stats, empty lists). */
export function baseServer(): FakeServer {
  return new FakeServer()
    .on("GET", /^\/health$/, () => json(200, { status: "ok", version: "test", database: { engine: "sqlite" } }))
    .on("GET", /^\/stats$/, () => json(200, emptyStats))
    .on("GET", /^\/history$/, () => json(200, historyPage([])))
    .on("GET", /^\/instances$/, () => json(200, [], { "X-Total-Count": "0" }));
}
