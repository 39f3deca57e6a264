import { useQuery } from "@tanstack/react-query";
import { useApiClient } from "./ApiClientContext";
import { apiErrorFrom, request } from "./errors";
import type { FleetStats } from "./types";

export const statsKeys = {
  /** The counts now, which every change makes stale. */
  all: ["stats"] as const,
  /** The counts as they were at an instant: apart from `all`, as the past never changes. */
  past: (asOf: string) => ["stats-as-of", asOf] as const,
};

/**
 * GET /stats: fleet counts, now or (asOf) as they were then. Also the source of cluster/model
 * filter options (no full scans).
 */
export function useFleetStats(asOf?: string) {
  const client = useApiClient();
  return useQuery({
    queryKey: asOf ? statsKeys.past(asOf) : statsKeys.all,
    queryFn: async ({ signal }): Promise<FleetStats> => {
      const query = asOf ? { as_of: asOf } : undefined;
      const { data, error, response } = await request(() => client.GET("/stats", { params: { query }, signal }));
      if (!response.ok || !data) throw apiErrorFrom(response, error);
      return data;
    },
    // The past does not change; the present is refreshed by live events and every 15 s.
    staleTime: asOf ? Infinity : 15_000,
  });
}
