// Maps a failed save onto the form: 422 field errors land on their fields, a 409 duplicate name
// lands on "Name", a complaint about the reason on "Reason". Whatever cannot be placed on a field
// is returned for a form-level alert.
import type { FormInstance } from "antd";
import { ApiError } from "../../../api/errors";
import { EDITABLE_FIELDS } from "../fields";
import type { InstanceFormValues } from "./formValues";

const FIELD_SET = new Set<string>([...EDITABLE_FIELDS, "reason"]);

/** Returns the messages that belong to no form field (empty when everything was placed). */
export function applyServerErrors(form: FormInstance<InstanceFormValues>, error: ApiError): string[] {
  const byField = new Map<string, string[]>();
  const unplaced: string[] = [];
  if (error.status === 409) {
    const field = error.conflictField ?? "name";
    if (FIELD_SET.has(field)) byField.set(field, [error.message]);
    else unplaced.push(error.message);
  } else {
    for (const fieldError of error.fieldErrors) {
      // `field` is the JSON field name, or a JSON pointer without the leading slash for nested ones.
      const pointer = fieldError.field.replace(/^\//, "").split("/")[0] ?? "";
      // A reason given as the X-Change-Reason header is still the form's Reason.
      const field = fieldError.in === "header" && pointer.toLowerCase() === "x-change-reason" ? "reason" : pointer;
      if ((fieldError.in === "body" || field === "reason") && FIELD_SET.has(field)) {
        byField.set(field, [...(byField.get(field) ?? []), fieldError.message]);
      } else {
        unplaced.push(`${fieldError.field}: ${fieldError.message}`);
      }
    }
    if (error.fieldErrors.length === 0) unplaced.push(error.message);
  }
  form.setFields(
    [...byField].map(([name, errors]) => ({ name: name as keyof InstanceFormValues, errors })),
  );
  return unplaced;
}
