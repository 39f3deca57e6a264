// Delete with a confirmation naming the instance and asking why (the reason travels in the
// X-Change-Reason header, a DELETE having no body). Sends If-Match so deleting something that
// changed since it was displayed fails (412) instead of destroying a state nobody reviewed.
import { useQueryClient } from "@tanstack/react-query";
import { Button, Modal, Typography } from "antd";
import { useCallback, type ReactNode } from "react";
import { ApiError } from "../../api/errors";
import { invalidateAfterInstanceChange, useDeleteInstance } from "../../api/instances";
import type { Instance } from "../../api/types";
import { useNotify } from "../../app/useNotify";
import { usePermissions } from "../../auth/AccessContext";
import { ReasonInput, useReasonInput } from "../../components/ReasonField";
import { useDialog } from "../../components/useDialog";

interface PendingDelete {
  instance: Instance;
  onDeleted?: () => void;
}

function DeleteInstanceDialog({ pending, open, onClose }: { pending: PendingDelete; open: boolean; onClose: () => void }) {
  const { instance, onDeleted } = pending;
  const remove = useDeleteInstance();
  const notify = useNotify();
  const queryClient = useQueryClient();
  const reason = useReasonInput(usePermissions().requireReason);

  const confirm = async () => {
    if (!reason.check()) return;
    try {
      await remove.mutateAsync({ id: instance.id, version: instance.version, reason: reason.value });
      notify.success(`Deleted “${instance.name}”`);
      onClose();
      onDeleted?.();
    } catch (error) {
      if (reason.takeServerError(error)) return;
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
      open={open}
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
        {...reason.inputProps}
      />
    </Modal>
  );
}

/** `confirmDelete(instance)` opens the dialog; render `deleteDialog` once in the page. */
export function useConfirmDelete(): { confirmDelete: (instance: Instance, onDeleted?: () => void) => void; deleteDialog: ReactNode } {
  const dialog = useDialog<PendingDelete>();
  const { show } = dialog;
  const confirmDelete = useCallback((instance: Instance, onDeleted?: () => void) => show({ instance, onDeleted }), [show]);
  const deleteDialog = dialog.payload ? <DeleteInstanceDialog key={dialog.key} pending={dialog.payload} open={dialog.open} onClose={dialog.hide} /> : null;
  return { confirmDelete, deleteDialog };
}
