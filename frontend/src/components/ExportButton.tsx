// "Export" with a choice of format. The server streams every matching row (no paging), so this
// exports the whole filtered view, not just the page on screen.
import { DownloadOutlined } from "./icons";
import { Button, Dropdown } from "antd";
import { downloadExport, type ExportFormat } from "../api/exports";
import { EXPORT_FORMAT_VALUES } from "../api/rules";
import { useNotify } from "../app/useNotify";
import { useSession } from "../auth/SessionContext";

const LABELS: Record<ExportFormat, string> = { csv: "CSV", json: "JSON", ndjson: "NDJSON (one per line)" };

export function ExportButton({ hrefFor, what }: { hrefFor: (format: ExportFormat) => string; what: string }) {
  const session = useSession();
  const notify = useNotify();
  return (
    <Dropdown
      trigger={["click"]}
      autoFocus
      menu={{
        items: EXPORT_FORMAT_VALUES.map((format) => ({ key: format, label: LABELS[format] })),
        onClick: ({ key }) => void downloadExport(hrefFor(key as ExportFormat), session.token).catch((error: unknown) => notify.error("Export failed", error)),
      }}
    >
      <Button icon={<DownloadOutlined />} aria-label={`Export ${what}`}>
        Export
      </Button>
    </Dropdown>
  );
}
