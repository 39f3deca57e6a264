// API tokens (admins only): list, make (the answer holds the secret, shown once), revoke.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useApiClient } from "./ApiClientContext";
import { apiErrorFrom, request } from "./errors";
import type { ApiToken, TokenCreate, TokenCreated } from "./types";

export const tokenKeys = {
  all: ["tokens"] as const,
};

export function useTokenList(enabled: boolean) {
  const client = useApiClient();
  return useQuery({
    queryKey: tokenKeys.all,
    queryFn: async ({ signal }): Promise<ApiToken[]> => {
      const { data, error, response } = await request(() => client.GET("/tokens", { signal }));
      if (!response.ok || !data) throw apiErrorFrom(response, error);
      return data;
    },
    enabled,
  });
}

export function useCreateToken() {
  const client = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: TokenCreate): Promise<TokenCreated> => {
      const { data, error, response } = await request(() => client.POST("/tokens", { body }));
      if (!response.ok || !data) throw apiErrorFrom(response, error);
      return data;
    },
    // Only the list is refreshed; the secret stays in the caller's hands (never in the cache).
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: tokenKeys.all }),
  });
}

export function useRevokeToken() {
  const client = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (id: number): Promise<ApiToken> => {
      const { data, error, response } = await request(() => client.DELETE("/tokens/{token_id}", { params: { path: { token_id: id } } }));
      if (!response.ok || !data) throw apiErrorFrom(response, error);
      return data;
    },
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: tokenKeys.all }),
  });
}
