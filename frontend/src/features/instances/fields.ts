// Field names as users read them. The labels double as the accessible names of the form fields
// (the issue fixes them), so change them only together with the e2e tests.
import { CHANGE_FIELD_VALUES } from "../../api/rules";
import type { EditableField, Instance } from "../../api/types";

export const FIELD_LABELS: Record<EditableField, string> = {
  name: "Name",
  model_name: "Model name",
  model_version: "Model version",
  cluster_name: "Cluster name",
  image_tag: "Image tag",
  replicas: "Replicas",
  pp: "PP",
  cp: "CP",
  tp: "TP",
  status: "Status",
  priority: "Priority",
  description: "Description",
};

/** Form order: identity, placement, scale, state, notes (the spec's field order). */
export const EDITABLE_FIELDS: readonly EditableField[] = CHANGE_FIELD_VALUES;

export function labelOf(field: string): string {
  return (FIELD_LABELS as Record<string, string>)[field] ?? field.replace(/_/g, " ");
}

/** GPUs one replica uses, and the whole instance (a replica uses pp × cp × tp GPUs). */
export function gpuFootprint(instance: Pick<Instance, "pp" | "cp" | "tp" | "replicas">) {
  const perReplica = instance.pp * instance.cp * instance.tp;
  return { perReplica, total: perReplica * instance.replicas };
}
