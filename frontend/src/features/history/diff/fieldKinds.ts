// How each field a change can touch is rendered, derived from the spec's rules (rules.ts): an
// integer shows its delta, an enum its transition as coloured tags, a long free text a word diff.
import { CHANGE_FIELD_VALUES, INSTANCE_CREATE_RULES } from "../../../api/rules";
import type { ChangeField } from "../../../api/types";

export type FieldKind = "number" | "enum" | "text" | "string";

/** Strings that may be longer than this are prose (a word diff helps); shorter ones are names. */
const PROSE_MIN_LENGTH = 256;

export function isChangeField(field: string): field is ChangeField {
  return (CHANGE_FIELD_VALUES as readonly string[]).includes(field);
}

export function kindOf(field: ChangeField): FieldKind {
  const rule: { kind: string; maxLength?: number } = INSTANCE_CREATE_RULES[field];
  if (rule.kind === "integer") return "number";
  if (rule.kind === "enum") return "enum";
  return (rule.maxLength ?? 0) >= PROSE_MIN_LENGTH ? "text" : "string";
}

/** The spec's field order (identity, placement, scale, state, notes), for stable summaries. */
export const FIELD_ORDER: readonly ChangeField[] = CHANGE_FIELD_VALUES;
