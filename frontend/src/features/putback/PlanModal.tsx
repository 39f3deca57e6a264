// The one dialog for putting things back (revert a version, restore a deleted instance, undo a
// change or a batch): it shows the server's dry-run plan, asks for a reason (required when the
// server says so) and applies only what was shown. Conflicts — instances changed since the batch
// touched them — are listed, and applying over them takes an explicit "anyway" choice.
import { Alert, Checkbox, Modal, Skeleton, Typography } from "antd";
import { useState } from "react";
import { describeError } from "../../api/errors";
import { usePermissions } from "../../auth/AccessContext";
import { ReasonInput, reasonErrorOf, useReasonInput } from "../../components/ReasonField";
import { PlanList, type PlanEntry } from "./PlanList";

export interface Plan {
  entries: PlanEntry[];
  /** Why nothing can be applied (e.g. "nothing would change"), shown instead of the button. */
  blocked?: string;
}

export interface PlanModalProps {
  /** Kept mounted while closed (a new key per opening): the dialog hands focus back on closing. */
  open: boolean;
  title: string;
  /** One sentence above the plan: what this does. */
  intro: string;
  confirmLabel: string;
  plan: Plan | undefined;
  /** The dry run failed (e.g. 409: the name is taken, 422: nothing to revert). */
  planError: unknown;
  applying: boolean;
  applyError: unknown;
  /** Rejects with the failure when applying failed. */
  onApply: (reason: string, force: boolean) => Promise<void>;
  onCancel: () => void;
  afterClose?: () => void;
}

export function PlanModal({ open, title, intro, confirmLabel, plan, planError, applying, applyError, onApply, onCancel, afterClose }: PlanModalProps) {
  const reason = useReasonInput(usePermissions().requireReason);
  const [force, setForce] = useState(false);
  const conflicts = plan?.entries.filter((entry) => entry.conflict) ?? [];
  const ready = plan !== undefined && !plan.blocked && !planError;
  const apply = async () => {
    if (!reason.check()) return;
    // The server's complaint about the reason goes to the field; other failures show below.
    await onApply(reason.value, force).catch((failure: unknown) => reason.takeServerError(failure));
  };

  return (
    <Modal
      open={open}
      title={title}
      onCancel={onCancel}
      afterClose={afterClose}
      onOk={() => void apply()}
      okText={conflicts.length > 0 ? `${confirmLabel} anyway` : confirmLabel}
      okButtonProps={{ disabled: !ready || (conflicts.length > 0 && !force), loading: applying }}
      cancelText="Cancel"
      width={720}
      destroyOnHidden
    >
      <Typography.Paragraph>{intro}</Typography.Paragraph>
      {planError ? (
        <Alert type="error" showIcon title="This cannot be put back" description={describeError(planError)} />
      ) : !plan ? (
        <div role="status" aria-label="Working out the plan">
          <Skeleton active paragraph={{ rows: 3 }} />
        </div>
      ) : (
        <>
          {plan.blocked && <Alert type="info" showIcon title={plan.blocked} style={{ marginBottom: 12 }} />}
          {conflicts.length > 0 && (
            <Alert
              type="warning"
              showIcon
              style={{ marginBottom: 12 }}
              title={`${conflicts.length} instance${conflicts.length === 1 ? " has" : "s have"} changed since`}
              description={
                <>
                  <p style={{ margin: "0 0 8px" }}>Putting {conflicts.length === 1 ? "it" : "them"} back overwrites those later changes.</p>
                  <Checkbox checked={force} onChange={(event) => setForce(event.target.checked)}>
                    Overwrite the later changes too
                  </Checkbox>
                </>
              }
            />
          )}
          <PlanList entries={plan.entries} />
          {ready && (
            <ReasonInput {...reason.inputProps} />
          )}
        </>
      )}
      {applyError && !reasonErrorOf(applyError) ? (
        <Alert type="error" showIcon title="Nothing was changed" description={describeError(applyError)} style={{ marginTop: 12 }} />
      ) : null}
    </Modal>
  );
}
