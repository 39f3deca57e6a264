// Download links for the streamed exports. A download is a plain navigation (the browser saves
// the file, the server streams it), so these build URLs instead of calling fetch; the query
// types still come from the generated spec.
import type { paths } from "./schema";
import { serializeQuery } from "./queryString";
import type { EXPORT_FORMAT_VALUES } from "./rules";

export type ExportFormat = (typeof EXPORT_FORMAT_VALUES)[number];
type InstanceExportQuery = NonNullable<paths["/instances/export"]["get"]["parameters"]["query"]>;
type HistoryExportQuery = NonNullable<paths["/history/export"]["get"]["parameters"]["query"]>;

export function instanceExportUrl(query: InstanceExportQuery): string {
  return `/api/instances/export?${serializeQuery(query as Record<string, never>, ["sort"])}`;
}

export function historyExportUrl(query: HistoryExportQuery): string {
  return `/api/history/export?${serializeQuery(query as Record<string, never>)}`;
}
