// History: query-key factory and hooks. Long lists page with keyset cursors (`before` = the
// oldest history id loaded) and ask for the total only on the first page, so scrolling deep into
// a 50,000-record history stays cheap for the server. History records never change, so single
// records and comparisons are cached forever.
import { keepPreviousData, useInfiniteQuery, useQuery, type InfiniteData, type QueryClient } from "@tanstack/react-query";
import { useApiClient } from "./ApiClientContext";
import type { ApiClient } from "./client";
import { apiErrorFrom, request } from "./errors";
import type { HistoryComparison, HistoryListQuery, HistoryPage, HistoryRecord, InstanceHistoryQuery } from "./types";

/** The filters of a history list: everything but the paging parameters. */
export type HistoryFilters = Omit<HistoryListQuery, "limit" | "offset" | "before" | "after" | "include_total">;
export type InstanceHistoryFilters = Omit<InstanceHistoryQuery, "limit" | "offset" | "before" | "after" | "include_total">;
export type HistoryPages = InfiniteData<HistoryPage, number | null>;

export const historyKeys = {
  all: ["history"] as const,
  /** One page of the fleet feed (dashboard). */
  fleet: (query: HistoryListQuery) => [...historyKeys.all, "fleet", query] as const,
  /** The scrolling fleet feed of /history (infinite; live changes are offered, not pushed in). */
  feed: (filters: HistoryFilters) => [...historyKeys.all, "feed", filters] as const,
  instance: (id: number, query: InstanceHistoryQuery) => [...historyKeys.all, "instance", id, query] as const,
  /** The scrolling timeline of one instance (infinite; live changes are prepended). */
  timelines: () => [...historyKeys.all, "timeline"] as const,
  timeline: (id: number, filters: InstanceHistoryFilters = {}) => [...historyKeys.timelines(), id, filters] as const,
  record: (historyId: number) => [...historyKeys.all, "record", historyId] as const,
  previous: (instanceId: number, historyId: number) => [...historyKeys.all, "previous", instanceId, historyId] as const,
  compare: (from: number, to: number) => [...historyKeys.all, "compare", from, to] as const,
};

export const FIRST_PAGE_SIZE = 50;
export const NEXT_PAGE_SIZE = 200;

/** Paging of a newest-first list: the next (older) page starts before the oldest record held. */
function nextCursor(page: HistoryPage): number | undefined {
  if (!page.has_more) return undefined;
  return page.items[page.items.length - 1]?.history_id;
}

function pageQuery(cursor: number | null) {
  return cursor === null ? { limit: FIRST_PAGE_SIZE } : { limit: NEXT_PAGE_SIZE, before: cursor, include_total: false };
}

const isId = (id: number) => Number.isInteger(id) && id > 0;

/** GET /history: one page of the fleet feed, newest first (not fetched while `enabled` is false). */
export function useHistoryList(query: HistoryListQuery, { enabled = true }: { enabled?: boolean } = {}) {
  const client = useApiClient();
  return useQuery({
    enabled,
    queryKey: historyKeys.fleet(query),
    queryFn: async ({ signal }): Promise<HistoryPage> => {
      const { data, error, response } = await request(() => client.GET("/history", { params: { query }, signal }));
      if (!response.ok || !data) throw apiErrorFrom(response, error);
      return data;
    },
    placeholderData: keepPreviousData,
  });
}

/** GET /history, page after page (keyset), for the fleet history page. */
export function useHistoryFeed(filters: HistoryFilters) {
  const client = useApiClient();
  return useInfiniteQuery({
    queryKey: historyKeys.feed(filters),
    initialPageParam: null as number | null,
    queryFn: async ({ pageParam, signal }): Promise<HistoryPage> => {
      const query = { ...filters, ...pageQuery(pageParam) };
      const { data, error, response } = await request(() => client.GET("/history", { params: { query }, signal }));
      if (!response.ok || !data) throw apiErrorFrom(response, error);
      return data;
    },
    getNextPageParam: nextCursor,
    placeholderData: keepPreviousData,
  });
}

