// Instances: query-key factory, queries and mutations. Mutations invalidate exactly the cached
// views they can change (lists, the instance, its history, fleet stats and the fleet feed).
import { keepPreviousData, useMutation, useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { useApiClient } from "./ApiClientContext";
import { etagOf } from "./client";
import { apiErrorFrom, request } from "./errors";
import { refreshHistory } from "./history";
import { refreshDiffsToNow } from "./timeTravel";
import { encodeReasonHeader, reasonToSend } from "./reason";
import { serializeQuery } from "./queryString";
import { statsKeys } from "./stats";
import type { BulkRequest, BulkResult, Instance, InstanceCreate, InstanceListQuery, InstanceUpdate } from "./types";

export const instanceKeys = {
  all: ["instances"] as const,
  lists: () => [...instanceKeys.all, "list"] as const,
  /** A page now; a page as the fleet was (`as_of`) lives apart, under `past`. */
  list: (query: InstanceListQuery) => (query.as_of ? instanceKeys.past(query) : ([...instanceKeys.lists(), query] as const)),
  /**
   * Pages of the fleet as it was. The past never changes, so they sit outside `lists()`: live
   * events neither patch them (their rows are older versions) nor refetch them.
   */
  past: (query: InstanceListQuery) => ["instances-as-of", query] as const,
  details: () => [...instanceKeys.all, "detail"] as const,
  detail: (id: number) => [...instanceKeys.details(), id] as const,
};

export interface InstancePage {
  items: Instance[];
  /** From `X-Total-Count`: all matching instances, not just this page. */
  total: number;
}

export function useInstanceList(query: InstanceListQuery) {
  const client = useApiClient();
  return useQuery({
    queryKey: instanceKeys.list(query),
    queryFn: async ({ signal }): Promise<InstancePage> => {
      const { data, error, response } = await request(() =>
        client.GET("/instances", {
          params: { query },
          querySerializer: (q) => serializeQuery(q as Record<string, never>, ["sort"]),
          signal,
        }),
      );
      if (!response.ok || !data) throw apiErrorFrom(response, error);
      const total = Number(response.headers.get("X-Total-Count"));
      return { items: data, total: Number.isFinite(total) ? total : data.length };
    },
    // Keep the previous page on screen while the next one loads, so paging and filtering never
    // flash an empty table.
    placeholderData: keepPreviousData,
    staleTime: query.as_of ? Infinity : 0,
  });
}

export async function fetchInstance(client: ReturnType<typeof useApiClient>, id: number, signal?: AbortSignal): Promise<Instance> {
  const { data, error, response } = await request(() => client.GET("/instances/{id}", { params: { path: { id } }, signal }));
  if (!response.ok || !data) throw apiErrorFrom(response, error);
  return data;
}

export function useInstance(id: number) {
  const client = useApiClient();
  return useQuery({
    queryKey: instanceKeys.detail(id),
    queryFn: ({ signal }) => fetchInstance(client, id, signal),
    enabled: Number.isInteger(id) && id > 0,
  });
}

/** Everything an instance change can make stale. */
export function invalidateAfterInstanceChange(queryClient: QueryClient, id?: number) {
  void queryClient.invalidateQueries({ queryKey: instanceKeys.lists() });
  void queryClient.invalidateQueries({ queryKey: statsKeys.all });
  refreshHistory(queryClient);
  refreshDiffsToNow(queryClient);
  if (id !== undefined) void queryClient.invalidateQueries({ queryKey: instanceKeys.detail(id) });
}

export function useCreateInstance() {
  const client = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: InstanceCreate): Promise<Instance> => {
      const { data, error, response } = await request(() => client.POST("/instances", { body }));
      if (!response.ok || !data) throw apiErrorFrom(response, error);
      return data;
    },
    onSuccess: (instance) => {
      queryClient.setQueryData(instanceKeys.detail(instance.id), instance);
      invalidateAfterInstanceChange(queryClient);
    },
  });
}

export interface UpdateInstanceVars {
  id: number;
  patch: InstanceUpdate;
  /** The version the user edited; sent as If-Match so a concurrent change yields 412. */
  version: number;
}

export function useUpdateInstance() {
  const client = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ id, patch, version }: UpdateInstanceVars): Promise<Instance> => {
      const { data, error, response } = await request(() =>
        client.PUT("/instances/{id}", {
          params: { path: { id }, header: { "If-Match": etagOf(version) } },
          body: patch,
        }),
      );
      if (!response.ok || !data) throw apiErrorFrom(response, error);
      return data;
    },
    onSuccess: (instance) => {
      queryClient.setQueryData(instanceKeys.detail(instance.id), instance);
      invalidateAfterInstanceChange(queryClient, instance.id);
    },
  });
}

export function useDeleteInstance() {
  const client = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ id, version, reason }: { id: number; version: number; reason?: string }): Promise<void> => {
      // A DELETE has no body: its reason goes in the X-Change-Reason header.
      const why = reasonToSend(reason);
      const header = { "If-Match": etagOf(version), ...(why ? { "X-Change-Reason": encodeReasonHeader(why) } : {}) };
      const { error, response } = await request(() => client.DELETE("/instances/{id}", { params: { path: { id }, header } }));
      if (!response.ok) throw apiErrorFrom(response, error);
    },
    onSuccess: (_data, { id }) => {
      queryClient.removeQueries({ queryKey: instanceKeys.detail(id) });
      invalidateAfterInstanceChange(queryClient);
    },
  });
}

/** POST /instances/bulk. A dry run changes nothing, so it invalidates nothing. */
export function useBulkInstances() {
  const client = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: BulkRequest): Promise<BulkResult> => {
      const { data, error, response } = await request(() => client.POST("/instances/bulk", { body }));
      if (!response.ok || !data) throw apiErrorFrom(response, error);
      return data;
    },
    onSuccess: (result) => {
      if (result.dry_run) return;
      for (const item of result.items) {
        if (item.instance) queryClient.setQueryData(instanceKeys.detail(item.id), item.instance);
        else queryClient.removeQueries({ queryKey: instanceKeys.detail(item.id) });
      }
      invalidateAfterInstanceChange(queryClient);
    },
  });
}
