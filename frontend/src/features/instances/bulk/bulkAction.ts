import type { BulkRequest, Instance, InstanceUpdate } from "../../../api/types";

export type BulkAction = { kind: "update"; patch: InstanceUpdate; label: string } | { kind: "delete"; label: string };

/**
 * The bulk request for an explicit selection. `versions` carries the version of every instance
 * as the user saw it, so the server rejects the whole batch (412) if any of them changed since.
 */
export function bulkRequestFor(action: BulkAction, selection: Instance[], dryRun: boolean): BulkRequest {
  const versions: Record<string, number> = {};
  for (const instance of selection) versions[String(instance.id)] = instance.version;
  return {
    action: action.kind,
    ids: selection.map((i) => i.id),
    ...(action.kind === "update" ? { patch: action.patch } : {}),
    versions,
    dry_run: dryRun,
  };
}
