// Delete with a confirmation naming the instance. Sends If-Match so deleting something that
// changed since it was displayed fails (412) instead of destroying a state nobody reviewed.
import { useQueryClient } from "@tanstack/react-query";
import { App, Typography } from "antd";
import { useCallback } from "react";
import { ApiError } from "../../api/errors";
import { invalidateAfterInstanceChange, useDeleteInstance } from "../../api/instances";
import type { Instance } from "../../api/types";
import { useNotify } from "../../app/useNotify";

export function useConfirmDelete() {
  const { modal } = App.useApp();
  const remove = useDeleteInstance();
  const notify = useNotify();
  const queryClient = useQueryClient();

  return useCallback(
    (instance: Instance, onDeleted?: () => void) => {
      modal.confirm({
        title: `Delete instance “${instance.name}”?`,
        content: (
          <Typography.Paragraph>
            This removes <strong>{instance.name}</strong> ({instance.model_name} on {instance.cluster_name}). Its
            history stays readable.
          </Typography.Paragraph>
        ),
        okText: "Delete",
        okButtonProps: { danger: true },
        cancelText: "Cancel",
        autoFocusButton: "cancel",
        onOk: async () => {
          try {
            await remove.mutateAsync({ id: instance.id, version: instance.version });
            notify.success(`Deleted “${instance.name}”`);
            onDeleted?.();
          } catch (error) {
            if (error instanceof ApiError && error.status === 412) {
              invalidateAfterInstanceChange(queryClient, instance.id);
              notify.error(`“${instance.name}” changed since you loaded it; nothing was deleted. Review it and try again.`, error);
            } else {
              notify.error(`Could not delete “${instance.name}”`, error);
            }
          }
        },
      });
    },
    [modal, remove, notify, queryClient],
  );
}
