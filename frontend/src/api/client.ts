// The one HTTP client of the app: openapi-fetch typed by the generated `paths`. Pages never call
// fetch; they use the per-resource hooks (instances.ts, history.ts, …), which get this client from
// ApiClientContext so tests can inject a fetch at the network boundary.
import createClient, { type Client } from "openapi-fetch";
import { CACHED_AT_HEADER } from "../offline/cachePolicy";
import { staleData } from "../offline/staleData";
import { newRequestId, rememberOwnRequest } from "./requestTracking";
import type { paths } from "./schema";
import { appSession, bearer, type SentWith, type Session } from "./session";

export type ApiClient = Client<paths>;

export interface ApiClientOptions {
  /** Absolute base URL including `/api` (openapi-fetch needs an absolute one outside a browser). */
  baseUrl?: string;
  /** Replacement for the global fetch, e.g. a stub in tests. */
  fetch?: (request: Request) => Promise<Response>;
  /** Where the API token comes from (the tab's session by default). */
  session?: Session;
}

/** The server's sentence in a 401 envelope (it never repeats the credential). */
async function unauthorizedMessage(response: Response): Promise<string> {
  try {
    const body = (await response.clone().json()) as { error?: { message?: unknown } };
    if (typeof body.error?.message === "string") return body.error.message;
  } catch {
    // not our envelope
  }
  return "The server did not accept your credentials.";
}

export function createApiClient(options: ApiClientOptions = {}): ApiClient {
  const baseUrl = options.baseUrl ?? new URL("/api", window.location.origin).toString();
  const client = createClient<paths>({
    baseUrl,
    // Resolve the global lazily so a fetch swapped in after start-up (e.g. by a test) is used.
    fetch: options.fetch ?? ((request: Request) => globalThis.fetch(request)),
  });
  const session = options.session ?? appSession;
  // What each request in flight was sent with, so its 401 is judged against that identity.
  const inFlight = new Map<string, SentWith>();
  client.use({
    onRequest({ request, id }) {
      // A sign-in attempt sets its own Authorization; everything else carries the session's token.
      if (session.token && !request.headers.has("Authorization")) request.headers.set("Authorization", bearer(session.token));
      const sent = request.headers.get("Authorization")?.replace(/^Bearer\s+/i, "") ?? null;
      inFlight.set(id, { epoch: session.epoch, token: sent });
      if (request.method === "GET" || request.method === "HEAD") return request;
      // Every write carries an id of ours, so its live event can be recognised as our own change,
      // and says it came through the web app (its history record then says via=web).
      const requestId = newRequestId();
      rememberOwnRequest(requestId);
      request.headers.set("X-Request-ID", requestId);
      request.headers.set("X-IIMS-Via", "web");
      return request;
    },
    async onResponse({ response, id, schemaPath }) {
      const sent = inFlight.get(id);
      inFlight.delete(id);
      // The service worker marks answers it served from its cache while the server was unreachable.
      const cachedAt = response.headers.get(CACHED_AT_HEADER);
      if (cachedAt) staleData.markCached(cachedAt);
      else if (response.ok) staleData.markFresh();
      // Credentials refused (e.g. the token was revoked): back to the sign-in screen, once.
      if (response.status === 401 && sent) session.reject(sent, await unauthorizedMessage(response), schemaPath === "/me");
      return response;
    },
    onError({ id }) {
      inFlight.delete(id);
    },
  });
  return client;
}

/** The `If-Match` value for an instance version (its ETag is the quoted version). */
export function etagOf(version: number): string {
  return `"${version}"`;
}
