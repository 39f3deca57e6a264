import { Tooltip } from "antd";
import dayjs from "dayjs";
import relativeTime from "dayjs/plugin/relativeTime";
import utc from "dayjs/plugin/utc";

dayjs.extend(relativeTime);
dayjs.extend(utc);

/** "3 minutes ago", with the exact local time on hover and in the <time> element. */
export function TimeAgo({ value }: { value: string }) {
  const time = dayjs(value);
  return (
    <Tooltip title={time.format("YYYY-MM-DD HH:mm:ss")}>
      <time dateTime={value}>{time.fromNow()}</time>
    </Tooltip>
  );
}

export function formatDateTime(value: string): string {
  return dayjs(value).format("YYYY-MM-DD HH:mm:ss");
}
