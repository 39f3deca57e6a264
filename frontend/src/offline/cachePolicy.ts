// Which requests the service worker may answer from its caches. Shared by the worker (sw/sw.ts)
// and the unit tests; deliberately free of DOM and worker types so both can import it.

/** Header the worker adds to an API answer it served from its cache (value: when it was fetched). */
export const CACHED_AT_HEADER = "X-IIMS-Cached-At";

export type CachePolicy = "precache" | "api-network-first" | "navigation" | "network-only";

// Never cached: the event stream (a WebSocket; workers cannot intercept it anyway, listed for
// clarity), streamed exports (downloads, possibly huge), health (must reflect the network now:
// a cached "ok" would hide an outage), and everything the Go binary serves that is not the SPA.
const NEVER_CACHED_API = [/^\/api\/events$/, /^\/api\/.*\/export$/, /^\/api\/health$/];
const NOT_THE_SPA = [/^\/api\//, /^\/docs(\/|$)/, /^\/openapi\.(json|yaml)$/, /^\/health$/, /^\/metrics$/, /^\/ready$/];

export function cachePolicyFor(method: string, url: URL, origin: string, isNavigation: boolean): CachePolicy {
  if (method !== "GET" || url.origin !== origin) return "network-only";
  const path = url.pathname;
  if (path.startsWith("/api/")) return NEVER_CACHED_API.some((re) => re.test(path)) ? "network-only" : "api-network-first";
  if (isNavigation) return NOT_THE_SPA.some((re) => re.test(path)) ? "network-only" : "navigation";
  if (path.startsWith("/assets/")) return "precache";
  return "network-only";
}
