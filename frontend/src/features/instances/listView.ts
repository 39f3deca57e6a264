// The instances view (page, page size, filters, search, sort) lives in the URL so any view can be
// shared by link and survives reload/back. These pure functions convert URL ⇄ view ⇄ API query.
import { INSTANCE_LIST_LIMIT, INSTANCE_SORT_KEYS, PRIORITY_VALUES, STATUS_VALUES } from "../../api/rules";
import type { InstanceListQuery, InstanceSortKey, Priority, Status } from "../../api/types";
import { parseInstant } from "../timetravel/moments";

export interface InstanceListView {
  page: number;
  pageSize: number;
  q: string;
  status: Status[];
  priority: Priority[];
  cluster: string[];
  model: string[];
  sort: InstanceSortKey[];
  /** Time travel: the fleet as it was at this instant (RFC 3339), or "" for now. */
  asOf: string;
}

export const PAGE_SIZES = [20, 50, 100, 200] as const;
export const DEFAULT_PAGE_SIZE = 50;
export const DEFAULT_SORT: InstanceSortKey[] = ["-updated_at"];

export const DEFAULT_VIEW: InstanceListView = {
  page: 1,
  pageSize: DEFAULT_PAGE_SIZE,
  q: "",
  status: [],
  priority: [],
  cluster: [],
  model: [],
  sort: DEFAULT_SORT,
  asOf: "",
};


function oneOf<T extends string>(allowed: readonly T[], values: string[]): T[] {
  return values.filter((v): v is T => (allowed as readonly string[]).includes(v));
}

function positiveInt(raw: string | null, fallback: number): number {
  const n = Number(raw);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

/** Reads a view from the URL; unknown or invalid values fall back to defaults instead of erroring. */
export function parseListView(params: URLSearchParams): InstanceListView {
  const sortRaw = params.get("sort");
  const sort = sortRaw === null ? DEFAULT_SORT : oneOf(INSTANCE_SORT_KEYS, sortRaw.split(",").filter(Boolean));
  const pageSize = Math.min(positiveInt(params.get("size"), DEFAULT_PAGE_SIZE), INSTANCE_LIST_LIMIT.maximum);
  return {
    page: positiveInt(params.get("page"), 1),
    pageSize,
    q: (params.get("q") ?? "").slice(0, 255),
    status: oneOf(STATUS_VALUES, params.getAll("status")),
    priority: oneOf(PRIORITY_VALUES, params.getAll("priority")),
    cluster: params.getAll("cluster").filter(Boolean),
    model: params.getAll("model").filter(Boolean),
    sort: sort.length > 0 ? sort : DEFAULT_SORT,
    asOf: parseInstant(params.get("as_of")),
  };
}

/** Writes a view to the URL, leaving out defaults so shared links stay short. */
export function listViewToParams(view: InstanceListView): URLSearchParams {
  const params = new URLSearchParams();
  if (view.q) params.set("q", view.q);
  for (const s of view.status) params.append("status", s);
  for (const p of view.priority) params.append("priority", p);
  for (const c of view.cluster) params.append("cluster", c);
  for (const m of view.model) params.append("model", m);
  if (view.sort.join(",") !== DEFAULT_SORT.join(",")) params.set("sort", view.sort.join(","));
  if (view.pageSize !== DEFAULT_PAGE_SIZE) params.set("size", String(view.pageSize));
  if (view.page !== 1) params.set("page", String(view.page));
  if (view.asOf) params.set("as_of", view.asOf);
  return params;
}

/** The GET /instances query for a view: exactly one server page, filtered and sorted server-side. */
export function listViewToQuery(view: InstanceListView): InstanceListQuery {
  const query: InstanceListQuery = {
    skip: (view.page - 1) * view.pageSize,
    limit: view.pageSize,
    sort: view.sort,
  };
  if (view.q.trim()) query.q = view.q.trim();
  if (view.status.length) query.status = view.status;
  if (view.priority.length) query.priority = view.priority;
  if (view.cluster.length) query.cluster_name = view.cluster;
  if (view.model.length) query.model_name = view.model;
  if (view.asOf) query.as_of = view.asOf;
  return query;
}

/** Any change to what matches (filters, search, sort) restarts at page 1. */
export function withFilters(view: InstanceListView, change: Partial<Omit<InstanceListView, "page" | "pageSize">>): InstanceListView {
  return { ...view, ...change, page: 1 };
}

export function hasActiveFilters(view: InstanceListView): boolean {
  return Boolean(view.q || view.status.length || view.priority.length || view.cluster.length || view.model.length);
}

/** Link to the instances table filtered by one dimension (used by the dashboard figures). */
export function instancesLink(filter: Partial<Pick<InstanceListView, "status" | "priority" | "cluster" | "model" | "q" | "asOf">>): string {
  const params = listViewToParams({ ...DEFAULT_VIEW, ...filter });
  const qs = params.toString();
  return qs ? `/instances?${qs}` : "/instances";
}
