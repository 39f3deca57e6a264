// Shown when a save fails with 412: someone else changed the instance after the user loaded it.
// The user sees exactly what changed meanwhile next to their own change and decides — the app
// never silently overwrites (or silently drops) anyone's edit.
import { Alert, Button, Modal, Table, Tag, Typography } from "antd";
import type { Instance, InstanceUpdate } from "../../../api/types";
import { labelOf } from "../fields";
import { conflictRows, type ConflictRow } from "./conflictRows";

export interface ConflictModalProps {
  open: boolean;
  base: Instance;
  current: Instance | undefined;
  patch: InstanceUpdate;
  busy: boolean;
  onReload: () => void;
  onOverwrite: () => void;
  onCancel: () => void;
}

function show(value: unknown) {
  if (value === null || value === undefined || value === "") return <Typography.Text type="secondary">—</Typography.Text>;
  return String(value);
}

export function ConflictModal({ open, base, current, patch, busy, onReload, onOverwrite, onCancel }: ConflictModalProps) {
  const rows = conflictRows(base, current, patch);
  return (
    <Modal
      open={open}
      title={`“${base.name}” was changed by someone else`}
      onCancel={onCancel}
      width={720}
      destroyOnHidden
      footer={[
        <Button key="cancel" onClick={onCancel} disabled={busy}>
          Keep editing
        </Button>,
        <Button key="reload" onClick={onReload} disabled={busy || !current}>
          Reload latest (discard mine)
        </Button>,
        <Button key="overwrite" type="primary" danger onClick={onOverwrite} loading={busy} disabled={!current}>
          Overwrite with my changes
        </Button>,
      ]}
    >
      <Alert
        type="warning"
        showIcon
        style={{ marginBottom: 16 }}
        title={
          current
            ? `You edited version ${base.version}; the server now has version ${current.version}.`
            : "Loading the current version…"
        }
        description="Overwrite applies only the fields you changed on top of the current version. Reload discards your changes."
      />
      {patch.reason && (
        <Typography.Paragraph>
          Your reason, kept when you overwrite: <q>{patch.reason}</q>
        </Typography.Paragraph>
      )}
      <Table<ConflictRow>
        size="small"
        pagination={false}
        rowKey="field"
        dataSource={rows}
        aria-label="Differences between your version and the current one"
        columns={[
          {
            title: "Field",
            dataIndex: "field",
            render: (_v, row) => (
              <>
                {labelOf(row.field)}{" "}
                {row.changedByMe && row.changedMeanwhile ? <Tag color="error">both changed</Tag> : null}
              </>
            ),
          },
          { title: `You opened (v${base.version})`, dataIndex: "base", render: show },
          {
            title: current ? `Now on server (v${current.version})` : "Now on server",
            dataIndex: "current",
            render: (value, row) => (row.changedMeanwhile ? <Typography.Text strong>{show(value)}</Typography.Text> : show(value)),
          },
          { title: "Your change", dataIndex: "mine", render: (value, row) => (row.changedByMe ? show(value) : "(unchanged)") },
        ]}
      />
    </Modal>
  );
}
