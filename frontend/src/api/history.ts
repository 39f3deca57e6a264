import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useApiClient } from "./ApiClientContext";
import { apiErrorFrom, request } from "./errors";
import type { HistoryListQuery, HistoryPage, InstanceHistoryQuery } from "./types";

export const historyKeys = {
  all: ["history"] as const,
  fleet: (query: HistoryListQuery) => [...historyKeys.all, "fleet", query] as const,
  instance: (id: number, query: InstanceHistoryQuery) => [...historyKeys.all, "instance", id, query] as const,
};

/** GET /history: the fleet-wide change feed, newest first. */
export function useHistoryList(query: HistoryListQuery) {
  const client = useApiClient();
  return useQuery({
    queryKey: historyKeys.fleet(query),
    queryFn: async ({ signal }): Promise<HistoryPage> => {
      const { data, error, response } = await request(() => client.GET("/history", { params: { query }, signal }));
      if (!response.ok || !data) throw apiErrorFrom(response, error);
      return data;
    },
    placeholderData: keepPreviousData,
  });
}

/** GET /instances/{id}/history: one instance's records, newest first. */
export function useInstanceHistory(id: number, query: InstanceHistoryQuery) {
  const client = useApiClient();
  return useQuery({
    queryKey: historyKeys.instance(id, query),
    queryFn: async ({ signal }): Promise<HistoryPage> => {
      const { data, error, response } = await request(() =>
        client.GET("/instances/{instance_id}/history", { params: { path: { instance_id: id }, query }, signal }),
      );
      if (!response.ok || !data) throw apiErrorFrom(response, error);
      return data;
    },
    enabled: Number.isInteger(id) && id > 0,
  });
}
