// Words for an import's plan and its problems, kept apart from the dialog so they are tested alone.
import type { FieldError, ImportItem, ImportResult } from "../../../api/types";
import { labelOf } from "../fields";

/** Fields every change touches, not worth a column of their own. */
const BOOKKEEPING = new Set(["updated_at", "version", "created_at", "id"]);

/** "2 to create · 1 to update · 7 unchanged" (or, once applied, "2 created · 1 updated · 7 unchanged"). */
export function planSummary(result: ImportResult): string {
  const [create, update] = result.dry_run ? ["to create", "to update"] : ["created", "updated"];
  return `${result.created.toLocaleString()} ${create} · ${result.updated.toLocaleString()} ${update} · ${result.unchanged.toLocaleString()} unchanged`;
}

/** The number of instances the import changes. */
export function changeCount(result: ImportResult): number {
  return result.created + result.updated;
}

/** "Replicas: 1 → 4; Status: active → error"; for a create, the values it sets. */
export function describeItem(item: ImportItem): string {
  const parts = Object.entries(item.changes)
    .filter(([field]) => !BOOKKEEPING.has(field) && !(item.action === "create" && field === "name")) // the name has its column
    .map(([field, change]) =>
      item.action === "create" ? `${labelOf(field)}: ${String(change.new ?? "—")}` : `${labelOf(field)}: ${String(change.old ?? "—")} → ${String(change.new ?? "—")}`,
    );
  return parts.length > 0 ? parts.join("; ") : "no change";
}

/** "Line 3 · Replicas: must be a whole number" (the file's own problems have no field label). */
export function describeProblem(problem: FieldError): string {
  const where = problem.line ? `Line ${problem.line}` : "The file";
  if (problem.field === "file") return `${where}: ${problem.message}`;
  return `${where} · ${labelOf(problem.field)}: ${problem.message}`;
}

/** "12.3 MB" */
export function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
