// Saves a partial update with If-Match. On 412 it loads the current version and opens the
// ConflictModal; the promise then resolves with the outcome the user picked. Other errors are
// re-thrown to the caller (a form maps 422/409 onto its fields).
import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useState, type ReactNode } from "react";
import { useApiClient } from "../../../api/ApiClientContext";
import { ApiError } from "../../../api/errors";
import { fetchInstance, instanceKeys, invalidateAfterInstanceChange, useUpdateInstance } from "../../../api/instances";
import type { Instance, InstanceUpdate } from "../../../api/types";
import { useNotify } from "../../../app/useNotify";
import { ConflictModal } from "./ConflictModal";

export type SaveOutcome =
  | { kind: "saved"; instance: Instance }
  | { kind: "reloaded"; instance: Instance }
  | { kind: "cancelled" };

interface PendingConflict {
  base: Instance;
  patch: InstanceUpdate;
  current: Instance | undefined;
  resolve: (outcome: SaveOutcome) => void;
}

export function useConflictAwareUpdate(): { save: (base: Instance, patch: InstanceUpdate) => Promise<SaveOutcome>; conflictModal: ReactNode } {
  const update = useUpdateInstance();
  const client = useApiClient();
  const queryClient = useQueryClient();
  const notify = useNotify();
  const [pending, setPending] = useState<PendingConflict | null>(null);

  const openConflict = useCallback(
    (base: Instance, patch: InstanceUpdate) =>
      new Promise<SaveOutcome>((resolve) => {
        setPending({ base, patch, current: undefined, resolve });
        fetchInstance(client, base.id)
          .then((current) => {
            queryClient.setQueryData(instanceKeys.detail(current.id), current);
            setPending((p) => (p && p.base === base ? { ...p, current } : p));
          })
          .catch((error: unknown) => {
            notify.error(`Could not load the current version of “${base.name}”`, error);
            setPending(null);
            resolve({ kind: "cancelled" });
          });
      }),
    [client, queryClient, notify],
  );

  const save = useCallback(
    async (base: Instance, patch: InstanceUpdate): Promise<SaveOutcome> => {
      try {
        const instance = await update.mutateAsync({ id: base.id, patch, version: base.version });
        notify.success(`Saved “${instance.name}”`);
        return { kind: "saved", instance };
      } catch (error) {
        if (error instanceof ApiError && error.status === 412) return openConflict(base, patch);
        throw error;
      }
    },
    [update, notify, openConflict],
  );

  const finish = (outcome: SaveOutcome) => {
    pending?.resolve(outcome);
    setPending(null);
  };

  const overwrite = async () => {
    if (!pending?.current) return;
    try {
      const instance = await update.mutateAsync({ id: pending.base.id, patch: pending.patch, version: pending.current.version });
      notify.success(`Saved “${instance.name}” over the newer version`);
      finish({ kind: "saved", instance });
    } catch (error) {
      if (error instanceof ApiError && error.status === 412) {
        // Changed yet again while the dialog was open: show the newest state.
        const current = await fetchInstance(client, pending.base.id).catch(() => undefined);
        setPending((p) => (p ? { ...p, current } : p));
        notify.info("It changed again meanwhile; review the newest version.");
        return;
      }
      notify.error(`Could not save “${pending.base.name}”`, error);
    }
  };

  const reload = () => {
    if (!pending?.current) return;
    invalidateAfterInstanceChange(queryClient, pending.base.id);
    notify.info(`Reloaded “${pending.current.name}” (version ${pending.current.version})`);
    finish({ kind: "reloaded", instance: pending.current });
  };

  const conflictModal = pending ? (
    <ConflictModal
      open
      base={pending.base}
      current={pending.current}
      patch={pending.patch}
      busy={update.isPending}
      onReload={reload}
      onOverwrite={() => void overwrite()}
      onCancel={() => finish({ kind: "cancelled" })}
    />
  ) : null;

  return { save, conflictModal };
}
