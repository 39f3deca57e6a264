// One change in an instance's timeline: operation, version, what changed with typed diffs, who
// made it through what and why, when (relative and absolute) and the request that made it (a link
// to everything that request changed); for a revert, restore or undo, the record it put back.
import { Button, Checkbox, Typography } from "antd";
import { Link } from "react-router";
import type { HistoryRecord } from "../../../api/types";
import { formatDateTime, TimeAgo } from "../../../components/TimeAgo";
import { ChangeSummary, OperationTag } from "../changeSummary";
import { compareLink } from "../compare/compareLink";
import { fleetLink } from "../fleet/fleetFilters";
import { Provenance } from "../Provenance";
import { RequestIdLink } from "../RequestIdLink";

export interface TimelineEntryProps {
  record: HistoryRecord;
  /** The entry just below (older), when loaded: "compare with previous" links to it directly. */
  previous: HistoryRecord | undefined;
  selected: boolean;
  onSelect: (record: HistoryRecord, selected: boolean) => void;
  /** Arrived live a moment ago: slides in. */
  fresh: boolean;
  /** Offers "Restore this version" (editors, on a live instance, for any version but its current one). */
  onRestore?: (record: HistoryRecord) => void;
}

export function TimelineEntry({ record, previous, selected, onSelect, fresh, onRestore }: TimelineEntryProps) {
  const what = `version ${record.version} (${record.operation_type})`;
  return (
    <div className={`timeline-entry timeline-${record.operation_type}${fresh ? " timeline-fresh" : ""}`} data-history-id={record.history_id}>
      <Checkbox
        checked={selected}
        onChange={(event) => onSelect(record, event.target.checked)}
        aria-label={`Select ${what} for comparison`}
        className="timeline-check"
      />
      <div className="timeline-body">
        <div className="op-line">
          <OperationTag operation={record.operation_type} />
          <Typography.Text strong>v{record.version}</Typography.Text>
          <ChangeSummary record={record} max={6} />
        </div>
        <Provenance record={record} actorHref={(actor) => fleetLink({ actors: [actor] })} />
        <div className="timeline-meta">
          <TimeAgo value={record.operation_timestamp} />
          <span>{formatDateTime(record.operation_timestamp)}</span>
          {record.request_id ? (
            <RequestIdLink id={record.request_id} href={fleetLink({ requestIds: [record.request_id] })} />
          ) : (
            <Typography.Text type="secondary">no request id</Typography.Text>
          )}
          {record.operation_type !== "create" && (
            <Link to={compareLink(record.original_id, previous?.history_id, record.history_id)} aria-label={`Compare ${what} with the previous version`}>
              Compare with previous
            </Link>
          )}
          {record.reverted_from != null && (
            // A revert, restore or undo: what it put back, side by side with what it wrote.
            <Link to={compareLink(record.original_id, record.reverted_from, record.history_id)}>
              Compare with the record it restored (#{record.reverted_from})
            </Link>
          )}
          {onRestore && record.operation_type !== "delete" && (
            <Button size="small" onClick={() => onRestore(record)}>
              Restore this version
            </Button>
          )}
        </div>
      </div>
    </div>
  );
}
