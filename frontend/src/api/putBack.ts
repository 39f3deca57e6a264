// Putting things back: revert an instance to one of its versions, restore a deleted one, undo a
// change or a whole batch. Each is one POST run first as a dry run (the plan the user reads: a
// query) and then for real (a mutation, which invalidates what any instance change can make stale).
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useApiClient } from "./ApiClientContext";
import { etagOf, type ApiClient } from "./client";
import { apiErrorFrom, request } from "./errors";
import { invalidateAfterInstanceChange } from "./instances";
import { withReason } from "./reason";
import type { RestoreResult, RevertResult, UndoRequest, UndoResult } from "./types";

/** What to undo: one request's changes, or chosen records. */
export type UndoTarget = Pick<UndoRequest, "request_id" | "history_ids">;

/** One putting back: what the dry run and the real run share. */
export type PutBack =
  | { kind: "revert"; id: number; toHistoryId: number; /** If-Match: a change since is a 412. */ version: number }
  | { kind: "restore"; id: number }
  | { kind: "undo"; target: UndoTarget };

export type PutBackResult =
  | { kind: "revert"; result: RevertResult }
  | { kind: "restore"; result: RestoreResult }
  | { kind: "undo"; result: UndoResult };

async function putBack(client: ApiClient, what: PutBack, options: { dryRun: boolean; force?: boolean; reason?: string }): Promise<PutBackResult> {
  const { dryRun } = options;
  const reason = dryRun ? undefined : options.reason;
  if (what.kind === "revert") {
    const body = withReason({ to_history_id: what.toHistoryId, dry_run: dryRun }, reason);
    const { data, error, response } = await request(() =>
      client.POST("/instances/{id}/revert", { params: { path: { id: what.id }, header: { "If-Match": etagOf(what.version) } }, body }),
    );
    if (!response.ok || !data) throw apiErrorFrom(response, error);
    return { kind: "revert", result: data };
  }
  if (what.kind === "restore") {
    const body = withReason({ dry_run: dryRun }, reason);
    const { data, error, response } = await request(() => client.POST("/instances/{id}/restore", { params: { path: { id: what.id } }, body }));
    if (!response.ok || !data) throw apiErrorFrom(response, error);
    return { kind: "restore", result: data };
  }
  const body = withReason({ ...what.target, dry_run: dryRun, force: options.force ?? false }, reason);
  const { data, error, response } = await request(() => client.POST("/history/undo", { body }));
  if (!response.ok || !data) throw apiErrorFrom(response, error);
  return { kind: "undo", result: data };
}

/** The dry run of a putting back (null: none asked): what it would change, and any conflicts. */
export function usePutBackPlan(what: PutBack | null) {
  const client = useApiClient();
  return useQuery({
    queryKey: ["put-back-plan", what],
    queryFn: () => putBack(client, what!, { dryRun: true }),
    enabled: what !== null,
    // A plan is about now: asked afresh each time, never kept, never retried behind the user's back.
    gcTime: 0,
    staleTime: 0,
    retry: false,
    refetchOnWindowFocus: false,
  });
}

/** The real run. */
export function usePutBackApply() {
  const client = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ what, force, reason }: { what: PutBack; force?: boolean; reason?: string }) => putBack(client, what, { dryRun: false, force, reason }),
    onSuccess: (done) => {
      if (done.kind === "undo") for (const item of done.result.items) invalidateAfterInstanceChange(queryClient, item.instance_id);
      else invalidateAfterInstanceChange(queryClient, done.result.instance.id);
    },
  });
}
