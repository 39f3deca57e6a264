// Below 768 px the fleet feed is a list of cards instead of a table: one change per card, the
// summary and who · via · why wrapping freely instead of squeezed into a column.
import { Button, Typography } from "antd";
import { Link } from "react-router";
import type { HistoryRecord } from "../../../api/types";
import { formatDateTime, TimeAgo } from "../../../components/TimeAgo";
import { ChangeSummary, OperationTag } from "../changeSummary";
import { compareLink } from "../compare/compareLink";
import { Provenance } from "../Provenance";
import { RequestIdLink } from "../RequestIdLink";
import type { RowFilterLinks } from "./fleetFilters";

export function FeedCards({ items, empty, links, onUndo }: { items: HistoryRecord[]; empty: string; links: RowFilterLinks; onUndo?: (record: HistoryRecord) => void }) {
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
          <Provenance record={record} actorHref={links.actor} />
          <span className="timeline-meta">
            <TimeAgo value={record.operation_timestamp} />
            <span>{formatDateTime(record.operation_timestamp)}</span>
            {record.request_id && <RequestIdLink id={record.request_id} href={links.requestId(record.request_id)} short />}
            {record.operation_type !== "create" && (
              <Link to={compareLink(record.original_id, undefined, record.history_id)} aria-label={`Compare ${record.name} version ${record.version} with the previous version`}>
                Compare with previous
              </Link>
            )}
            {onUndo && (
              <Button size="small" className="touch-target" onClick={() => onUndo(record)}>
                Undo
              </Button>
            )}
          </span>
        </li>
      ))}
    </ul>
  );
}
