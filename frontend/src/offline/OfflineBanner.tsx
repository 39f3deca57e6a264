// Shown above every page while offline or while cached data is on screen.
import { Alert } from "antd";
import { formatDateTime } from "../components/TimeAgo";
import { useConnectivity } from "./connectivity";
import dayjs from "dayjs";

export function OfflineBanner() {
  const { online, staleSince } = useConnectivity();
  if (online && !staleSince) return null;
  const from = staleSince ? `showing data from ${formatDateTime(staleSince)} (${dayjs(staleSince).fromNow()})` : "showing the data loaded before";
  return (
    <Alert
      className="offline-banner"
      type="warning"
      showIcon
      role="status"
      title={online ? `Stale — ${from}` : `Offline — ${from}`}
      description={
        online
          ? "Some answers came from this browser's cache. Reload to get the current data."
          : "Creating, editing and deleting are disabled until the connection to the server is back."
      }
    />
  );
}
