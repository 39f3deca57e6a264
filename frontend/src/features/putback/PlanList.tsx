// What putting something back will do, one entry per instance: the action (revert, restore,
// delete, nothing), each field from its value now to its value after, and whether the instance
// changed since the batch touched it (a conflict).
import { Typography } from "antd";
import { SolidTag } from "../../components/EnumTag";
import { Link } from "react-router";
import { FieldDiffList } from "../history/diff/FieldDiff";
import type { FieldDelta } from "../history/diff/summarize";

export interface PlanEntry {
  instanceId: number;
  name: string;
  action: "revert" | "restore" | "delete" | "none";
  deltas: FieldDelta[];
  conflict: boolean;
}

const ACTION_TEXT: Record<PlanEntry["action"], string> = {
  revert: "put back",
  restore: "restored",
  delete: "deleted",
  none: "already as it was",
};

export function PlanList({ entries }: { entries: PlanEntry[] }) {
  return (
    <ul className="plan-list" aria-label="Plan">
      {entries.map((entry) => (
        <li key={entry.instanceId} className="plan-entry">
          <div className="op-line">
            <Link to={`/instances/${entry.instanceId}`}>{entry.name}</Link>
            <SolidTag colour={entry.action === "delete" ? "red" : entry.action === "none" ? "grey" : "blue"}>{ACTION_TEXT[entry.action]}</SolidTag>
            {entry.conflict && <SolidTag colour="orange">changed since</SolidTag>}
          </div>
          {entry.deltas.length > 0 ? (
            <FieldDiffList deltas={entry.deltas} />
          ) : (
            entry.action !== "delete" && <Typography.Text type="secondary">no field changes</Typography.Text>
          )}
        </li>
      ))}
    </ul>
  );
}
