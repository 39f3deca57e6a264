// Always-visible connection state (polls GET /health). Text, not just colour, says the state.
import { Badge, Tooltip } from "antd";
import { useHealth, type ConnectionState } from "../api/health";

const LABELS: Record<ConnectionState, { text: string; status: "success" | "warning" | "error" }> = {
  online: { text: "Connected", status: "success" },
  degraded: { text: "Database unavailable", status: "warning" },
  offline: { text: "Offline", status: "error" },
};

export function HealthIndicator({ compact = false }: { compact?: boolean }) {
  const { data, isPending } = useHealth();
  const state = data?.state;
  const label = isPending || !state ? { text: "Connecting…", status: "processing" as const } : LABELS[state];
  const db = data?.health?.database;
  const detail = db
    ? `Server ${data?.health?.version ?? "?"} · ${db.engine}${db.latency_ms !== undefined ? ` · ${db.latency_ms.toFixed(1)} ms` : ""}${db.error ? ` · ${db.error}` : ""}`
    : "No answer from the server";
  return (
    <Tooltip title={detail}>
      <span role="status" aria-live="polite" aria-label={`Connection: ${label.text}`} data-connection={state ?? "unknown"} tabIndex={0}>
        <Badge status={label.status} text={compact ? undefined : label.text} />
      </span>
    </Tooltip>
  );
}
