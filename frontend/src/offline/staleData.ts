// Whether what the app shows came from the service worker's cache (the server was unreachable)
// and since when. The API client feeds it from every response; the offline banner reads it.
import { useSyncExternalStore } from "react";

let cachedAt: string | null = null;
const listeners = new Set<() => void>();

function emit() {
  for (const listener of listeners) listener();
}

export const staleData = {
  /** An answer came from the cache; `at` is when the server originally sent it. */
  markCached(at: string) {
    // Keep the oldest time shown on screen: that is how stale the page may be.
    const time = Date.parse(at);
    if (Number.isNaN(time)) return;
    if (cachedAt !== null && Date.parse(cachedAt) <= time) return;
    cachedAt = new Date(time).toISOString();
    emit();
  },
  /** A fresh answer came from the server. */
  markFresh() {
    if (cachedAt === null) return;
    cachedAt = null;
    emit();
  },
  get: () => cachedAt,
  subscribe(listener: () => void) {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};

/** ISO time of the oldest cached answer on screen, or null when everything is fresh. */
export function useStaleSince(): string | null {
  return useSyncExternalStore(staleData.subscribe, staleData.get, staleData.get);
}
