/// <reference lib="webworker" />
// The service worker (built by vite-plugin-pwa's injectManifest, registered from main.tsx in
// production builds only). It keeps the app usable without the server:
// - the app shell (index.html and every hashed asset) is precached at install: cache-first, the
//   hashed names make a stale hit impossible;
// - navigations are network-first, falling back to the precached index.html;
// - GET /api/* JSON is network-first with the last answer as fallback, marked with
//   X-IIMS-Cached-At so the UI can say "offline — showing data from <time>".
// Exports, health, /docs and the event stream always go to the network (cachePolicy.ts).
import { clientsClaim } from "workbox-core";
import { ExpirationPlugin } from "workbox-expiration";
import { cleanupOutdatedCaches, matchPrecache, precacheAndRoute } from "workbox-precaching";
import { registerRoute } from "workbox-routing";
import { NetworkFirst } from "workbox-strategies";
import { CACHED_AT_HEADER, cachePolicyFor } from "../src/offline/cachePolicy";

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: Array<{ url: string; revision: string | null }> };

// A new build takes over at once: the shell is network-first, so open pages keep working, and a
// waiting worker would otherwise keep serving an old index.html from the precache.
void self.skipWaiting();
clientsClaim();
cleanupOutdatedCaches();
precacheAndRoute(self.__WB_MANIFEST);

const policy = (request: Request, url: URL) => cachePolicyFor(request.method, url, self.location.origin, request.mode === "navigate");

registerRoute(
  ({ request, url }) => policy(request, url) === "api-network-first",
  new NetworkFirst({
    cacheName: "iims-api",
    plugins: [
      new ExpirationPlugin({ maxEntries: 200, maxAgeSeconds: 7 * 24 * 3600 }),
      {
        // Only complete JSON answers are worth showing later; errors would mask the real data.
        cacheWillUpdate: async ({ response }) =>
          response.status === 200 && (response.headers.get("content-type") ?? "").includes("application/json") ? response : null,
        // Reached only when the network failed: tell the page this is old data, and how old.
        cachedResponseWillBeUsed: async ({ cachedResponse }) => {
          if (!cachedResponse) return cachedResponse;
          const headers = new Headers(cachedResponse.headers);
          headers.set(CACHED_AT_HEADER, cachedResponse.headers.get("date") ?? new Date(0).toUTCString());
          return new Response(await cachedResponse.blob(), { status: cachedResponse.status, statusText: cachedResponse.statusText, headers });
        },
      },
    ],
  }),
);

registerRoute(
  ({ request, url }) => policy(request, url) === "navigation",
  async ({ request }) => {
    try {
      return await fetch(request);
    } catch {
      return (await matchPrecache("/index.html")) ?? Response.error();
    }
  },
);
