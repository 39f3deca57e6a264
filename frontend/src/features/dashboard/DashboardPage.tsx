// Fleet overview from GET /stats (one aggregate query) and the latest changes from GET /history.
// Every figure links to the instances table filtered to exactly what it counts. With `as_of` in
// the URL it shows the counts as they were then, and what changed since instead of the feed.
import { Card, Col, Empty, Progress, Row, Skeleton, Statistic, Typography } from "antd";
import { Link, useSearchParams } from "react-router";
import { useHistoryList } from "../../api/history";
import { PRIORITY_VALUES, STATUS_VALUES } from "../../api/rules";
import { useFleetStats } from "../../api/stats";
import { usePageTitle } from "../../app/usePageTitle";
import { PriorityTag, StatusTag } from "../../components/EnumTag";
import { QueryError } from "../../components/QueryError";
import { TimeAgo } from "../../components/TimeAgo";
import { PlainList } from "../../components/PlainList";
import { ChangeSummary, OperationTag } from "../history/changeSummary";
import { fleetLink } from "../history/fleet/fleetFilters";
import { Provenance } from "../history/Provenance";
import { instancesLink as linkNow } from "../instances/listView";
import { ChangesSince } from "../timetravel/ChangesSince";
import { useAsOf, useTimeTravel } from "../timetravel/useTimeTravel";
import type { CountByNameList } from "./types";

const TOP_N = 8;

function CountList({ rows, total, linkFor, label }: { rows: CountByNameList; total: number; linkFor: (name: string) => string; label: string }) {
  if (rows.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="No instances yet" />;
  return (
    <ul style={{ listStyle: "none", margin: 0, padding: 0 }} aria-label={label}>
      {rows.slice(0, TOP_N).map((row) => (
        <li key={row.name} style={{ marginBottom: 6 }}>
          <Link to={linkFor(row.name)} aria-label={`${row.name}: ${row.count} instances`}>
            <div style={{ display: "flex", justifyContent: "space-between" }}>
              <span>{row.name}</span>
              <strong>{row.count.toLocaleString()}</strong>
            </div>
          </Link>
          <Progress percent={total ? (row.count / total) * 100 : 0} status="normal" showInfo={false} size="small" aria-hidden />
        </li>
      ))}
      {rows.length > TOP_N && (
        <li>
          <Typography.Text type="secondary">and {rows.length - TOP_N} more</Typography.Text>
        </li>
      )}
    </ul>
  );
}

export default function DashboardPage() {
  usePageTitle("Dashboard");
  const [, setParams] = useSearchParams();
  const asOf = useAsOf();
  const timeTravel = useTimeTravel(asOf, (instant) => setParams(instant ? { as_of: instant } : {}));
  const stats = useFleetStats(asOf || undefined);
  // Figures link to the table at the same moment.
  const instancesLink = (filter: Parameters<typeof linkNow>[0]) => linkNow({ ...filter, asOf });
  // In the past the feed gives way to "what changed since then".
  const recent = useHistoryList({ limit: 10 }, { enabled: !asOf });
  const s = stats.data;

  return (
    <>
      <div style={{ display: "flex", justifyContent: "space-between", flexWrap: "wrap", gap: 8 }}>
        <h1 className="page-title">Dashboard</h1>
        {timeTravel.button}
      </div>
      {timeTravel.banner}
      {timeTravel.picker}
      {stats.isError && <QueryError error={stats.error} onRetry={() => void stats.refetch()} title="Could not load fleet statistics" />}
      <Row gutter={[16, 16]}>
        <Col xs={24} md={8}>
          <Card>
            <Skeleton loading={stats.isPending} active paragraph={{ rows: 1 }}>
              <Link to={instancesLink({})} className="stat-link">
                <Statistic title="Instances" value={s?.total ?? 0} />
              </Link>
            </Skeleton>
          </Card>
        </Col>
        <Col xs={12} md={8}>
          <Card>
            <Skeleton loading={stats.isPending} active paragraph={{ rows: 1 }}>
              <Statistic title="Replicas" value={s?.replicas ?? 0} />
            </Skeleton>
          </Card>
        </Col>
        <Col xs={12} md={8}>
          <Card>
            <Skeleton loading={stats.isPending} active paragraph={{ rows: 1 }}>
              <Statistic title="GPUs requested (replicas × PP × CP × TP)" value={s?.gpus ?? 0} />
            </Skeleton>
          </Card>
        </Col>
        <Col xs={24} md={12}>
          <Card title={<h2 className="card-title">By status</h2>}>
            <Skeleton loading={stats.isPending} active>
              <Row gutter={[8, 8]}>
                {STATUS_VALUES.map((status) => (
                  <Col span={12} key={status}>
                    <Link to={instancesLink({ status: [status] })} aria-label={`${status}: ${s?.by_status[status] ?? 0} instances`}>
                      <StatusTag status={status} /> <strong>{(s?.by_status[status] ?? 0).toLocaleString()}</strong>
                    </Link>
                  </Col>
                ))}
              </Row>
            </Skeleton>
          </Card>
        </Col>
        <Col xs={24} md={12}>
          <Card title={<h2 className="card-title">By priority</h2>}>
            <Skeleton loading={stats.isPending} active>
              <Row gutter={[8, 8]}>
                {PRIORITY_VALUES.map((priority) => (
                  <Col span={12} key={priority}>
                    <Link to={instancesLink({ priority: [priority] })} aria-label={`${priority}: ${s?.by_priority[priority] ?? 0} instances`}>
                      <PriorityTag priority={priority} /> <strong>{(s?.by_priority[priority] ?? 0).toLocaleString()}</strong>
                    </Link>
                  </Col>
                ))}
              </Row>
            </Skeleton>
          </Card>
        </Col>
        <Col xs={24} md={12}>
          <Card title={<h2 className="card-title">Instances per cluster</h2>}>
            <Skeleton loading={stats.isPending} active>
              <CountList rows={s?.by_cluster ?? []} total={s?.total ?? 0} linkFor={(name) => instancesLink({ cluster: [name] })} label="Instances per cluster" />
            </Skeleton>
          </Card>
        </Col>
        <Col xs={24} md={12}>
          <Card title={<h2 className="card-title">Instances per model</h2>}>
            <Skeleton loading={stats.isPending} active>
              <CountList rows={s?.by_model ?? []} total={s?.total ?? 0} linkFor={(name) => instancesLink({ model: [name] })} label="Instances per model" />
            </Skeleton>
          </Card>
        </Col>
        {asOf ? (
          <Col span={24}>
            <ChangesSince asOf={asOf} />
          </Col>
        ) : (
        <Col span={24}>
          <Card title={<h2 className="card-title">Recently changed</h2>} extra={<Link to="/history">All history</Link>}>
            {recent.isError && <QueryError error={recent.error} onRetry={() => void recent.refetch()} title="Could not load recent changes" />}
            <Skeleton loading={recent.isPending} active>
              <PlainList
                label="Recently changed instances"
                items={recent.data?.items ?? []}
                rowKey={(record) => record.history_id}
                empty="No changes yet"
                render={(record) => (
                  <>
                    <span className="op-line">
                      <OperationTag operation={record.operation_type} />
                      <Link to={`/instances/${record.original_id}`}>{record.name}</Link>
                      <ChangeSummary record={record} max={3} />
                      <Provenance record={record} actorHref={(actor) => fleetLink({ actors: [actor] })} clamp />
                    </span>
                    <TimeAgo value={record.operation_timestamp} />
                  </>
                )}
              />
            </Skeleton>
          </Card>
        </Col>
        )}
      </Row>
    </>
  );
}
