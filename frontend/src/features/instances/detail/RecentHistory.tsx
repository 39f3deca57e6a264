import { Card, Skeleton, Typography } from "antd";
import { PlainList } from "../../../components/PlainList";
import { Link } from "react-router";
import { useInstanceHistory } from "../../../api/history";
import { QueryError } from "../../../components/QueryError";
import { formatDateTime, TimeAgo } from "../../../components/TimeAgo";
import { changeLines, OperationTag } from "../../history/changeSummary";

const RECENT = 10;

export function RecentHistory({ instanceId }: { instanceId: number }) {
  const history = useInstanceHistory(instanceId, { limit: RECENT });
  return (
    <Card
      title={<h2 className="card-title">Recent history</h2>}
      extra={<Link to={`/history?instance_id=${instanceId}`}>Full history{history.data ? ` (${history.data.total})` : ""}</Link>}
    >
      {history.isError && <QueryError error={history.error} onRetry={() => void history.refetch()} title="Could not load the history" />}
      <Skeleton loading={history.isPending} active>
        <PlainList
          label="Recent changes of this instance"
          items={history.data?.items ?? []}
          rowKey={(record) => record.history_id}
          empty="No history"
          render={(record) => {
            const lines = changeLines(record);
            return (
              <>
                <div>
                  <OperationTag operation={record.operation_type} /> version {record.version} ·{" "}
                  <TimeAgo value={record.operation_timestamp} />
                  {record.operation_type === "update" && lines.length > 0 && (
                    <ul style={{ margin: "4px 0 0", paddingLeft: 20 }}>
                      {lines.map((line) => (
                        <li key={line}>{line}</li>
                      ))}
                    </ul>
                  )}
                </div>
                <Typography.Text type="secondary" title={record.request_id ?? undefined}>
                  {formatDateTime(record.operation_timestamp)}
                </Typography.Text>
              </>
            );
          }}
        />
      </Skeleton>
    </Card>
  );
}
