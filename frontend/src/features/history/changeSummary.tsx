// Compact renderings of a history record: its operation as a coloured tag, and what changed as
// one line with typed diffs (see diff/FieldDiff.tsx).
import { Tag, Typography } from "antd";
import type { HistoryRecord, OperationType } from "../../api/types";
import { FieldDiffList } from "./diff/FieldDiff";
import { fieldDeltas, summarizeRecord } from "./diff/summarize";

const OPERATION_COLOURS: Record<OperationType, string> = { create: "#237804", update: "#0958d9", delete: "#a8071a" };

export function OperationTag({ operation }: { operation: OperationType }) {
  return (
    <Tag variant="solid" color={OPERATION_COLOURS[operation]} data-operation={operation}>
      {operation}
    </Tag>
  );
}

/** What a record changed: typed field diffs for an update, a sentence for create and delete. */
export function ChangeSummary({ record, max = 4 }: { record: HistoryRecord; max?: number }) {
  if (record.operation_type !== "update") return <Typography.Text type="secondary">{summarizeRecord(record)}</Typography.Text>;
  const deltas = fieldDeltas(record.changes);
  if (deltas.length === 0) return <Typography.Text type="secondary">no visible change</Typography.Text>;
  return (
    <span title={summarizeRecord(record)}>
      <FieldDiffList deltas={deltas} max={max} />
    </span>
  );
}
