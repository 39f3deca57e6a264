// "Export" with a choice of format. The server streams every matching row (no paging), so this
// exports the whole filtered view, not just the page on screen.
import { DownloadOutlined } from "@ant-design/icons";
import { Button, Dropdown } from "antd";
import { EXPORT_FORMAT_VALUES } from "../api/rules";
import type { ExportFormat } from "../api/exports";

const LABELS: Record<ExportFormat, string> = { csv: "CSV", json: "JSON", ndjson: "NDJSON (one per line)" };

function download(href: string) {
  const link = document.createElement("a");
  link.href = href;
  link.download = "";
  document.body.appendChild(link);
  link.click();
  link.remove();
}

export function ExportButton({ hrefFor, what }: { hrefFor: (format: ExportFormat) => string; what: string }) {
  return (
    <Dropdown
      trigger={["click"]}
      autoFocus
      menu={{
        items: EXPORT_FORMAT_VALUES.map((format) => ({ key: format, label: LABELS[format] })),
        onClick: ({ key }) => download(hrefFor(key as ExportFormat)),
      }}
    >
      <Button icon={<DownloadOutlined />} aria-label={`Export ${what}`}>
        Export
      </Button>
    </Dropdown>
  );
}
