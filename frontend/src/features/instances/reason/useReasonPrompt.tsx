// Inline edits (replicas, status, priority in the table) send no reason unless the server
// requires one; then this small dialog asks for it before anything is sent.
import { Button, Modal, Typography } from "antd";
import { useCallback, useState, type ReactNode } from "react";
import type { Instance, InstanceUpdate } from "../../../api/types";
import { missingReason, REASON_REQUIRED_MESSAGE, ReasonInput } from "../../../components/ReasonField";
import { labelOf } from "../fields";

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

function ReasonPromptDialog({ pending, onDone }: { pending: PendingPrompt; onDone: (reason: string | null) => void }) {
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | undefined>();
  const submit = () => {
    if (missingReason(reason, true)) setError(REASON_REQUIRED_MESSAGE);
    else onDone(reason);
  };
  return (
    <Modal
      open
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
      <ReasonInput
        value={reason}
        onChange={(value) => {
          setReason(value);
          setError(undefined);
        }}
        required
        error={error}
        autoFocus
      />
    </Modal>
  );
}

/** `askReason` resolves with the reason, or null when the user cancels; render `reasonPrompt` once. */
export function useReasonPrompt(): { askReason: (instance: Instance, patch: InstanceUpdate) => Promise<string | null>; reasonPrompt: ReactNode } {
  const [pending, setPending] = useState<PendingPrompt | null>(null);
  const askReason = useCallback(
    (instance: Instance, patch: InstanceUpdate) => new Promise<string | null>((resolve) => setPending({ instance, patch, resolve })),
    [],
  );
  const reasonPrompt = pending ? (
    <ReasonPromptDialog
      pending={pending}
      onDone={(reason) => {
        pending.resolve(reason);
        setPending(null);
      }}
    />
  ) : null;
  return { askReason, reasonPrompt };
}
