// The net difference between two moments (GET /history/diff), one entry per instance: created,
// deleted or each changed field from its value then to its value at the end, who changed it, a
// link to compare the two versions and, for editors, "Undo" (the records in between).
import { Button, Skeleton, Typography } from "antd";
import { SolidTag } from "../../components/EnumTag";
import { Link } from "react-router";
import type { InstanceDiff } from "../../api/types";
import { QueryError } from "../../components/QueryError";
import { compareLink } from "../history/compare/compareLink";
import { FieldDiffList } from "../history/diff/FieldDiff";
import { fieldDeltas } from "../history/diff/summarize";

const CHANGE_COLOURS = { created: "green", deleted: "red", updated: "blue" } as const;

export interface DiffListProps {
  diffs: InstanceDiff[] | undefined;
  error: unknown;
  onRetry: () => void;
  /** Undo the records of one entry (absent: no undo offered — a viewer, or offline). */
  onUndo?: (diff: InstanceDiff) => void;
  label: string;
  empty: string;
}

export function DiffList({ diffs, error, onRetry, onUndo, label, empty }: DiffListProps) {
  if (error) return <QueryError error={error} onRetry={onRetry} title="Could not load what changed" />;
  if (!diffs)
    return (
      <div role="status" aria-label="Loading what changed">
        <Skeleton active paragraph={{ rows: 3 }} />
      </div>
    );
  if (diffs.length === 0) return <p className="plain-list-empty">{empty}</p>;
  return (
    <ul className="plan-list" aria-label={label}>
      {diffs.map((diff) => (
        <li key={diff.instance_id} className="plan-entry">
          <div className="op-line">
            <Link to={`/instances/${diff.instance_id}`}>{diff.name}</Link>
            <SolidTag colour={CHANGE_COLOURS[diff.change]}>{diff.change}</SolidTag>
            {diff.actors.length > 0 && <Typography.Text type="secondary">by {diff.actors.join(", ")}</Typography.Text>}
            <Typography.Text type="secondary">
              {diff.history_ids.length} change{diff.history_ids.length === 1 ? "" : "s"}
            </Typography.Text>
            {diff.change === "updated" && diff.from_history_id !== null && diff.to_history_id !== null && (
              <Link to={compareLink(diff.instance_id, diff.from_history_id, diff.to_history_id)}>Compare</Link>
            )}
            {onUndo && (
              <Button size="small" onClick={() => onUndo(diff)}>
                Undo
              </Button>
            )}
          </div>
          {diff.change === "updated" && <FieldDiffList deltas={fieldDeltas(diff.changes)} max={6} />}
        </li>
      ))}
    </ul>
  );
}
