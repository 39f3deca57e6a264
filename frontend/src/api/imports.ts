// POST /instances/import: the plan of a file (a dry run) and then its application. The file goes
// as it is, with its format named; the server reads it and names the line of every problem.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useApiClient } from "./ApiClientContext";
import { apiErrorFrom, request } from "./errors";
import { invalidateAfterInstanceChange } from "./instances";
import { encodeReasonHeader, reasonToSend } from "./reason";
import type { ImportResult } from "./types";
import { fetchWithUploadProgress, type UploadProgress } from "./uploadProgress";

export type ImportFormat = "csv" | "json" | "ndjson" | "yaml";

const CONTENT_TYPES: Record<ImportFormat, string> = {
  csv: "text/csv",
  json: "application/json",
  ndjson: "application/x-ndjson",
  yaml: "application/yaml",
};

/** The largest file the server takes (its 413 says the same). */
export const IMPORT_MAX_BYTES = 16 * 1024 * 1024;

/** The format a file's name says, as `iims import` decides it; null when it says none. */
export function importFormatOf(fileName: string): ImportFormat | null {
  const extension = fileName.toLowerCase().split(".").pop();
  switch (extension) {
    case "csv":
      return "csv";
    case "json":
      return "json";
    case "ndjson":
    case "jsonl":
      return "ndjson";
    case "yaml":
    case "yml":
      return "yaml";
    default:
      return null;
  }
}

/** Files from this size on are sent with upload progress (smaller ones are sent at once). */
export const IMPORT_PROGRESS_FROM_BYTES = 1024 * 1024;

export interface ImportRequest {
  file: Blob;
  format: ImportFormat;
  dryRun: boolean;
  reason?: string;
  /** How much of a large file has been sent. */
  onProgress?: UploadProgress;
}

/** A dry run changes nothing, so it invalidates nothing. */
export function useImportInstances() {
  const client = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ file, format, dryRun, reason, onProgress }: ImportRequest): Promise<ImportResult> => {
      // The body is the file itself: the reason travels in the X-Change-Reason header.
      const why = reasonToSend(reason);
      const header = why ? { "X-Change-Reason": encodeReasonHeader(why) } : {};
      // The bytes as they are (no text decoding that could alter a file in another encoding).
      const bytes = new Uint8Array(await file.arrayBuffer());
      const { data, error, response } = await request(() =>
        client.POST("/instances/import", {
          params: { query: { format, dry_run: dryRun }, header },
          body: bytes as unknown as string,
          bodySerializer: (body: unknown) => body as Uint8Array<ArrayBuffer>,
          headers: { "Content-Type": CONTENT_TYPES[format] },
          ...(onProgress && bytes.byteLength >= IMPORT_PROGRESS_FROM_BYTES ? { fetch: fetchWithUploadProgress(onProgress) } : {}),
        }),
      );
      if (!response.ok || !data) throw apiErrorFrom(response, error);
      return data;
    },
    onSuccess: (result) => {
      if (!result.dry_run) invalidateAfterInstanceChange(queryClient);
    },
  });
}
