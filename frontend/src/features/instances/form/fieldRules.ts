// antd Form rules derived from the spec's InstanceCreate schema (src/api/rules.ts is generated
// from api/openapi.yaml), so client-side validation cannot drift from what the server enforces.
import type { Rule } from "antd/es/form";
import { INSTANCE_CREATE_RULES } from "../../../api/rules";
import type { EditableField } from "../../../api/types";
import { FIELD_LABELS } from "../fields";

type SpecRule = (typeof INSTANCE_CREATE_RULES)[EditableField];

function has<K extends string>(rule: SpecRule, key: K): rule is SpecRule & Record<K, number> {
  return key in rule;
}

export function rulesFor(field: EditableField, mode: "create" | "edit"): Rule[] {
  const spec = INSTANCE_CREATE_RULES[field];
  const label = FIELD_LABELS[field];
  const rules: Rule[] = [];
  // In edit mode every non-nullable field must stay set (the spec's minLength/minimum still apply);
  // in create mode fields with a default may be left empty and the server fills them in.
  const nullable = "nullable" in spec && spec.nullable;
  if (spec.required || (mode === "edit" && !nullable)) {
    rules.push({ required: true, message: `${label} is required` });
  }
  if (spec.kind === "string") {
    if (has(spec, "maxLength")) {
      rules.push({ max: spec.maxLength, message: `${label} must be at most ${spec.maxLength} characters` });
    }
    if (has(spec, "minLength") && spec.minLength > 0 && !nullable) {
      rules.push({ whitespace: true, message: `${label} cannot be blank` });
    }
  }
  if (spec.kind === "integer") {
    const min = has(spec, "minimum") ? spec.minimum : undefined;
    const max = has(spec, "maximum") ? spec.maximum : undefined;
    rules.push({
      type: "integer",
      ...(min !== undefined ? { min } : {}),
      ...(max !== undefined ? { max } : {}),
      message: `${label} must be a whole number${min !== undefined && max !== undefined ? ` from ${min} to ${max}` : ""}`,
    });
  }
  if (spec.kind === "enum") {
    rules.push({ type: "enum", enum: [...spec.values], message: `${label} must be one of ${spec.values.join(", ")}` });
  }
  return rules;
}

/** The spec's default for a field, if any (shown pre-filled on the create form). */
export function defaultFor(field: EditableField): string | number | undefined {
  const spec = INSTANCE_CREATE_RULES[field];
  return "default" in spec ? spec.default : undefined;
}

export function boundsOf(field: EditableField): { min?: number; max?: number } {
  const spec = INSTANCE_CREATE_RULES[field];
  return {
    ...(has(spec, "minimum") ? { min: spec.minimum } : {}),
    ...(has(spec, "maximum") ? { max: spec.maximum } : {}),
  };
}
