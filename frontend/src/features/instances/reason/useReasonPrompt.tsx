// Inline edits (replicas, status, priority in the table) send no reason unless the server
// requires one; then this small dialog asks for it before anything is sent.
import { Button, Modal, Typography } from "antd";
import { useCallback, type ReactNode } from "react";
import type { Instance, InstanceUpdate } from "../../../api/types";
import { ReasonInput, useReasonInput } from "../../../components/ReasonField";
import { labelOf } from "../fields";
import { useDialog } from "../../../components/useDialog";

interface PendingPrompt {
  instance: Instance;
  patch: InstanceUpdate;
  resolve: (reason: string | null) => void;
}

function describePatch(instance: Instance, patch: InstanceUpdate): string {
  return Object.entries(patch)
    .filter(([field]) => field !== "reason")
    .map(([field, value]) => `${labelOf(field)}: ${String(instance[field as keyof Instance] ?? "—")} → ${String(value ?? "—")}`)
    .join("; ");
}

function ReasonPromptDialog({ pending, open, onDone }: { pending: PendingPrompt; open: boolean; onDone: (reason: string | null) => void }) {
  const reason = useReasonInput(true);
  const submit = () => {
    if (reason.check()) onDone(reason.value);
  };
  return (
    <Modal
      open={open}
      title={`Why change “${pending.instance.name}”?`}
      onCancel={() => onDone(null)}
      destroyOnHidden
      footer={[
        <Button key="cancel" onClick={() => onDone(null)}>
          Cancel
        </Button>,
        <Button key="save" type="primary" onClick={submit}>
          Save
        </Button>,
      ]}
    >
      <Typography.Paragraph>{describePatch(pending.instance, pending.patch)}</Typography.Paragraph>
      <ReasonInput {...reason.inputProps} autoFocus />
    </Modal>
  );
}

/** `askReason` resolves with the reason, or null when the user cancels; render `reasonPrompt` once. */
export function useReasonPrompt(): { askReason: (instance: Instance, patch: InstanceUpdate) => Promise<string | null>; reasonPrompt: ReactNode } {
  const dialog = useDialog<PendingPrompt>();
  const { show } = dialog;
  const askReason = useCallback(
    (instance: Instance, patch: InstanceUpdate) => new Promise<string | null>((resolve) => show({ instance, patch, resolve })),
    [show],
  );
  const pending = dialog.payload;
  const reasonPrompt = pending ? (
    <ReasonPromptDialog
      key={dialog.key}
      pending={pending}
      open={dialog.open}
      onDone={(reason) => {
        pending.resolve(reason);
        dialog.hide();
      }}
    />
  ) : null;
  return { askReason, reasonPrompt };
}
