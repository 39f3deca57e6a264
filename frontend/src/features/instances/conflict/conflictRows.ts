// What the conflict dialog compares: the version the user started from (base), the version now on
// the server (current) and the user's own patch.
import type { EditableField, Instance, InstanceUpdate } from "../../../api/types";
import { EDITABLE_FIELDS } from "../fields";

export interface ConflictRow {
  field: EditableField;
  base: unknown;
  current: unknown;
  mine: unknown;
  changedMeanwhile: boolean;
  changedByMe: boolean;
}

export function conflictRows(base: Instance, current: Instance | undefined, patch: InstanceUpdate): ConflictRow[] {
  const rows: ConflictRow[] = [];
  for (const field of EDITABLE_FIELDS) {
    const changedByMe = field in patch;
    const changedMeanwhile = current !== undefined && current[field] !== base[field];
    if (!changedByMe && !changedMeanwhile) continue;
    rows.push({
      field,
      base: base[field],
      current: current?.[field],
      mine: changedByMe ? patch[field] : undefined,
      changedMeanwhile,
      changedByMe,
    });
  }
  return rows;
}
