// Header badge for the live connection: Live, Connecting, Reconnecting (with the retry delay)
// or Offline. Text, not just colour, says the state.
import { Badge, Tooltip } from "antd";
import { useBrowserOnline } from "../offline/connectivity";
import { useLiveState } from "./LiveProvider";

export function LiveIndicator({ compact = false }: { compact?: boolean }) {
  const live = useLiveState();
  const browserOnline = useBrowserOnline();
  if (!live.enabled) return null;
  let text: string;
  let status: "success" | "processing" | "warning" | "error";
  if (!browserOnline) {
    text = "Offline";
    status = "error";
  } else if (live.status === "live") {
    text = "Live";
    status = "success";
  } else if (live.status === "connecting") {
    text = "Connecting…";
    status = "processing";
  } else {
    text = "Reconnecting…";
    status = "warning";
  }
  const detail =
    live.status === "live"
      ? "Changes by anyone appear here as they happen"
      : live.retryInMs !== undefined
        ? `Live updates interrupted; retry ${live.attempt} in ${Math.ceil(live.retryInMs / 1000)} s. Missed changes are replayed on reconnect.`
        : "Live updates are not connected";
  return (
    <Tooltip title={detail}>
      <span role="status" aria-live="polite" aria-label={`Live updates: ${text}`} data-live={browserOnline ? live.status : "offline"} tabIndex={0}>
        <Badge status={status} text={compact ? undefined : text === "Live" ? "Live" : `Live: ${text.toLowerCase()}`} />
      </span>
    </Tooltip>
  );
}
