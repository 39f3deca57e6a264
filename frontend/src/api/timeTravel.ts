// The fleet as it was: what changed between two moments (GET /history/diff). Lists and stats at a
// moment are the ordinary queries with `as_of`. A diff up to "now" is asked with the current time
// on every fetch, and live events refetch it (liveCache), so "what changed since then" stays current.
import { useQuery, type QueryClient } from "@tanstack/react-query";
import { useApiClient } from "./ApiClientContext";
import { apiErrorFrom, request } from "./errors";
import type { HistoryDiffQuery, InstanceDiff } from "./types";

export type DiffFilters = Omit<HistoryDiffQuery, "from" | "to">;

// Diffs live apart from historyKeys: one between two past moments never changes, so no history
// refresh touches it; one up to now is refreshed by refreshDiffsToNow (a key prefix).
export const diffKeys = {
  toNow: ["history-diff", "to-now"] as const,
  /** `to` undefined: up to now. */
  between: (from: string, to: string | undefined, filters: DiffFilters) =>
    to ? (["history-diff", "between", from, to, filters] as const) : ([...diffKeys.toNow, from, filters] as const),
};

export function useHistoryDiff(from: string | undefined, to: string | undefined, filters: DiffFilters = {}) {
  const client = useApiClient();
  return useQuery({
    queryKey: diffKeys.between(from ?? "", to, filters),
    queryFn: async ({ signal }): Promise<InstanceDiff[]> => {
      const query = { ...filters, from: from ?? "", to: to ?? new Date().toISOString() };
      const { data, error, response } = await request(() => client.GET("/history/diff", { params: { query }, signal }));
      if (!response.ok || !data) throw apiErrorFrom(response, error);
      return data;
    },
    enabled: Boolean(from),
    // A diff between two past moments never changes.
    staleTime: to ? Infinity : 0,
  });
}

/** Live changes move "now": every diff that ends now is asked again. */
export function refreshDiffsToNow(queryClient: QueryClient): void {
  void queryClient.invalidateQueries({ queryKey: diffKeys.toNow });
}
