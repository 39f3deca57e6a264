// Plain-text descriptions of changes: one line per history record ("Replicas 2 → 4 (+2),
// Status active → inactive"), used in timelines, feeds, toasts and notices.
import { diffWords } from "diff";
import type { ChangeField, Changes, HistoryRecord } from "../../../api/types";
import { labelOf } from "../../instances/fields";
import { FIELD_ORDER, isChangeField, kindOf, type FieldKind } from "./fieldKinds";

export interface FieldDelta {
  field: ChangeField;
  label: string;
  kind: FieldKind;
  old: unknown;
  new: unknown;
}

/** The user-visible changed fields in spec order (timestamps and version are left out). */
export function fieldDeltas(changes: Changes | null | undefined): FieldDelta[] {
  if (!changes) return [];
  return FIELD_ORDER.filter((field) => field in changes).map((field) => {
    const change = changes[field] ?? { old: null, new: null };
    return { field, label: labelOf(field), kind: kindOf(field), old: change.old, new: change.new };
  });
}

export function isEmpty(value: unknown): boolean {
  return value === null || value === undefined || value === "";
}

export function formatValue(value: unknown): string {
  return isEmpty(value) ? "none" : String(value);
}

/** `new − old` for two numbers, else null. */
export function numericDelta(delta: Pick<FieldDelta, "old" | "new">): number | null {
  return typeof delta.old === "number" && typeof delta.new === "number" ? delta.new - delta.old : null;
}

export function signed(n: number): string {
  return n > 0 ? `+${n}` : n < 0 ? `−${Math.abs(n)}` : "±0";
}

function clip(text: string, max = 40): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Words added and removed between two texts (jsdiff), e.g. "+3 −1 words". */
export function wordCounts(oldText: string, newText: string): { added: number; removed: number } {
  let added = 0;
  let removed = 0;
  for (const part of diffWords(oldText, newText)) {
    const words = part.value.trim() ? part.value.trim().split(/\s+/).length : 0;
    if (part.added) added += words;
    else if (part.removed) removed += words;
  }
  return { added, removed };
}

/** One field's change as text: "Replicas 2 → 4 (+2)", "Description cleared", … */
export function describeDelta(delta: FieldDelta): string {
  const { label, kind } = delta;
  if (isEmpty(delta.old) && !isEmpty(delta.new)) {
    return kind === "text" ? `${label} set to “${clip(String(delta.new))}”` : `${label} set to ${formatValue(delta.new)}`;
  }
  if (!isEmpty(delta.old) && isEmpty(delta.new)) return `${label} cleared (was ${kind === "text" ? `“${clip(String(delta.old))}”` : formatValue(delta.old)})`;
  if (kind === "number") {
    const diff = numericDelta(delta);
    return `${label} ${formatValue(delta.old)} → ${formatValue(delta.new)}${diff === null ? "" : ` (${signed(diff)})`}`;
  }
  if (kind === "text") {
    const { added, removed } = wordCounts(String(delta.old), String(delta.new));
    return `${label} edited (${[added && `+${added}`, removed && `−${removed}`].filter(Boolean).join(" ") || "±0"} words)`;
  }
  return `${label} ${formatValue(delta.old)} → ${formatValue(delta.new)}`;
}

type Summarizable = Pick<HistoryRecord, "operation_type" | "changes" | "name" | "model_name" | "cluster_name" | "replicas" | "status">;

/** The one-line summary of a history record (or a live event's record). */
export function summarizeRecord(record: Summarizable): string {
  switch (record.operation_type) {
    case "create":
      return `Created ${record.name}: ${record.model_name} on ${record.cluster_name}, ${record.replicas} replica${record.replicas === 1 ? "" : "s"}, ${record.status}`;
    case "delete":
      return `Deleted (last state: ${record.model_name} on ${record.cluster_name}, ${record.replicas} replica${record.replicas === 1 ? "" : "s"}, ${record.status})`;
    case "update": {
      const deltas = fieldDeltas(record.changes);
      return deltas.length === 0 ? "No visible change" : deltas.map(describeDelta).join(", ");
    }
  }
}

/** Whether a field name from `changes` is one users see (not updated_at/created_at/version). */
export function isVisibleField(field: string): boolean {
  return isChangeField(field);
}
