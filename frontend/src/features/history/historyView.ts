// /history view state in the URL (operation type, instance, search, page), like the instances table.
import { HISTORY_LIST_LIMIT, OPERATION_TYPE_VALUES } from "../../api/rules";
import type { HistoryListQuery, OperationType } from "../../api/types";

export interface HistoryView {
  page: number;
  pageSize: number;
  operation?: OperationType;
  instanceId?: number;
  q: string;
}

export const HISTORY_PAGE_SIZE = HISTORY_LIST_LIMIT.default;

export function parseHistoryView(params: URLSearchParams): HistoryView {
  const page = Number(params.get("page"));
  const size = Number(params.get("size"));
  const op = params.get("operation_type");
  const instanceId = Number(params.get("instance_id"));
  return {
    page: Number.isInteger(page) && page > 0 ? page : 1,
    pageSize: Number.isInteger(size) && size > 0 ? Math.min(size, HISTORY_LIST_LIMIT.maximum) : HISTORY_PAGE_SIZE,
    operation: (OPERATION_TYPE_VALUES as readonly string[]).includes(op ?? "") ? (op as OperationType) : undefined,
    instanceId: Number.isInteger(instanceId) && instanceId > 0 ? instanceId : undefined,
    q: params.get("q") ?? "",
  };
}

export function historyViewToParams(view: HistoryView): URLSearchParams {
  const params = new URLSearchParams();
  if (view.instanceId) params.set("instance_id", String(view.instanceId));
  if (view.operation) params.set("operation_type", view.operation);
  if (view.q) params.set("q", view.q);
  if (view.pageSize !== HISTORY_PAGE_SIZE) params.set("size", String(view.pageSize));
  if (view.page > 1) params.set("page", String(view.page));
  return params;
}

export function historyViewToQuery(view: HistoryView): HistoryListQuery {
  return {
    limit: view.pageSize,
    offset: (view.page - 1) * view.pageSize,
    ...(view.operation ? { operation_type: view.operation } : {}),
    ...(view.instanceId ? { instance_id: view.instanceId } : {}),
    ...(view.q.trim() ? { q: view.q.trim() } : {}),
  };
}
