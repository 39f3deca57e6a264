// One readable line per history record: what changed, old → new.
import { Tag, Typography } from "antd";
import type { HistoryRecord, OperationType } from "../../api/types";
import { labelOf } from "../instances/fields";

const HIDDEN_FIELDS = new Set(["updated_at", "created_at", "version", "id"]);
const OPERATION_COLOURS: Record<OperationType, string> = { create: "#237804", update: "#0958d9", delete: "#a8071a" };

export function OperationTag({ operation }: { operation: OperationType }) {
  return (
    <Tag variant="solid" color={OPERATION_COLOURS[operation]}>
      {operation}
    </Tag>
  );
}

function show(value: unknown): string {
  return value === null || value === undefined || value === "" ? "—" : String(value);
}

export function changeLines(record: HistoryRecord): string[] {
  if (record.operation_type === "delete") return [];
  const changes = record.changes ?? {};
  return Object.entries(changes)
    .filter(([field]) => !HIDDEN_FIELDS.has(field))
    .map(([field, change]) =>
      record.operation_type === "create" ? `${labelOf(field)}: ${show(change.new)}` : `${labelOf(field)}: ${show(change.old)} → ${show(change.new)}`,
    );
}

export function ChangeSummary({ record, max = 4 }: { record: HistoryRecord; max?: number }) {
  if (record.operation_type === "delete") return <Typography.Text type="secondary">deleted (last state kept)</Typography.Text>;
  if (record.operation_type === "create") return <Typography.Text type="secondary">created</Typography.Text>;
  const lines = changeLines(record);
  if (lines.length === 0) return <Typography.Text type="secondary">no visible change</Typography.Text>;
  const shown = lines.slice(0, max).join("; ");
  return <span>{lines.length > max ? `${shown}; +${lines.length - max} more` : shown}</span>;
}
