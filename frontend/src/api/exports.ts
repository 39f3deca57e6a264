// Download links for the streamed exports. A download is a plain navigation (the browser saves
// the file, the server streams it), so these build URLs instead of calling fetch; the query
// types still come from the generated spec. A navigation cannot carry an API token, though (and
// a token never goes in a URL): signed in with one, the file is fetched with the token and saved
// from memory instead.
import { apiErrorFrom, request } from "./errors";
import type { paths } from "./schema";
import { serializeQuery } from "./queryString";
import type { EXPORT_FORMAT_VALUES } from "./rules";
import { bearer } from "./session";

export type ExportFormat = (typeof EXPORT_FORMAT_VALUES)[number];
type InstanceExportQuery = NonNullable<paths["/instances/export"]["get"]["parameters"]["query"]>;
type HistoryExportQuery = NonNullable<paths["/history/export"]["get"]["parameters"]["query"]>;

export function instanceExportUrl(query: InstanceExportQuery): string {
  return `/api/instances/export?${serializeQuery(query as Record<string, never>, ["sort"])}`;
}

export function historyExportUrl(query: HistoryExportQuery): string {
  return `/api/history/export?${serializeQuery(query as Record<string, never>)}`;
}

type HistoryDiffExportQuery = NonNullable<paths["/history/diff/export"]["get"]["parameters"]["query"]>;

export function historyDiffExportUrl(query: HistoryDiffExportQuery): string {
  return `/api/history/diff/export?${serializeQuery(query as unknown as Record<string, never>)}`;
}

function saveAs(href: string, fileName?: string) {
  const link = document.createElement("a");
  link.href = href;
  link.download = fileName ?? "";
  document.body.appendChild(link);
  link.click();
  link.remove();
}

/** The file name of a Content-Disposition header (the server names its exports). */
function fileNameOf(disposition: string | null): string | undefined {
  return /filename="?([^";]+)"?/.exec(disposition ?? "")?.[1];
}

/** Downloads an export: streamed by the browser, or through fetch when a token must be sent. */
export async function downloadExport(href: string, token: string | null): Promise<void> {
  if (!token) {
    saveAs(href);
    return;
  }
  const { response } = await request(async () => ({ response: await fetch(href, { headers: { Authorization: bearer(token) } }) }));
  if (!response.ok) throw apiErrorFrom(response, await response.json().catch(() => undefined));
  const url = URL.createObjectURL(await response.blob());
  saveAs(url, fileNameOf(response.headers.get("Content-Disposition")));
  // The click has handed the blob to the browser's download; free it a little later.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