async function fetchInstanceHistory(client: ApiClient, id: number, query: InstanceHistoryQuery, signal: AbortSignal): Promise<HistoryPage> {
  const { data, error, response } = await request(() =>
    client.GET("/instances/{instance_id}/history", { params: { path: { instance_id: id }, query }, signal }),
  );
  if (!response.ok || !data) throw apiErrorFrom(response, error);
  return data;
}

/** GET /instances/{id}/history: one page of one instance's records, newest first. */
export function useInstanceHistory(id: number, query: InstanceHistoryQuery) {
  const client = useApiClient();
  return useQuery({
    queryKey: historyKeys.instance(id, query),
    queryFn: ({ signal }) => fetchInstanceHistory(client, id, query, signal),
    enabled: isId(id),
  });
}

/** One instance's whole history, page after page (keyset). Answers for deleted instances too. */
export function useInstanceTimeline(id: number, filters: InstanceHistoryFilters = {}) {
  const client = useApiClient();
  return useInfiniteQuery({
    queryKey: historyKeys.timeline(id, filters),
    initialPageParam: null as number | null,
    queryFn: ({ pageParam, signal }) => fetchInstanceHistory(client, id, { ...filters, ...pageQuery(pageParam) }, signal),
    getNextPageParam: nextCursor,
    enabled: isId(id),
  });
}

/** GET /history/{id}. */
export function useHistoryRecord(historyId: number | undefined) {
  const client = useApiClient();
  return useQuery({
    queryKey: historyKeys.record(historyId ?? 0),
    queryFn: async ({ signal }): Promise<HistoryRecord> => {
      const { data, error, response } = await request(() =>
        client.GET("/history/{history_id}", { params: { path: { history_id: historyId ?? 0 } }, signal }),
      );
      if (!response.ok || !data) throw apiErrorFrom(response, error);
      return data;
    },
    enabled: historyId !== undefined && isId(historyId),
    staleTime: Infinity,
  });
}

/** The record of an instance just before `historyId` (null for its create), for "compare with previous". */
export function usePreviousRecord(instanceId: number, historyId: number | undefined) {
  const client = useApiClient();
  return useQuery({
    queryKey: historyKeys.previous(instanceId, historyId ?? 0),
    queryFn: async ({ signal }): Promise<HistoryRecord | null> => {
      const page = await fetchInstanceHistory(client, instanceId, { before: historyId, limit: 1, include_total: false }, signal);
      return page.items[0] ?? null;
    },
    enabled: isId(instanceId) && historyId !== undefined && isId(historyId),
    staleTime: Infinity,
  });
}

/** GET /history/compare: the field-by-field difference of two records of one instance. */
export function useHistoryCompare(from: number | undefined, to: number | undefined) {
  const client = useApiClient();
  return useQuery({
    queryKey: historyKeys.compare(from ?? 0, to ?? 0),
    queryFn: async ({ signal }): Promise<HistoryComparison> => {
      const { data, error, response } = await request(() =>
        client.GET("/history/compare", { params: { query: { from: from ?? 0, to: to ?? 0 } }, signal }),
      );
      if (!response.ok || !data) throw apiErrorFrom(response, error);
      return data;
    },
    enabled: from !== undefined && to !== undefined && isId(from) && isId(to),
    staleTime: Infinity,
    placeholderData: keepPreviousData,
  });
}

/**
 * After a change: refresh every history view. Long scrolled lists (timelines, the /history feed)
 * are first cut back to their first page, so the refresh costs one request each instead of one
 * per page loaded (older pages load again on scroll).
 */
export function refreshHistory(queryClient: QueryClient): void {
  for (const queryKey of [historyKeys.timelines(), [...historyKeys.all, "feed"]]) {
    queryClient.setQueriesData<HistoryPages>({ queryKey }, (data) =>
      data && data.pages.length > 1 ? { pages: data.pages.slice(0, 1), pageParams: data.pageParams.slice(0, 1) } : data,
    );
  }
  void queryClient.invalidateQueries({ queryKey: historyKeys.all });
}
