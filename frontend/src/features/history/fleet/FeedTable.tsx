// The fleet feed as a table (768 px and wider): one row per change with who · via · why, linking
// to its instance and to "compare with previous"; an actor or a request id filters the feed; an
// editor can undo a change from its row.
import { Button, Space, Table, Typography } from "antd";
import { Link } from "react-router";
import type { HistoryRecord, OperationType } from "../../../api/types";
import { formatDateTime, TimeAgo } from "../../../components/TimeAgo";
import { ChangeSummary, OperationTag } from "../changeSummary";
import { compareLink } from "../compare/compareLink";
import { Provenance } from "../Provenance";
import { RequestIdLink } from "../RequestIdLink";
import type { RowFilterLinks } from "./fleetFilters";

export interface FeedTableProps {
  items: HistoryRecord[];
  loading: boolean;
  empty: string;
  links: RowFilterLinks;
  /** Offers "Undo" on every row (editors). */
  onUndo?: (record: HistoryRecord) => void;
}

export function FeedTable({ items, loading, empty, links, onUndo }: FeedTableProps) {
  return (
    <div style={{ overflowX: "auto" }}>
      <Table<HistoryRecord>
        rowKey="history_id"
        size="small"
        aria-label="History records"
        dataSource={items}
        loading={loading}
        pagination={false}
        locale={{ emptyText: empty }}
        columns={[
          {
            title: "When",
            dataIndex: "operation_timestamp",
            width: 170,
            render: (value: string) => (
              <span className="when-cell">
                <TimeAgo value={value} />
                <Typography.Text type="secondary">{formatDateTime(value)}</Typography.Text>
              </span>
            ),
          },
          { title: "Operation", dataIndex: "operation_type", width: 100, render: (op: OperationType) => <OperationTag operation={op} /> },
          {
            title: "Instance",
            dataIndex: "name",
            render: (name: string, record) => (
              <span style={{ whiteSpace: "nowrap" }}>
                <Link to={`/instances/${record.original_id}`}>{name}</Link>{" "}
                <Typography.Text type="secondary">#{record.original_id}</Typography.Text>
              </span>
            ),
          },
          { title: "Change", key: "changes", render: (_v, record) => <ChangeSummary record={record} /> },
          {
            title: "Who · via · why",
            key: "provenance",
            width: 240,
            render: (_v, record) => <Provenance record={record} actorHref={links.actor} clamp />,
          },
          { title: "Version", dataIndex: "version", width: 80 },
          {
            title: "Request",
            dataIndex: "request_id",
            render: (id: string | null) => (id ? <RequestIdLink id={id} href={links.requestId(id)} short /> : "—"),
          },
          {
            title: <span className="sr-only">Actions</span>,
            key: "compare",
            render: (_v, record) => (
              <Space size={12}>
                {record.operation_type !== "create" && (
                  <Link to={compareLink(record.original_id, undefined, record.history_id)} aria-label={`Compare ${record.name} version ${record.version} with the previous version`}>
                    Compare with previous
                  </Link>
                )}
                {onUndo && (
                  <Button size="small" onClick={() => onUndo(record)}>
                    Undo
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
    </div>
  );
}
