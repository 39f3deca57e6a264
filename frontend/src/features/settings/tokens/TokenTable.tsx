// Every token ever made (revoked and expired ones stay: their names are the actors of the
// history they wrote), with revoke behind a confirmation.
import { StopOutlined } from "../../../components/icons";
import { App, Button, Table, Tooltip, Typography } from "antd";
import { SolidTag, TAG_COLOURS } from "../../../components/EnumTag";
import { useRevokeToken } from "../../../api/tokens";
import type { ApiToken } from "../../../api/types";
import { useNotify } from "../../../app/useNotify";
import { formatDateTime, TimeAgo } from "../../../components/TimeAgo";

const STATE_COLOURS = { active: "green", expired: "grey", revoked: "red" } as const satisfies Record<ApiToken["state"], keyof typeof TAG_COLOURS>;

function When({ value, none }: { value: string | null; none: string }) {
  return value ? <TimeAgo value={value} /> : <Typography.Text type="secondary">{none}</Typography.Text>;
}

export function TokenTable({ tokens, loading, currentTokenId }: { tokens: ApiToken[]; loading: boolean; currentTokenId?: number }) {
  const { modal } = App.useApp();
  const revoke = useRevokeToken();
  const notify = useNotify();

  const confirmRevoke = (token: ApiToken) => {
    const own = token.id === currentTokenId;
    modal.confirm({
      title: `Revoke token “${token.name}”?`,
      content: (
        <>
          <Typography.Paragraph>
            Everything using it stops working at once, live streams included. It stays listed as revoked, so the history it
            wrote keeps its author.
          </Typography.Paragraph>
          {own && <Typography.Paragraph strong>This is the token you are signed in with: you will be signed out.</Typography.Paragraph>}
        </>
      ),
      okText: "Revoke",
      okButtonProps: { danger: true },
      cancelText: "Cancel",
      autoFocusButton: "cancel",
      onOk: async () => {
        try {
          await revoke.mutateAsync(token.id);
          notify.success(`Revoked “${token.name}”`);
        } catch (error) {
          notify.error(`Could not revoke “${token.name}”`, error);
        }
      },
    });
  };

  return (
    <div style={{ overflowX: "auto" }}>
      <Table<ApiToken>
        rowKey="id"
        size="small"
        aria-label="API tokens"
        dataSource={tokens}
        loading={loading}
        pagination={false}
        locale={{ emptyText: loading ? " " : "No API tokens yet: make one above." }}
        columns={[
          {
            title: "Name",
            dataIndex: "name",
            render: (name: string, token) => (
              <span style={{ whiteSpace: "nowrap" }}>
                {name}
                {token.id === currentTokenId && (
                  <Typography.Text type="secondary"> (you)</Typography.Text>
                )}
              </span>
            ),
          },
          { title: "Role", dataIndex: "role" },
          {
            title: "State",
            dataIndex: "state",
            render: (state: ApiToken["state"]) => (
              <SolidTag colour={STATE_COLOURS[state]} data-state={state}>
                {state}
              </SolidTag>
            ),
          },
          { title: "Prefix", dataIndex: "prefix", render: (prefix: string) => <code>{prefix}…</code> },
          { title: "Created by", dataIndex: "created_by" },
          { title: "Created", dataIndex: "created_at", render: (value: string) => <span style={{ whiteSpace: "nowrap" }}>{formatDateTime(value)}</span> },
          {
            title: "Expires",
            dataIndex: "expires_at",
            render: (value: string | null) =>
              value ? <span style={{ whiteSpace: "nowrap" }}>{formatDateTime(value)}</span> : <Typography.Text type="secondary">never</Typography.Text>,
          },
          { title: "Last used", dataIndex: "last_used_at", render: (value: string | null) => <When value={value} none="never" /> },
          {
            title: <span className="sr-only">Actions</span>,
            key: "actions",
            render: (_v, token) =>
              token.state === "revoked" ? null : (
                <Tooltip title={`Revoke ${token.name}`}>
                  <Button type="text" size="small" danger icon={<StopOutlined aria-hidden />} aria-label={`Revoke ${token.name}`} onClick={() => confirmRevoke(token)} />
                </Tooltip>
              ),
          },
        ]}
      />
    </div>
  );
}
