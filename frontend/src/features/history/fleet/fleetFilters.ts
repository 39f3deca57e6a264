// The /history filters and the URL, both ways, plus the same filters evaluated on a single record
// (to tell whether a live change belongs in the list on screen). URL keys:
//   instance_id, operation_type, field (repeated), q,
//   actor, via, request_id (each repeated: any of the values matches),
//   range = 1h | 24h | 7d | custom, with start / end (RFC 3339) for custom.
import type { HistoryFilters } from "../../../api/history";
import { OPERATION_TYPE_VALUES, VIA_VALUES } from "../../../api/rules";
import type { ChangeField, HistoryRecord, OperationType, Via } from "../../../api/types";
import { isChangeField } from "../diff/fieldKinds";
import { parseInstant } from "../../timetravel/moments";

export const RANGE_PRESETS = {
  "1h": { label: "Last hour", ms: 3600_000 },
  "24h": { label: "Last 24 hours", ms: 24 * 3600_000 },
  "7d": { label: "Last 7 days", ms: 7 * 24 * 3600_000 },
} as const;
export type RangePreset = keyof typeof RANGE_PRESETS;
export type RangeChoice = RangePreset | "custom";

export interface FleetView {
  instanceId?: number;
  operation?: OperationType;
  fields: ChangeField[];
  q: string;
  /** Who made the change (exact actor names). */
  actors: string[];
  vias: Via[];
  /** Request ids: "everything this (bulk) request did". */
  requestIds: string[];
  range?: RangeChoice;
  /** Custom range bounds (RFC 3339); only with range = custom. */
  start?: string;
  end?: string;
}

export const EMPTY_VIEW: FleetView = { fields: [], q: "", actors: [], vias: [], requestIds: [] };

/** The spec's bounds of a free-text filter value (longer ones would be a 422). */
const MAX_FILTER_VALUE = 255;

function texts(params: URLSearchParams, key: string): string[] {
  const values = params.getAll(key).map((v) => v.trim());
  return [...new Set(values.filter((v) => v !== "" && v.length <= MAX_FILTER_VALUE))];
}

function isVia(value: string): value is Via {
  return (VIA_VALUES as readonly string[]).includes(value);
}

const isoOrUndefined = (value: string | null) => parseInstant(value) || undefined;

export function parseFleetView(params: URLSearchParams): FleetView {
  const instanceId = Number(params.get("instance_id"));
  const op = params.get("operation_type") ?? "";
  const range = params.get("range") ?? "";
  const view: FleetView = {
    instanceId: Number.isInteger(instanceId) && instanceId > 0 ? instanceId : undefined,
    operation: (OPERATION_TYPE_VALUES as readonly string[]).includes(op) ? (op as OperationType) : undefined,
    fields: [...new Set(params.getAll("field").filter(isChangeField))],
    q: params.get("q") ?? "",
    actors: texts(params, "actor"),
    vias: [...new Set(params.getAll("via").filter(isVia))],
    requestIds: texts(params, "request_id"),
  };
  if (range in RANGE_PRESETS) view.range = range as RangePreset;
  if (range === "custom") {
    view.range = "custom";
    view.start = isoOrUndefined(params.get("start"));
    view.end = isoOrUndefined(params.get("end"));
  }
  return view;
}

export function fleetViewToParams(view: FleetView): URLSearchParams {
  const params = new URLSearchParams();
  if (view.instanceId) params.set("instance_id", String(view.instanceId));
  if (view.operation) params.set("operation_type", view.operation);
  for (const field of view.fields) params.append("field", field);
  if (view.q) params.set("q", view.q);
  for (const actor of view.actors) params.append("actor", actor);
  for (const via of view.vias) params.append("via", via);
  for (const id of view.requestIds) params.append("request_id", id);
  if (view.range) params.set("range", view.range);
  if (view.range === "custom") {
    if (view.start) params.set("start", view.start);
    if (view.end) params.set("end", view.end);
  }
  return params;
}

/** The API filters of a view. Presets are resolved against `now` (to the second, for stable keys). */
export function fleetViewToFilters(view: FleetView, now: Date): HistoryFilters {
  const filters: HistoryFilters = {};
  if (view.instanceId) filters.instance_id = view.instanceId;
  if (view.operation) filters.operation_type = view.operation;
  if (view.fields.length > 0) filters.field = view.fields;
  if (view.q.trim()) filters.q = view.q.trim();
  if (view.actors.length > 0) filters.actor = view.actors;
  if (view.vias.length > 0) filters.via = view.vias;
  if (view.requestIds.length > 0) filters.request_id = view.requestIds;
  if (view.range && view.range !== "custom") {
    const second = Math.floor(now.getTime() / 1000) * 1000;
    filters.start_date = new Date(second - RANGE_PRESETS[view.range].ms).toISOString();
  } else if (view.range === "custom") {
    if (view.start) filters.start_date = view.start;
    if (view.end) filters.end_date = view.end;
  }
  return filters;
}

/** Whether the server would list `record` under `filters` (mirrors GET /history's rules). */
export function recordMatches(record: HistoryRecord, filters: HistoryFilters): boolean {
  if (filters.instance_id !== undefined && record.original_id !== filters.instance_id) return false;
  if (filters.operation_type && record.operation_type !== filters.operation_type) return false;
  const at = Date.parse(record.operation_timestamp);
  if (filters.start_date && at < Date.parse(filters.start_date)) return false;
  if (filters.end_date && at > Date.parse(filters.end_date)) return false;
  if (filters.field && filters.field.length > 0) {
    const changed = record.changes ?? {};
    if (!filters.field.some((field) => field in changed)) return false;
  }
  if (filters.actor?.length && !(record.actor && filters.actor.includes(record.actor))) return false;
  if (filters.via?.length && !(record.via && filters.via.includes(record.via))) return false;
  if (filters.request_id?.length && !(record.request_id && filters.request_id.includes(record.request_id))) return false;
  if (filters.q) {
    const needle = filters.q.toLowerCase();
    const haystack = [record.name, record.model_name, record.cluster_name, record.image_tag, record.description ?? "", record.reason ?? ""];
    if (!haystack.some((text) => text.toLowerCase().includes(needle))) return false;
  }
  return true;
}

export function hasFilters(view: FleetView): boolean {
  return Boolean(
    view.instanceId || view.operation || view.fields.length || view.q || view.range || view.actors.length || view.vias.length || view.requestIds.length,
  );
}

/** A link to the fleet feed showing only what `filters` select. */
export function fleetLink(filters: Partial<FleetView>): string {
  return `/history?${fleetViewToParams({ ...EMPTY_VIEW, ...filters }).toString()}`;
}

/** The feed's links from a row: an actor narrows the filters on screen to their changes; a
 *  request id shows everything that request did (e.g. every instance of one bulk change), so it
 *  replaces the other filters. */
export function rowFilterLinks(view: FleetView) {
  return {
    actor: (actor: string) => `/history?${fleetViewToParams({ ...view, actors: [actor] }).toString()}`,
    requestId: (requestId: string) => fleetLink({ requestIds: [requestId] }),
  };
}

export type RowFilterLinks = ReturnType<typeof rowFilterLinks>;
