// Below 768 px the fleet feed is a list of cards instead of a table: one change per card, the
// summary wrapping freely instead of squeezed into a column.
import { Typography } from "antd";
import { Link } from "react-router";
import type { HistoryRecord } from "../../../api/types";
import { formatDateTime, TimeAgo } from "../../../components/TimeAgo";
import { ChangeSummary, OperationTag } from "../changeSummary";
import { compareLink } from "../compare/compareLink";

export function FeedCards({ items, empty }: { items: HistoryRecord[]; empty: string }) {
  if (items.length === 0) return <p className="plain-list-empty">{empty}</p>;
  return (
    <ul className="plain-list plain-list-bordered feed-cards" aria-label="History records">
      {items.map((record) => (
        <li key={record.history_id} className="feed-card">
          <span className="op-line">
            <OperationTag operation={record.operation_type} />
            <Link to={`/instances/${record.original_id}`}>{record.name}</Link>
            <Typography.Text type="secondary">
              #{record.original_id} · v{record.version}
            </Typography.Text>
          </span>
          <ChangeSummary record={record} max={6} />
          <span className="timeline-meta">
            <TimeAgo value={record.operation_timestamp} />
            <span>{formatDateTime(record.operation_timestamp)}</span>
            {record.operation_type !== "create" && (
              <Link to={compareLink(record.original_id, undefined, record.history_id)} aria-label={`Compare ${record.name} version ${record.version} with the previous version`}>
                Compare with previous
              </Link>
            )}
          </span>
        </li>
      ))}
    </ul>
  );
}
