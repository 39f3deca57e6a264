// GET /me: who the caller is, their role, the server's access mode and whether changes need a
// reason. Loaded once per identity (the session's epoch is part of the key), before any page.
import { useQuery } from "@tanstack/react-query";
import { useApiClient } from "./ApiClientContext";
import type { ApiClient } from "./client";
import { apiErrorFrom, ApiError, request } from "./errors";
import { bearer } from "./session";
import type { Me } from "./types";

export const meKeys = {
  all: ["me"] as const,
  forEpoch: (epoch: number) => [...meKeys.all, epoch] as const,
};

/** GET /me, with the session's credentials or, for a sign-in attempt, with `token`. */
export async function fetchMe(client: ApiClient, options: { token?: string; signal?: AbortSignal } = {}): Promise<Me> {
  const headers = options.token ? { Authorization: bearer(options.token) } : undefined;
  const { data, error, response } = await request(() => client.GET("/me", { headers, signal: options.signal }));
  if (!response.ok || !data) throw apiErrorFrom(response, error);
  return data;
}

export function useMeQuery(epoch: number) {
  const client = useApiClient();
  return useQuery({
    queryKey: meKeys.forEpoch(epoch),
    queryFn: ({ signal }) => fetchMe(client, { signal }),
    // Who one is does not change while signed in; a focus refetch still notices a revoked token.
    staleTime: 60_000,
    retry: (failureCount, error) => failureCount < 2 && error instanceof ApiError && error.isNetworkError,
  });
}

/** What the caller may do, from their role (the server enforces it; the UI only hides). */
export interface Permissions {
  canEdit: boolean;
  canManageTokens: boolean;
  requireReason: boolean;
}

export function permissionsOf(me: Me): Permissions {
  return { canEdit: me.role === "editor" || me.role === "admin", canManageTokens: me.role === "admin", requireReason: me.require_reason };
}
