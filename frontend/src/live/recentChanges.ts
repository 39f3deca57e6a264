// Which instances changed live in the last few seconds, and which fields: the source of the
// row flash in the instances table and the highlighted fields on the detail page.
import { useEffect, useReducer, useSyncExternalStore } from "react";
import type { LiveEvent } from "../api/types";

export interface RecentChange {
  historyId: number;
  type: LiveEvent["type"];
  fields: ReadonlySet<string>;
  at: number;
}

/** How long a change stays highlighted. */
export const HIGHLIGHT_MS = 4000;

export class RecentChanges {
  private byInstance = new Map<number, RecentChange>();
  private listeners = new Set<() => void>();
  private version = 0;

  record(events: LiveEvent[], now = Date.now()): void {
    for (const event of events) {
      const fields = new Set(Object.keys(event.changes ?? {}));
      this.byInstance.set(event.instance_id, { historyId: event.history_id, type: event.type, fields, at: now });
    }
    // Forget old entries so the map stays small during long sessions.
    for (const [id, change] of this.byInstance) if (now - change.at > HIGHLIGHT_MS) this.byInstance.delete(id);
    this.version += 1;
    for (const listener of this.listeners) listener();
  }

  get(id: number, now = Date.now()): RecentChange | undefined {
    const change = this.byInstance.get(id);
    return change && now - change.at <= HIGHLIGHT_MS ? change : undefined;
  }

  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getVersion = () => this.version;
}

/**
 * Re-renders when recent changes are recorded, and once more when the newest highlight expires,
 * so highlights disappear on their own. Returns a lookup valid for this render.
 */
export function useRecentChanges(store: RecentChanges): (id: number) => RecentChange | undefined {
  useSyncExternalStore(store.subscribe, store.getVersion, store.getVersion);
  const [, expire] = useReducer((n: number) => n + 1, 0);
  const version = store.getVersion();
  useEffect(() => {
    if (version === 0) return;
    const timer = setTimeout(expire, HIGHLIGHT_MS + 50);
    return () => clearTimeout(timer);
  }, [version]);
  const now = Date.now();
  return (id: number) => store.get(id, now);
}
