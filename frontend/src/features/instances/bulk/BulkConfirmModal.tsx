// Confirmation for a bulk change: first a dry run shows exactly what would change per instance,
// then "Apply" sends the same request for real, with the versions the user saw and the reason
// (one reason for the whole batch: every history record it writes carries it).
import { Alert, Button, Modal, Space, Spin, Tag, Typography } from "antd";
import { PlainList } from "../../../components/PlainList";
import { useEffect } from "react";
import { ApiError, describeError } from "../../../api/errors";
import { useBulkInstances } from "../../../api/instances";
import { withReason } from "../../../api/reason";
import type { BulkItem, Instance } from "../../../api/types";
import { useNotify } from "../../../app/useNotify";
import { usePermissions } from "../../../auth/AccessContext";
import { ReasonInput, useReasonInput } from "../../../components/ReasonField";
import { labelOf } from "../fields";
import { bulkRequestFor, type BulkAction } from "./bulkAction";

export interface BulkConfirmModalProps {
  action: BulkAction | null;
  /** Frozen when the dialog opens: what the user previews is exactly what gets applied. */
  selection: Instance[];
  onClose: () => void;
  onApplied: () => void;
  /** Called on 412 so the page can refetch the rows that changed. */
  onStale: () => void;
  /** Selected rows known to have been changed by someone else since they were selected. */
  changedMeanwhile?: Instance[];
  /** After a 412: take the rows' current versions and preview again (the user's explicit choice). */
  onRetake?: () => void;
}

function changeSummary(item: BulkItem, kind: BulkAction["kind"]): React.ReactNode {
  if (kind === "delete") return <Tag color="error">will be deleted</Tag>;
  if (!item.changed) return <Typography.Text type="secondary">already set — no change</Typography.Text>;
  const parts = Object.entries(item.changes)
    .filter(([field]) => field !== "updated_at" && field !== "version")
    .map(([field, change]) => `${labelOf(field)}: ${String(change.old ?? "—")} → ${String(change.new ?? "—")}`);
  return parts.join("; ");
}

export function BulkConfirmModal({ action, selection, onClose, onApplied, onStale, changedMeanwhile = [], onRetake }: BulkConfirmModalProps) {
  const preview = useBulkInstances();
  const apply = useBulkInstances();
  const notify = useNotify();
  const reason = useReasonInput(usePermissions().requireReason);
  const open = action !== null;
  const { clear: clearReason } = reason;

  // A new dialog starts without a reason; previewing again (after a 412) keeps the one typed.
  useEffect(() => {
    if (open) clearReason();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once per opening (clear is new every render)
  }, [open]);

  useEffect(() => {
    if (!action) return;
    preview.reset();
    apply.reset();
    preview.mutate(bulkRequestFor(action, selection, true), {
      onError: (error) => {
        if (error instanceof ApiError && error.status === 412) onStale();
      },
    });
    // Preview once per opened action; the selection is frozen while the dialog is open.
    // eslint-disable-next-line react-hooks/exhaustive-deps -- re-running on every render's new callbacks would preview again and again
  }, [action]);

  const run = async () => {
    if (!action) return;
    if (!reason.check()) return;
    try {
      // A dry run needs no reason; the real one carries it.
      const result = await apply.mutateAsync(withReason(bulkRequestFor(action, selection, false), reason.value));
      notify.success(
        action.kind === "delete"
          ? `Deleted ${result.changed_count} instance${result.changed_count === 1 ? "" : "s"}`
          : `Updated ${result.changed_count} instance${result.changed_count === 1 ? "" : "s"}${result.unchanged_count ? ` (${result.unchanged_count} already set)` : ""}`,
      );
      onApplied();
    } catch (error) {
      if (reason.takeServerError(error)) {
        apply.reset();
        return;
      }
      if (error instanceof ApiError && error.status === 412) onStale();
      notify.error("Bulk change failed; nothing was changed", error);
    }
  };

  const result = preview.data;
  const stale = preview.error instanceof ApiError && preview.error.status === 412;
  const title = action ? `${action.label}: ${selection.length} instance${selection.length === 1 ? "" : "s"}` : "";

  return (
    <Modal
      open={open}
      title={title}
      onCancel={onClose}
      destroyOnHidden
      width={680}
      footer={
        <Space>
          <Button onClick={onClose}>Cancel</Button>
          <Button
            type="primary"
            danger={action?.kind === "delete"}
            loading={apply.isPending}
            disabled={!result || (result.changed_count === 0 && action?.kind === "update")}
            onClick={() => void run()}
          >
            {action?.kind === "delete" ? `Delete ${selection.length}` : `Apply to ${result?.changed_count ?? 0}`}
          </Button>
        </Space>
      }
    >
      {preview.isPending && <Spin description="Previewing the change…"><div style={{ height: 64 }} /></Spin>}
      {preview.isError && (
        <Alert
          type="error"
          showIcon
          title={stale ? "Some selected instances changed since you selected them" : "The preview failed"}
          description={
            stale ? (
              <>
                Nothing was changed.{" "}
                {changedMeanwhile.length > 0
                  ? `Changed by someone else: ${changedMeanwhile.map((i) => i.name).join(", ")}. `
                  : `${describeError(preview.error)} `}
                Review the rows in the table, or apply this change on top of their current versions.
              </>
            ) : (
              describeError(preview.error)
            )
          }
          action={
            stale && onRetake ? (
              <Button size="small" onClick={onRetake}>
                Use current versions and preview again
              </Button>
            ) : undefined
          }
        />
      )}
      {apply.isError && <Alert type="error" showIcon style={{ marginBottom: 12 }} title="Nothing was changed" description={describeError(apply.error)} />}
      {result && (
        <>
          <Typography.Paragraph>
            {action?.kind === "delete"
              ? `${result.changed_count} instance(s) will be deleted. Their history stays readable.`
              : `${result.changed_count} instance(s) will change, ${result.unchanged_count} already have this value.`}
          </Typography.Paragraph>
          <PlainList
            bordered
            label="Preview of the changes"
            maxHeight={360}
            items={result.items}
            rowKey={(item) => item.id}
            empty="No instances"
            render={(item) => (
              <>
                <Typography.Text strong>{item.name}</Typography.Text>
                <span>{changeSummary(item, result.action)}</span>
              </>
            )}
          />
          <div style={{ marginTop: 12 }}>
            <ReasonInput
              {...reason.inputProps}
            />
          </div>
        </>
      )}
    </Modal>
  );
}
