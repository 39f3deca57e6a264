// The one HTTP client of the app: openapi-fetch typed by the generated `paths`. Pages never call
// fetch; they use the per-resource hooks (instances.ts, history.ts, …), which get this client from
// ApiClientContext so tests can inject a fetch at the network boundary.
import createClient, { type Client } from "openapi-fetch";
import { CACHED_AT_HEADER } from "../offline/cachePolicy";
import { staleData } from "../offline/staleData";
import { newRequestId, rememberOwnRequest } from "./requestTracking";
import type { paths } from "./schema";

export type ApiClient = Client<paths>;

export interface ApiClientOptions {
  /** Absolute base URL including `/api` (openapi-fetch needs an absolute one outside a browser). */
  baseUrl?: string;
  /** Replacement for the global fetch, e.g. a stub in tests. */
  fetch?: (request: Request) => Promise<Response>;
}

export function createApiClient(options: ApiClientOptions = {}): ApiClient {
  const baseUrl = options.baseUrl ?? new URL("/api", window.location.origin).toString();
  const client = createClient<paths>({
    baseUrl,
    // Resolve the global lazily so a fetch swapped in after start-up (e.g. by a test) is used.
    fetch: options.fetch ?? ((request: Request) => globalThis.fetch(request)),
  });
  client.use({
    // Every write carries an id of ours, so its live event can be recognised as our own change.
    onRequest({ request }) {
      if (request.method === "GET" || request.method === "HEAD") return request;
      const id = newRequestId();
      rememberOwnRequest(id);
      request.headers.set("X-Request-ID", id);
      return request;
    },
    // The service worker marks answers it served from its cache while the server was unreachable.
    onResponse({ response }) {
      const cachedAt = response.headers.get(CACHED_AT_HEADER);
      if (cachedAt) staleData.markCached(cachedAt);
      else if (response.ok) staleData.markFresh();
      return response;
    },
  });
  return client;
}

/** The `If-Match` value for an instance version (its ETag is the quoted version). */
export function etagOf(version: number): string {
  return `"${version}"`;
}
