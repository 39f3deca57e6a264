// In-table editing of the fields changed most during incidents: replicas, status, priority.
// Each edit is an ordinary If-Match PUT through the page's conflict-aware save.
import { CheckOutlined, CloseOutlined, DownOutlined, EditOutlined } from "../../../components/icons";
import { Button, Dropdown, InputNumber, Space, Tooltip } from "antd";
import { useState } from "react";
import { PRIORITY_VALUES, STATUS_VALUES } from "../../../api/rules";
import type { Instance, InstanceUpdate, Priority, Status } from "../../../api/types";
import { PriorityTag, StatusTag } from "../../../components/EnumTag";
import { OFFLINE_REASON, useConnectivity } from "../../../offline/connectivity";
import { boundsOf } from "../form/fieldRules";

export type InlineSave = (instance: Instance, patch: InstanceUpdate) => Promise<boolean>;

/** `touch` makes every control at least 44 × 44 px (the mobile card list). */
interface InlineProps {
  instance: Instance;
  onSave: InlineSave;
  touch?: boolean;
}

export function InlineReplicas({ instance, onSave, touch = false }: InlineProps) {
  const touchClass = touch ? "touch-target" : undefined;
  // While editing, the instance as it was when the edit began: a live change by someone else
  // neither closes the editor nor moves its If-Match (saving then answers 412 → conflict dialog).
  const [base, setBase] = useState<Instance | null>(null);
  const editing = base !== null;
  const [value, setValue] = useState<number | null>(instance.replicas);
  const [busy, setBusy] = useState(false);
  const { online } = useConnectivity();
  const { min = 1, max = Number.MAX_SAFE_INTEGER } = boundsOf("replicas");
  const valid = value !== null && Number.isInteger(value) && value >= min && value <= max;
  const changedMeanwhile = base !== null && base.version !== instance.version;

  const start = () => {
    setValue(instance.replicas);
    setBase(instance);
  };
  const stop = () => setBase(null);
  const commit = async () => {
    if (!valid || !base) return;
    if (value === base.replicas) {
      stop();
      return;
    }
    setBusy(true);
    const saved = await onSave(base, { replicas: value });
    setBusy(false);
    if (saved) stop();
  };

  if (!editing) {
    return (
      <span className="inline-cell">
        <span>{instance.replicas}</span>
        <Tooltip title={online ? "Edit replicas" : OFFLINE_REASON}>
          <Button
            type="text"
            size="small"
            disabled={!online}
            className={touchClass}
            icon={<EditOutlined />}
            aria-label={`Edit replicas of ${instance.name}`}
            onClick={start}
          />
        </Tooltip>
      </span>
    );
  }
  return (
    <Space.Compact size="small">
      <InputNumber
        autoFocus
        size="small"
        precision={0}
        value={value}
        status={!valid ? "error" : changedMeanwhile ? "warning" : undefined}
        aria-label={`Replicas of ${instance.name}`}
        aria-invalid={!valid}
        aria-description={changedMeanwhile ? `Changed by someone else since you started editing (now ${instance.replicas})` : undefined}
        title={changedMeanwhile ? `Changed by someone else meanwhile: now ${instance.replicas} (v${instance.version})` : `${min}–${max}`}
        style={{ width: 72, ...(touch ? { minHeight: 44 } : {}) }}
        onChange={(v) => setValue(typeof v === "number" ? v : null)}
        onKeyDown={(event) => {
          if (event.key === "Enter") void commit();
          if (event.key === "Escape") {
            event.stopPropagation();
            stop();
          }
        }}
      />
      <Button
        size="small"
        className={touchClass}
        icon={<CheckOutlined />}
        aria-label="Save replicas"
        loading={busy}
        disabled={!valid}
        onClick={() => void commit()}
      />
      <Button size="small" className={touchClass} icon={<CloseOutlined />} aria-label="Cancel editing replicas" onClick={stop} />
    </Space.Compact>
  );
}

function EnumPicker<T extends string>({
  instance,
  field,
  values,
  current,
  renderTag,
  onSave,
  touch,
}: {
  touch?: boolean;
  instance: Instance;
  field: "status" | "priority";
  values: readonly T[];
  current: T;
  renderTag: (value: T) => React.ReactNode;
  onSave: InlineSave;
}) {
  const [busy, setBusy] = useState(false);
  const { online } = useConnectivity();
  return (
    <Dropdown
      trigger={["click"]}
      autoFocus
      disabled={busy || !online}
      menu={{
        selectable: true,
        selectedKeys: [current],
        items: values.map((value) => ({ key: value, label: renderTag(value) })),
        onClick: async ({ key }) => {
          if (key === current || !online) return;
          setBusy(true);
          await onSave(instance, { [field]: key } as InstanceUpdate);
          setBusy(false);
        },
      }}
    >
      <Button type="text" size="small" className={touch ? "touch-target" : undefined} loading={busy} disabled={!online} title={online ? undefined : OFFLINE_REASON} aria-label={`${field === "status" ? "Status" : "Priority"} of ${instance.name}: ${current}. Change`}>
        {renderTag(current)}
        <DownOutlined aria-hidden style={{ fontSize: 10 }} />
      </Button>
    </Dropdown>
  );
}

export function InlineStatus({ instance, onSave, touch }: InlineProps) {
  return (
    <EnumPicker<Status>
      instance={instance}
      field="status"
      values={STATUS_VALUES}
      current={instance.status}
      renderTag={(s) => <StatusTag status={s} />}
      onSave={onSave}
      touch={touch}
    />
  );
}

export function InlinePriority({ instance, onSave, touch }: InlineProps) {
  return (
    <EnumPicker<Priority>
      instance={instance}
      field="priority"
      values={PRIORITY_VALUES}
      current={instance.priority}
      renderTag={(p) => <PriorityTag priority={p} />}
      onSave={onSave}
      touch={touch}
    />
  );
}
