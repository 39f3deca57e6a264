// Putting things back: revert an instance to one of its versions, restore a deleted one, undo a
// change or a whole batch. Each is a POST that first runs as a dry run (the plan the user reads)
// and then for real; a real one invalidates what any instance change can make stale.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useApiClient } from "./ApiClientContext";
import { etagOf } from "./client";
import { apiErrorFrom, request } from "./errors";
import { invalidateAfterInstanceChange } from "./instances";
import { withReason } from "./reason";
import type { RestoreResult, RevertResult, UndoRequest, UndoResult } from "./types";

export interface RevertVars {
  id: number;
  toHistoryId: number;
  /** The version the plan was made against: sent as If-Match, so a change since is a 412. */
  version: number;
  dryRun: boolean;
  reason?: string;
}

export function useRevertInstance() {
  const client = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ id, toHistoryId, version, dryRun, reason }: RevertVars): Promise<RevertResult> => {
      const body = withReason({ to_history_id: toHistoryId, dry_run: dryRun }, dryRun ? undefined : reason);
      const { data, error, response } = await request(() =>
        client.POST("/instances/{id}/revert", { params: { path: { id }, header: { "If-Match": etagOf(version) } }, body }),
      );
      if (!response.ok || !data) throw apiErrorFrom(response, error);
      return data;
    },
    onSuccess: (result) => {
      if (!result.dry_run) invalidateAfterInstanceChange(queryClient, result.instance.id);
    },
  });
}

export interface RestoreVars {
  id: number;
  dryRun: boolean;
  reason?: string;
}

export function useRestoreInstance() {
  const client = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ id, dryRun, reason }: RestoreVars): Promise<RestoreResult> => {
      const body = withReason({ dry_run: dryRun }, dryRun ? undefined : reason);
      const { data, error, response } = await request(() => client.POST("/instances/{id}/restore", { params: { path: { id } }, body }));
      if (!response.ok || !data) throw apiErrorFrom(response, error);
      return data;
    },
    onSuccess: (result) => {
      if (!result.dry_run) invalidateAfterInstanceChange(queryClient, result.instance.id);
    },
  });
}

/** What to undo: one request's changes, or chosen records. */
export type UndoTarget = Pick<UndoRequest, "request_id" | "history_ids">;

export interface UndoVars {
  target: UndoTarget;
  dryRun: boolean;
  force?: boolean;
  reason?: string;
}

export function useUndo() {
  const client = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ target, dryRun, force, reason }: UndoVars): Promise<UndoResult> => {
      const body = withReason({ ...target, dry_run: dryRun, force: force ?? false }, dryRun ? undefined : reason);
      const { data, error, response } = await request(() => client.POST("/history/undo", { body }));
      if (!response.ok || !data) throw apiErrorFrom(response, error);
      return data;
    },
    onSuccess: (result) => {
      if (result.dry_run) return;
      for (const item of result.items) invalidateAfterInstanceChange(queryClient, item.instance_id);
    },
  });
}
