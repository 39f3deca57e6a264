// Putting things back from anywhere in the app: revert(instance, record), restore(id),
// undo(target). Each opens the PlanModal with the server's dry run, then applies what was shown
// with the user's reason. Returns the starters and the dialog to render.
import { useCallback, useEffect, useState, type ReactNode } from "react";
import { useRestoreInstance, useRevertInstance, useUndo, type UndoTarget } from "../../api/putBack";
import type { HistoryRecord, Instance, RestoreResult, RevertResult, UndoResult } from "../../api/types";
import { useNotify } from "../../app/useNotify";
import { fieldDeltas } from "../history/diff/summarize";
import { PlanModal, type Plan } from "./PlanModal";

type Flow =
  | { kind: "revert"; instance: Pick<Instance, "id" | "name" | "version">; record: Pick<HistoryRecord, "history_id" | "version"> }
  | { kind: "restore"; id: number; name: string }
  | { kind: "undo"; target: UndoTarget; what: string };

function revertPlan(result: RevertResult, name: string): Plan {
  const deltas = fieldDeltas(result.changes);
  return {
    entries: [{ instanceId: result.instance.id, name, action: "revert", deltas, conflict: false }],
    blocked: deltas.length === 0 ? "Nothing would change: the instance is already as it was then." : undefined,
  };
}

function restorePlan(result: RestoreResult): Plan {
  const changes = Object.fromEntries(
    Object.entries(result.instance).map(([field, value]) => [field, { old: null, new: value as string | number | null }]),
  );
  return { entries: [{ instanceId: result.instance.id, name: result.instance.name, action: "restore", deltas: fieldDeltas(changes), conflict: false }] };
}

function undoPlan(result: UndoResult): Plan {
  return {
    entries: result.items.map((item) => ({
      instanceId: item.instance_id,
      name: item.name,
      action: item.action,
      deltas: fieldDeltas(item.changes),
      conflict: item.conflict,
    })),
    blocked: result.changed_count === 0 ? "Nothing would change: every instance is already as it was before." : undefined,
  };
}

const TITLES = {
  revert: (flow: Extract<Flow, { kind: "revert" }>) => `Restore version ${flow.record.version} of “${flow.instance.name}”`,
  restore: (flow: Extract<Flow, { kind: "restore" }>) => `Restore “${flow.name}”`,
  undo: (flow: Extract<Flow, { kind: "undo" }>) => `Undo ${flow.what}`,
};

export function usePutBack(): {
  revert: (instance: Pick<Instance, "id" | "name" | "version">, record: Pick<HistoryRecord, "history_id" | "version">) => void;
  restore: (id: number, name: string) => void;
  undo: (target: UndoTarget, what: string) => void;
  putBackDialog: ReactNode;
} {
  const [flow, setFlow] = useState<Flow | null>(null);
  const [plan, setPlan] = useState<Plan | undefined>();
  const [planError, setPlanError] = useState<unknown>(null);
  const revertMutation = useRevertInstance();
  const restoreMutation = useRestoreInstance();
  const undoMutation = useUndo();
  const notify = useNotify();
  const [applyError, setApplyError] = useState<unknown>(null);
  const [applying, setApplying] = useState(false);
  const [planRun, setPlanRun] = useState(0);

  // The dry run, each time a flow opens (and again after a refused apply: the world moved).
  useEffect(() => {
    if (!flow) return;
    let current = true;
    setPlan(undefined);
    setPlanError(null);
    const dryRun: Promise<Plan> =
      flow.kind === "revert"
        ? revertMutation
            .mutateAsync({ id: flow.instance.id, toHistoryId: flow.record.history_id, version: flow.instance.version, dryRun: true })
            .then((result) => revertPlan(result, flow.instance.name))
        : flow.kind === "restore"
          ? restoreMutation.mutateAsync({ id: flow.id, dryRun: true }).then(restorePlan)
          : undoMutation.mutateAsync({ target: flow.target, dryRun: true }).then(undoPlan);
    dryRun.then(
      (next) => current && setPlan(next),
      (error: unknown) => current && setPlanError(error),
    );
    return () => {
      current = false;
    };
    // The mutations' identities change every render; the plan depends only on the flow.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [flow, planRun]);

  const close = useCallback(() => {
    setFlow(null);
    setApplyError(null);
  }, []);

  const apply = async (reason: string, force: boolean) => {
    if (!flow) return;
    setApplying(true);
    setApplyError(null);
    try {
      if (flow.kind === "revert") {
        await revertMutation.mutateAsync({ id: flow.instance.id, toHistoryId: flow.record.history_id, version: flow.instance.version, dryRun: false, reason });
        notify.success(`“${flow.instance.name}” is back to version ${flow.record.version}`);
      } else if (flow.kind === "restore") {
        await restoreMutation.mutateAsync({ id: flow.id, dryRun: false, reason });
        notify.success(`“${flow.name}” is restored`);
      } else {
        const result = await undoMutation.mutateAsync({ target: flow.target, dryRun: false, force, reason });
        notify.success(`Undone: ${result.changed_count} instance${result.changed_count === 1 ? "" : "s"} put back`);
      }
      close();
    } catch (error) {
      setApplyError(error);
      setPlanRun((n) => n + 1);
    } finally {
      setApplying(false);
    }
  };

  const dialog = flow ? (
    <PlanModal
      title={flow.kind === "revert" ? TITLES.revert(flow) : flow.kind === "restore" ? TITLES.restore(flow) : TITLES.undo(flow)}
      intro={
        flow.kind === "revert"
          ? "Every field goes back to its value in that version, as one new change in the history."
          : flow.kind === "restore"
            ? "The instance comes back under its id with its last state; its history goes on."
            : "Every instance goes back to its state before: created ones are deleted, deleted ones restored, changed ones reverted — all or nothing."
      }
      confirmLabel={flow.kind === "undo" ? "Undo" : "Restore"}
      plan={plan}
      planError={planError}
      applying={applying}
      applyError={applyError}
      onApply={(reason, force) => void apply(reason, force)}
      onCancel={close}
    />
  ) : null;

  return {
    revert: useCallback((instance, record) => setFlow({ kind: "revert", instance, record }), []),
    restore: useCallback((id, name) => setFlow({ kind: "restore", id, name }), []),
    undo: useCallback((target, what) => setFlow({ kind: "undo", target, what }), []),
    putBackDialog: dialog,
  };
}
