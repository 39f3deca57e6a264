// Actions on the explicitly selected rows. There is deliberately no "select all matching":
// a bulk change names every instance it touches.
import { DeleteOutlined, DownOutlined } from "../../../components/icons";
import { Button, Dropdown, Space, theme, Tooltip, Typography } from "antd";
import { BULK_MAX_IDS, PRIORITY_VALUES, STATUS_VALUES } from "../../../api/rules";
import { OFFLINE_REASON, useConnectivity } from "../../../offline/connectivity";
import type { BulkAction } from "./bulkAction";

export function BulkBar({
  count,
  changedByOthers = 0,
  onAction,
  onClear,
}: {
  count: number;
  /** Selected rows someone else changed since they were selected. */
  changedByOthers?: number;
  onAction: (action: BulkAction) => void;
  onClear: () => void;
}) {
  const { token } = theme.useToken();
  const { online } = useConnectivity();
  if (count === 0) return null;
  const tooMany = count > BULK_MAX_IDS;
  const reason = !online ? OFFLINE_REASON : tooMany ? `At most ${BULK_MAX_IDS} instances per bulk change` : undefined;
  const blocked = tooMany || !online;
  return (
    <section className="bulk-bar" aria-label="Bulk actions" style={{ background: token.colorPrimaryBg }}>
      <Typography.Text strong role="status">
        {count} selected
        {changedByOthers > 0 && ` · ${changedByOthers} changed by someone else since you selected ${changedByOthers === 1 ? "it" : "them"}`}
      </Typography.Text>
      <Tooltip title={reason}>
        <Space wrap>
          <Dropdown
            disabled={blocked}
            trigger={["click"]}
            autoFocus
            menu={{
              items: STATUS_VALUES.map((s) => ({ key: s, label: s })),
              onClick: ({ key }) => onAction({ kind: "update", patch: { status: key as (typeof STATUS_VALUES)[number] }, label: `Set status to ${key}` }),
            }}
          >
            <Button>
              Set status <DownOutlined aria-hidden />
            </Button>
          </Dropdown>
          <Dropdown
            disabled={blocked}
            trigger={["click"]}
            autoFocus
            menu={{
              items: PRIORITY_VALUES.map((p) => ({ key: p, label: p })),
              onClick: ({ key }) => onAction({ kind: "update", patch: { priority: key as (typeof PRIORITY_VALUES)[number] }, label: `Set priority to ${key}` }),
            }}
          >
            <Button>
              Set priority <DownOutlined aria-hidden />
            </Button>
          </Dropdown>
          <Button danger icon={<DeleteOutlined />} disabled={blocked} onClick={() => onAction({ kind: "delete", label: "Delete" })}>
            Delete selected
          </Button>
        </Space>
      </Tooltip>
      <Button type="link" onClick={onClear}>
        Clear selection
      </Button>
    </section>
  );
}
