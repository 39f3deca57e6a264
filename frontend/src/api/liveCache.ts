// Applies live events (GET /api/events) to the TanStack Query cache. Events are buffered and
// applied together (at most every `flushMs`, and at least every `maxWaitMs` during a steady
// stream), so a bulk change of 1,000 rows costs a handful of refetches, not 1,000:
// - patched in place from `event.record`: cached instance details, rows of cached instance
//   lists, and the first page of open instance timelines (new records are prepended);
// - invalidated once per flush (active ones refetch): instance lists (membership and order may
//   change), fleet stats, single-page history lists, diffs up to now ("what changed since");
// - never touched: the /history feed (it offers "N new changes" instead of moving under the
//   reader), comparisons and single records (history never changes).
import type { QueryClient } from "@tanstack/react-query";
import { historyKeys, type HistoryPages } from "./history";
import { instanceKeys, type InstancePage } from "./instances";
import { statsKeys } from "./stats";
import { refreshDiffsToNow } from "./timeTravel";
import type { HistoryRecord, Instance, LiveEvent } from "./types";

/** The instance as a history record describes it (after the change; before it, for a delete). */
export function instanceFromRecord(record: HistoryRecord): Instance {
  return {
    id: record.original_id,
    name: record.name,
    model_name: record.model_name,
    model_version: record.model_version,
    cluster_name: record.cluster_name,
    image_tag: record.image_tag,
    replicas: record.replicas,
    pp: record.pp,
    cp: record.cp,
    tp: record.tp,
    status: record.status,
    priority: record.priority,
    description: record.description,
    version: record.version,
    created_at: record.created_at,
    updated_at: record.updated_at,
  };
}

function patchList(page: InstancePage | undefined, next: Instance): InstancePage | undefined {
  if (!page) return page;
  const index = page.items.findIndex((item) => item.id === next.id);
  const current = index < 0 ? undefined : page.items[index];
  if (!current || current.version >= next.version) return page;
  const items = page.items.slice();
  items[index] = next;
  return { ...page, items };
}

/** Puts newer records in front of a timeline's first page (records it already holds are skipped). */
export function prependToTimeline(data: HistoryPages | undefined, records: HistoryRecord[]): HistoryPages | undefined {
  const first = data?.pages[0];
  if (!data || !first) return data;
  const newest = first.items[0]?.history_id ?? 0;
  const byId = new Map(records.filter((r) => r.history_id > newest).map((r) => [r.history_id, r]));
  const fresh = [...byId.values()].sort((a, b) => b.history_id - a.history_id);
  if (fresh.length === 0) return data;
  const total = first.total === null ? null : first.total + fresh.length;
  return { ...data, pages: [{ ...first, items: [...fresh, ...first.items], total }, ...data.pages.slice(1)] };
}

export interface LiveCacheOptions {
  flushMs?: number;
  maxWaitMs?: number;
  /** Called after each flush with the events it applied (e.g. for highlights). */
  onFlush?: (events: LiveEvent[]) => void;
}

export interface LiveCache {
  push(event: LiveEvent): void;
  /** The stream could not replay what was missed: reload everything. */
  reset(): void;
  dispose(): void;
}

export function createLiveCache(queryClient: QueryClient, { flushMs = 250, maxWaitMs = 1000, onFlush }: LiveCacheOptions = {}): LiveCache {
  let buffer: LiveEvent[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  let firstBufferedAt = 0;

  const applyRecords = (events: LiveEvent[]) => {
    const byInstance = new Map<number, HistoryRecord[]>();
    for (const event of events) {
      const records = byInstance.get(event.instance_id) ?? [];
      records.push(event.record);
      byInstance.set(event.instance_id, records);
      if (event.type === "instance.deleted") continue;
      const next = instanceFromRecord(event.record);
      const detail = queryClient.getQueryData<Instance>(instanceKeys.detail(next.id));
      // Only refresh what is cached: a bulk change must not fill the cache with 1,000 details.
      if (detail && detail.version < next.version) queryClient.setQueryData(instanceKeys.detail(next.id), next);
      queryClient.setQueriesData<InstancePage>({ queryKey: instanceKeys.lists() }, (page) => patchList(page, next));
    }
    for (const [id, records] of byInstance) {
      for (const query of queryClient.getQueryCache().findAll({ queryKey: [...historyKeys.timelines(), id] })) {
        const filtered = Object.keys((query.queryKey[3] ?? {}) as object).length > 0;
        // A filtered timeline, or one whose first page is still loading, refetches instead: the
        // record may not match the filter, or the page in flight may not include it yet.
        if (filtered || query.state.fetchStatus === "fetching" || query.state.data === undefined) {
          void queryClient.invalidateQueries({ queryKey: query.queryKey, exact: true });
        } else {
          queryClient.setQueryData<HistoryPages>(query.queryKey, (data) => prependToTimeline(data, records));
        }
      }
      void queryClient.invalidateQueries({ queryKey: [...historyKeys.all, "instance", id] });
    }
    // A deleted instance's detail now answers 404: refetching shows the "deleted" view.
    for (const event of events) {
      if (event.type === "instance.deleted") void queryClient.invalidateQueries({ queryKey: instanceKeys.detail(event.instance_id) });
    }
  };

  const flush = () => {
    clearTimeout(timer);
    timer = undefined;
    const events = buffer;
    buffer = [];
    if (events.length === 0) return;
    applyRecords(events);
    void queryClient.invalidateQueries({ queryKey: instanceKeys.lists() });
    void queryClient.invalidateQueries({ queryKey: statsKeys.all });
    void queryClient.invalidateQueries({ queryKey: [...historyKeys.all, "fleet"] });
    refreshDiffsToNow(queryClient);
    onFlush?.(events);
  };

  return {
    push(event) {
      if (buffer.length === 0) firstBufferedAt = Date.now();
      buffer.push(event);
      clearTimeout(timer);
      // Debounce, but never hold a steady stream back longer than maxWaitMs.
      const wait = Math.max(0, Math.min(flushMs, firstBufferedAt + maxWaitMs - Date.now()));
      timer = setTimeout(flush, wait);
    },
    reset() {
      buffer = [];
      clearTimeout(timer);
      // Long scrolled lists restart at their first page rather than refetching every page.
      void queryClient.resetQueries({ queryKey: historyKeys.timelines() });
      void queryClient.resetQueries({ queryKey: [...historyKeys.all, "feed"] });
      void queryClient.invalidateQueries({
        predicate: (query) => !(query.queryKey[0] === historyKeys.all[0] && (query.queryKey[1] === "timeline" || query.queryKey[1] === "feed")),
      });
    },
    dispose() {
      clearTimeout(timer);
      buffer = [];
    },
  };
}
