import { useQuery } from "@tanstack/react-query";
import { useApiClient } from "./ApiClientContext";
import { request } from "./errors";
import type { Health } from "./types";

export const healthKeys = {
  all: ["health"] as const,
};

export type ConnectionState = "online" | "degraded" | "offline";

export interface HealthSnapshot {
  state: ConnectionState;
  health?: Health;
}

const POLL_MS = 15_000;

/**
 * Polls GET /health. 200 = online; 503 (the server answers but its database does not) = degraded;
 * no answer at all = offline. Never throws, so the indicator never renders an error boundary.
 */
export function useHealth() {
  const client = useApiClient();
  return useQuery({
    queryKey: healthKeys.all,
    queryFn: async ({ signal }): Promise<HealthSnapshot> => {
      try {
        const { data, error, response } = await request(() => client.GET("/health", { signal }));
        if (response.ok && data) return { state: data.status === "ok" ? "online" : "degraded", health: data };
        // 503 carries a Health body (database down); anything else is an error envelope.
        return { state: "degraded", health: error && "status" in error ? error : undefined };
      } catch {
        return { state: "offline" };
      }
    },
    refetchInterval: POLL_MS,
    retry: false,
  });
}
