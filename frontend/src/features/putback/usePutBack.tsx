// Putting things back from anywhere in the app: revert(instance, record), restore(id),
// undo(target). Each opens the PlanModal with the server's dry run, then applies what was shown
// with the user's reason. Returns the starters and the dialog to render.
import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useState, type ReactNode } from "react";
import { useApiClient } from "../../api/ApiClientContext";
import { ApiError } from "../../api/errors";
import { fetchInstance, instanceKeys } from "../../api/instances";
import { usePutBackApply, usePutBackPlan, type PutBack, type PutBackResult, type UndoTarget } from "../../api/putBack";
import type { HistoryRecord, Instance } from "../../api/types";
import { useNotify } from "../../app/useNotify";
import { fieldDeltas } from "../history/diff/summarize";
import { PlanModal, type Plan } from "./PlanModal";

/** What the dialog says about one putting back, by kind. */
interface Wording {
  title: string;
  intro: string;
  confirmLabel: string;
  done: (result: PutBackResult) => string;
}

/** name: the instance's, for a revert's plan (the answer holds it after the revert). */
type Flow = { what: PutBack; wording: Wording; name?: string };

const INTRO = {
  revert: "Every field goes back to its value in that version, as one new change in the history.",
  restore: "The instance comes back under its id with its last state; its history goes on.",
  undo: "Every instance goes back to its state before: created ones are deleted, deleted ones restored, changed ones reverted — all or nothing.",
};

/** The plan the dialog shows, from the dry run's answer. */
function planOf(answer: PutBackResult, name: string): Plan {
  if (answer.kind === "revert") {
    const deltas = fieldDeltas(answer.result.changes);
    return {
      entries: [{ instanceId: answer.result.instance.id, name, action: "revert", deltas, conflict: false }],
      blocked: deltas.length === 0 ? "Nothing would change: the instance is already as it was then." : undefined,
    };
  }
  if (answer.kind === "restore") {
    const instance = answer.result.instance;
    const changes = Object.fromEntries(Object.entries(instance).map(([field, value]) => [field, { old: null, new: value as string | number | null }]));
    return { entries: [{ instanceId: instance.id, name: instance.name, action: "restore", deltas: fieldDeltas(changes), conflict: false }] };
  }
  return {
    entries: answer.result.items.map((item) => ({
      instanceId: item.instance_id,
      name: item.name,
      action: item.action,
      deltas: fieldDeltas(item.changes),
      conflict: item.conflict,
    })),
    blocked: answer.result.changed_count === 0 ? "Nothing would change: every instance is already as it was before." : undefined,
  };
}

const count = (n: number) => `${n} instance${n === 1 ? "" : "s"}`;

export function usePutBack(): {
  revert: (instance: Pick<Instance, "id" | "name" | "version">, record: Pick<HistoryRecord, "history_id" | "version">) => void;
  restore: (id: number, name: string) => void;
  undo: (target: UndoTarget, what: string) => void;
  putBackDialog: ReactNode;
} {
  // The last flow stays while the dialog closes (it keeps its content and hands focus back);
  // every opening mounts a fresh dialog (`opening` is its key).
  const [flow, setFlow] = useState<Flow | null>(null);
  const [open, setOpen] = useState(false);
  const [opening, setOpening] = useState(0);
  const [notice, setNotice] = useState<string | undefined>();
  const plan = usePutBackPlan(open && flow ? flow.what : null);
  const apply = usePutBackApply();
  const client = useApiClient();
  const queryClient = useQueryClient();
  const notify = useNotify();

  const start = useCallback((next: Flow) => {
    setFlow(next);
    setNotice(undefined);
    setOpening((n) => n + 1);
    setOpen(true);
  }, []);
  const close = useCallback(() => setOpen(false), []);

  const onApply = async (reason: string, force: boolean) => {
    if (!flow) return;
    try {
      const done = await apply.mutateAsync({ what: flow.what, force, reason });
      notify.success(flow.wording.done(done));
      setOpen(false);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      const what = flow.what;
      if (error.status === 412 && what.kind === "revert") {
        // Changed since the plan was made: plan again against its version now, and say so.
        const current = await fetchInstance(client, what.id).catch(() => null);
        if (current) {
          queryClient.setQueryData(instanceKeys.detail(current.id), current);
          setFlow({ ...flow, what: { ...what, version: current.version } });
          setNotice("It changed since this plan was made: here is the plan against its version now.");
          apply.reset();
        }
      } else if (error.status === 409) {
        void plan.refetch(); // what conflicts now (names, instances changed since)
      }
      throw error;
    }
  };

  const dialog = flow ? (
    <PlanModal
      key={opening}
      open={open}
      title={flow.wording.title}
      intro={notice ? `${flow.wording.intro} ${notice}` : flow.wording.intro}
      confirmLabel={flow.wording.confirmLabel}
      plan={plan.data ? planOf(plan.data, flow.name ?? "") : undefined}
      planError={plan.error}
      applying={apply.isPending}
      applyError={apply.error}
      onApply={onApply}
      onCancel={close}
      afterClose={apply.reset}
    />
  ) : null;

  return {
    revert: useCallback(
      (instance, record) =>
        start({
          what: { kind: "revert", id: instance.id, toHistoryId: record.history_id, version: instance.version },
          name: instance.name,
          wording: {
            title: `Restore version ${record.version} of “${instance.name}”`,
            intro: INTRO.revert,
            confirmLabel: "Restore",
            done: () => `“${instance.name}” is back to version ${record.version}`,
          },
        }),
      [start],
    ),
    restore: useCallback(
      (id, name) =>
        start({ what: { kind: "restore", id }, wording: { title: `Restore “${name}”`, intro: INTRO.restore, confirmLabel: "Restore", done: () => `“${name}” is restored` } }),
      [start],
    ),
    undo: useCallback(
      (target, what) =>
        start({
          what: { kind: "undo", target },
          wording: {
            title: `Undo ${what}`,
            intro: INTRO.undo,
            confirmLabel: "Undo",
            done: (done) => `Undone: ${count(done.kind === "undo" ? done.result.changed_count : 1)} put back`,
          },
        }),
      [start],
    ),
    putBackDialog: dialog,
  };
}
