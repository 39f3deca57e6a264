// Create / edit drawer. Create POSTs the full form; edit PUTs only the changed fields with the
// If-Match of the version the drawer opened (not a newer one fetched meanwhile), so a concurrent
// change always surfaces as a conflict dialog instead of a lost update. A live event about the
// instance never touches the form: it only raises the "changed by someone else" notice.
import { Alert, Button, Drawer, Form, Space } from "antd";
import { useEffect, useState } from "react";
import { ApiError } from "../../../api/errors";
import { useCreateInstance } from "../../../api/instances";
import { withReason } from "../../../api/reason";
import { isOwnRequest } from "../../../api/requestTracking";
import type { Instance } from "../../../api/types";
import { useNotify } from "../../../app/useNotify";
import { usePermissions } from "../../../auth/AccessContext";
import { ReasonFormItem } from "../../../components/ReasonField";
import { useLiveEvents } from "../../../live/LiveProvider";
import { OFFLINE_REASON, useConnectivity } from "../../../offline/connectivity";
import { summarizeRecord } from "../../history/diff/summarize";
import { useConflictAwareUpdate } from "../conflict/useConflictAwareUpdate";
import { emptyFormValues, toCreateBody, toFormValues, toUpdatePatch, type InstanceFormValues } from "./formValues";
import { InstanceFormFields } from "./InstanceFormFields";
import { applyServerErrors } from "./serverErrors";

export type EditorTarget = { mode: "create" } | { mode: "edit"; instance: Instance };

export interface InstanceFormDrawerProps {
  target: EditorTarget | null;
  onClose: () => void;
  /** Called after a successful create or save. */
  onSaved?: (instance: Instance, mode: EditorTarget["mode"]) => void;
}

/** A change someone else made to the instance after the form opened it. */
interface ForeignChange {
  version: number;
  summary: string;
  deleted: boolean;
}

export function InstanceFormDrawer({ target, onClose, onSaved }: InstanceFormDrawerProps) {
  const [form] = Form.useForm<InstanceFormValues>();
  const create = useCreateInstance();
  const { save, conflictModal } = useConflictAwareUpdate();
  const notify = useNotify();
  // The version the user is editing; replaced only when they choose "Reload latest".
  const [base, setBase] = useState<Instance | null>(null);
  const [formAlerts, setFormAlerts] = useState<string[]>([]);
  // Local "request in flight" flag for the submit button, owned by this drawer's own submit so
  // it is always cleared when that submit settles (including a conflict the user cancels).
  const [submitting, setSubmitting] = useState(false);
  const [foreignChange, setForeignChange] = useState<ForeignChange | null>(null);
  const { online } = useConnectivity();
  const { requireReason } = usePermissions();
  const open = target !== null;
  const mode = target?.mode ?? "create";

  // Live events only raise a notice; `base` (and so If-Match) stays the version the user opened.
  useLiveEvents((event) => {
    if (mode !== "edit" || !base || event.instance_id !== base.id || isOwnRequest(event.record.request_id)) return;
    const deleted = event.type === "instance.deleted";
    if (!deleted && event.record.version <= base.version) return;
    setForeignChange({ version: event.record.version, summary: summarizeRecord(event.record), deleted });
  });

  useEffect(() => {
    if (!target) return;
    const initial = target.mode === "edit" ? target.instance : null;
    setBase(initial);
    setForeignChange(null);
    setFormAlerts([]);
    setSubmitting(false);
    form.resetFields();
    form.setFieldsValue(initial ? toFormValues(initial) : emptyFormValues());
  }, [target, form]);

  const handleError = (error: unknown, what: string) => {
    if (error instanceof ApiError && (error.status === 422 || error.status === 409)) {
      setFormAlerts(applyServerErrors(form, error));
      return;
    }
    notify.error(what, error);
  };

  const submit = async (values: InstanceFormValues) => {
    setSubmitting(true);
    try {
      await submitValues(values);
    } finally {
      setSubmitting(false);
    }
  };

  const submitValues = async (values: InstanceFormValues) => {
    setFormAlerts([]);
    if (mode === "create") {
      try {
        const instance = await create.mutateAsync(withReason(toCreateBody(values), values.reason));
        notify.success(`Created “${instance.name}”`);
        onSaved?.(instance, "create");
        onClose();
      } catch (error) {
        handleError(error, "Could not create the instance");
      }
      return;
    }
    if (!base) return;
    const patch = toUpdatePatch(base, values);
    if (Object.keys(patch).length === 0) {
      notify.info("Nothing to save: no field was changed");
      onClose();
      return;
    }
    try {
      // The reason rides with the patch, so a resubmission after a conflict keeps it.
      const outcome = await save(base, withReason(patch, values.reason));
      if (outcome.kind === "saved") {
        onSaved?.(outcome.instance, "edit");
        onClose();
      } else if (outcome.kind === "reloaded") {
        setBase(outcome.instance);
        setForeignChange((change) => (change && change.version > outcome.instance.version ? change : null));
        form.setFieldsValue({ ...toFormValues(outcome.instance), reason: values.reason });
      }
    } catch (error) {
      handleError(error, `Could not save “${base.name}”`);
    }
  };

  const busy = submitting;
  const title = mode === "create" ? "New instance" : `Edit “${base?.name ?? ""}”`;

  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={title}
      size={560}
      destroyOnHidden
      footer={
        <Space style={{ display: "flex", justifyContent: "flex-end" }}>
          <Button onClick={onClose}>Cancel</Button>
          <Button type="primary" htmlType="submit" form="instance-form" loading={busy} disabled={!online} title={online ? undefined : OFFLINE_REASON}>
            {mode === "create" ? "Create" : "Save"}
          </Button>
        </Space>
      }
    >
      {formAlerts.length > 0 && (
        <Alert type="error" showIcon style={{ marginBottom: 16 }} title="The server rejected the change" description={formAlerts.join("; ")} />
      )}
      {foreignChange && base && mode === "edit" && (
        <Alert
          type="warning"
          showIcon
          role="alert"
          style={{ marginBottom: 16 }}
          title={foreignChange.deleted ? "Deleted by someone else since you opened it" : "Changed by someone else since you opened it"}
          description={
            foreignChange.deleted
              ? "Saving will fail: the instance no longer exists. Its history keeps the last state."
              : `Now version ${foreignChange.version} (${foreignChange.summary}). This form still edits version ${base.version}: saving shows both versions and asks before overwriting anything.`
          }
        />
      )}
      {base && mode === "edit" && (
        <Alert type="info" style={{ marginBottom: 16 }} title={`Editing version ${base.version}`} showIcon={false} />
      )}
      <Form<InstanceFormValues>
        id="instance-form"
        form={form}
        layout="vertical"
        requiredMark
        onFinish={(values) => void submit(values)}
        scrollToFirstError
      >
        <InstanceFormFields mode={mode} />
        <ReasonFormItem required={requireReason} />
      </Form>
      {conflictModal}
    </Drawer>
  );
}
