// Live events into the query cache: in-place patches from event.record, prepends to open
// timelines (no duplicates), and debounced invalidation: a burst of 1,000 changes (a bulk edit)
// refetches the visible list a few times, not 1,000 times.
import { QueryClient, QueryObserver } from "@tanstack/react-query";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { liveEvent } from "../test/fakeSocket";
import { historyPage, makeHistoryRecord, makeInstance } from "../test/fakeServer";
import type { HistoryPages } from "./history";
import { historyKeys } from "./history";
import { instanceKeys, type InstancePage } from "./instances";
import { createLiveCache, prependToTimeline } from "./liveCache";
import { statsKeys } from "./stats";

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

function watched(queryClient: QueryClient, queryKey: readonly unknown[], data: unknown) {
  const queryFn = vi.fn(async () => data);
  queryClient.setQueryData(queryKey, data);
  const observer = new QueryObserver(queryClient, { queryKey, queryFn, staleTime: Infinity });
  const unsubscribe = observer.subscribe(() => {});
  return { queryFn, unsubscribe };
}

describe("live cache", () => {
  it("a burst of 1,000 events causes a handful of refetches, not 1,000", async () => {
    const queryClient = new QueryClient();
    const list = watched(queryClient, instanceKeys.list({ limit: 100 }), { items: [], total: 0 });
    const stats = watched(queryClient, statsKeys.all, {});
    const cache = createLiveCache(queryClient);
    for (let i = 1; i <= 1000; i += 1) {
      cache.push(liveEvent(makeHistoryRecord(makeInstance({ id: i }), { history_id: i })));
      await vi.advanceTimersByTimeAsync(2); // 1,000 events over two seconds
    }
    await vi.advanceTimersByTimeAsync(500);
    expect(list.queryFn.mock.calls.length).toBeGreaterThanOrEqual(1);
    expect(list.queryFn.mock.calls.length).toBeLessThanOrEqual(4);
    expect(stats.queryFn.mock.calls.length).toBeLessThanOrEqual(4);
    list.unsubscribe();
    stats.unsubscribe();
  });

  it("patches cached details and list rows from the record, never with an older version", async () => {
    const queryClient = new QueryClient();
    const before = makeInstance({ id: 3, replicas: 2, version: 5 });
    queryClient.setQueryData(instanceKeys.detail(3), before);
    queryClient.setQueryData<InstancePage>(instanceKeys.list({}), { items: [before], total: 1 });
    const cache = createLiveCache(queryClient);
    cache.push(liveEvent(makeHistoryRecord({ ...before, replicas: 4, version: 6 }, { history_id: 60 })));
    cache.push(liveEvent(makeHistoryRecord({ ...before, replicas: 9, version: 4 }, { history_id: 61 })));
    await vi.advanceTimersByTimeAsync(300);
    expect(queryClient.getQueryData(instanceKeys.detail(3))).toMatchObject({ replicas: 4, version: 6 });
    expect(queryClient.getQueryData<InstancePage>(instanceKeys.list({}))?.items[0]).toMatchObject({ replicas: 4, version: 6 });
    // Details that were never viewed are not created by a bulk change.
    cache.push(liveEvent(makeHistoryRecord(makeInstance({ id: 99 }), { history_id: 62 })));
    await vi.advanceTimersByTimeAsync(300);
    expect(queryClient.getQueryData(instanceKeys.detail(99))).toBeUndefined();
  });

  it("leaves the past alone: pages and counts as of an instant are neither patched nor refetched", async () => {
    const queryClient = new QueryClient();
    const then = makeInstance({ id: 3, replicas: 2, version: 5 });
    const asOf = "2026-11-30T02:00:00.000Z";
    const pastList = watched(queryClient, instanceKeys.list({ as_of: asOf }), { items: [then], total: 1 });
    const pastStats = watched(queryClient, statsKeys.past(asOf), { total: 1 });
    const cache = createLiveCache(queryClient);
    cache.push(liveEvent(makeHistoryRecord({ ...then, replicas: 8, version: 9 }, { history_id: 90 })));
    await vi.advanceTimersByTimeAsync(500);
    expect(queryClient.getQueryData<InstancePage>(instanceKeys.list({ as_of: asOf }))?.items[0]).toMatchObject({ replicas: 2, version: 5 });
    expect(pastList.queryFn).not.toHaveBeenCalled();
    expect(pastStats.queryFn).not.toHaveBeenCalled();
    pastList.unsubscribe();
    pastStats.unsubscribe();
  });

  it("prepends new records to an open timeline once, and counts them into its total", async () => {
    const instance = makeInstance({ id: 4 });
    const older = makeHistoryRecord(instance, { history_id: 10 });
    const queryClient = new QueryClient();
    queryClient.setQueryData<HistoryPages>(historyKeys.timeline(4), { pages: [historyPage([older], 1)], pageParams: [null] });
    const cache = createLiveCache(queryClient);
    const newer = makeHistoryRecord(instance, { history_id: 11 });
    cache.push(liveEvent(newer));
    cache.push(liveEvent(newer));
    await vi.advanceTimersByTimeAsync(300);
    const page = queryClient.getQueryData<HistoryPages>(historyKeys.timeline(4))?.pages[0];
    expect(page?.items.map((r) => r.history_id)).toEqual([11, 10]);
    expect(page?.total).toBe(2);
    expect(prependToTimeline(queryClient.getQueryData(historyKeys.timeline(4)), [older])).toBe(queryClient.getQueryData(historyKeys.timeline(4)));
  });
});
