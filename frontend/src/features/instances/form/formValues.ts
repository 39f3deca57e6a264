// Conversions between the API's instance shapes and the form's values.
import type { EditableField, Instance, InstanceCreate, InstanceUpdate, Priority, Status } from "../../../api/types";
import { EDITABLE_FIELDS } from "../fields";
import { defaultFor } from "./fieldRules";

export interface InstanceFormValues {
  name: string;
  model_name: string;
  model_version: string;
  cluster_name: string;
  image_tag: string;
  replicas: number | null;
  pp: number | null;
  cp: number | null;
  tp: number | null;
  status: Status;
  priority: Priority;
  description: string;
  /** Why the change is made (sent beside the fields, never compared with the instance). */
  reason: string;
}

export function emptyFormValues(): InstanceFormValues {
  return {
    name: "",
    model_name: "",
    model_version: String(defaultFor("model_version") ?? ""),
    cluster_name: "",
    image_tag: "",
    replicas: Number(defaultFor("replicas") ?? 1),
    pp: Number(defaultFor("pp") ?? 1),
    cp: Number(defaultFor("cp") ?? 1),
    tp: Number(defaultFor("tp") ?? 1),
    status: defaultFor("status") as Status,
    priority: defaultFor("priority") as Priority,
    description: "",
    reason: "",
  };
}

export function toFormValues(instance: Instance): InstanceFormValues {
  return { ...instance, description: instance.description ?? "", reason: "" };
}

/** Body for POST /instances: empty optional fields are omitted so the server applies its defaults. */
export function toCreateBody(values: InstanceFormValues): InstanceCreate {
  const body: InstanceCreate = {
    name: values.name,
    model_name: values.model_name,
    cluster_name: values.cluster_name,
    image_tag: values.image_tag,
    status: values.status,
    priority: values.priority,
  };
  if (values.model_version !== "") body.model_version = values.model_version;
  for (const field of ["replicas", "pp", "cp", "tp"] as const) {
    const value = values[field];
    if (value !== null && value !== undefined) body[field] = value;
  }
  if (values.description.trim() !== "") body.description = values.description;
  return body;
}

function apiValue(values: InstanceFormValues, field: EditableField): InstanceUpdate[EditableField] {
  if (field === "description") return values.description.trim() === "" ? null : values.description;
  const value = values[field];
  return value === null ? undefined : value;
}

/**
 * Body for PUT /instances/{id}: only the fields that differ from `base` (the version the user
 * opened), so an update never resends values it did not mean to change.
 */
export function toUpdatePatch(base: Instance, values: InstanceFormValues): InstanceUpdate {
  const patch: Record<string, unknown> = {};
  for (const field of EDITABLE_FIELDS) {
    const next = apiValue(values, field);
    if (next === undefined) continue;
    if (next !== base[field]) patch[field] = next;
  }
  return patch as InstanceUpdate;
}
