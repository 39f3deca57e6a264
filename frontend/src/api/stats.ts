import { useQuery } from "@tanstack/react-query";
import { useApiClient } from "./ApiClientContext";
import { apiErrorFrom, request } from "./errors";
import type { FleetStats } from "./types";

export const statsKeys = {
  all: ["stats"] as const,
};

/** GET /stats: fleet counts. Also the source of cluster/model filter options (no full scans). */
export function useFleetStats() {
  const client = useApiClient();
  return useQuery({
    queryKey: statsKeys.all,
    queryFn: async ({ signal }): Promise<FleetStats> => {
      const { data, error, response } = await request(() => client.GET("/stats", { signal }));
      if (!response.ok || !data) throw apiErrorFrom(response, error);
      return data;
    },
    staleTime: 15_000,
  });
}
