// Delete with a confirmation naming the instance and asking why (the reason travels in the
// X-Change-Reason header, a DELETE having no body). Sends If-Match so deleting something that
// changed since it was displayed fails (412) instead of destroying a state nobody reviewed.
import { useQueryClient } from "@tanstack/react-query";
import { Button, Modal, Typography } from "antd";
import { useCallback, useState, type ReactNode } from "react";
import { ApiError } from "../../api/errors";
import { invalidateAfterInstanceChange, useDeleteInstance } from "../../api/instances";
import type { Instance } from "../../api/types";
import { useNotify } from "../../app/useNotify";
import { usePermissions } from "../../auth/AccessContext";
import { missingReason, REASON_REQUIRED_MESSAGE, reasonErrorOf, ReasonInput } from "../../components/ReasonField";

interface PendingDelete {
  instance: Instance;
  onDeleted?: () => void;
}

function DeleteInstanceDialog({ pending, onClose }: { pending: PendingDelete; onClose: () => void }) {
  const { instance, onDeleted } = pending;
  const remove = useDeleteInstance();
  const notify = useNotify();
  const queryClient = useQueryClient();
  const { requireReason } = usePermissions();
  const [reason, setReason] = useState("");
  const [reasonError, setReasonError] = useState<string | undefined>();

  const confirm = async () => {
    if (missingReason(reason, requireReason)) {
      setReasonError(REASON_REQUIRED_MESSAGE);
      return;
    }
    try {
      await remove.mutateAsync({ id: instance.id, version: instance.version, reason });
      notify.success(`Deleted “${instance.name}”`);
      onClose();
      onDeleted?.();
    } catch (error) {
      const aboutReason = reasonErrorOf(error);
      if (aboutReason) {
        setReasonError(aboutReason);
        return;
      }
      onClose();
      if (error instanceof ApiError && error.status === 412) {
        invalidateAfterInstanceChange(queryClient, instance.id);
        notify.error(`“${instance.name}” changed since you loaded it; nothing was deleted. Review it and try again.`, error);
      } else {
        notify.error(`Could not delete “${instance.name}”`, error);
      }
    }
  };

  return (
    <Modal
      open
      title={`Delete instance “${instance.name}”?`}
      onCancel={onClose}
      destroyOnHidden
      footer={[
        <Button key="cancel" onClick={onClose} autoFocus>
          Cancel
        </Button>,
        <Button key="delete" type="primary" danger loading={remove.isPending} onClick={() => void confirm()}>
          Delete
        </Button>,
      ]}
    >
      <Typography.Paragraph>
        This removes <strong>{instance.name}</strong> ({instance.model_name} on {instance.cluster_name}). Its history stays
        readable.
      </Typography.Paragraph>
      <ReasonInput
        value={reason}
        onChange={(value) => {
          setReason(value);
          setReasonError(undefined);
        }}
        required={requireReason}
        error={reasonError}
      />
    </Modal>
  );
}

/** `confirmDelete(instance)` opens the dialog; render `deleteDialog` once in the page. */
export function useConfirmDelete(): { confirmDelete: (instance: Instance, onDeleted?: () => void) => void; deleteDialog: ReactNode } {
  const [pending, setPending] = useState<PendingDelete | null>(null);
  const confirmDelete = useCallback((instance: Instance, onDeleted?: () => void) => setPending({ instance, onDeleted }), []);
  const deleteDialog = pending ? <DeleteInstanceDialog key={pending.instance.id} pending={pending} onClose={() => setPending(null)} /> : null;
  return { confirmDelete, deleteDialog };
}
