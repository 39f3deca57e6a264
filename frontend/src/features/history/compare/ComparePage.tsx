// Two versions of one instance side by side (GET /history/compare), deep-linkable as
// /instances/:id/compare?from=<history id>&to=<history id>. Changed fields come first, typed
// and highlighted; unchanged ones are folded away. Works across a delete (the delete record
// holds the last state). With only `to`, it compares with the version just before.
import { SwapOutlined } from "../../../components/icons";
import { Alert, Button, Card, Col, Collapse, Result, Row, Skeleton, Space, Typography } from "antd";
import { useEffect, useMemo } from "react";
import { Link, useNavigate, useParams, useSearchParams } from "react-router";
import { useHistoryCompare, useHistoryRecord, usePreviousRecord } from "../../../api/history";
import type { HistoryComparison, HistoryRecord } from "../../../api/types";
import { usePageTitle } from "../../../app/usePageTitle";
import { QueryError } from "../../../components/QueryError";
import { formatDateTime, TimeAgo } from "../../../components/TimeAgo";
import { labelOf } from "../../instances/fields";
import { OperationTag } from "../changeSummary";
import { fleetLink } from "../fleet/fleetFilters";
import { Provenance } from "../Provenance";
import { FIELD_ORDER } from "../diff/fieldKinds";
import { Difference, Value } from "../diff/FieldDiff";
import { fieldDeltas, formatValue } from "../diff/summarize";
import { compareLink, parseCompareParams, swappedParams } from "./compareLink";
import { RestoreVersionButtons } from "../../putback/RestoreVersionButtons";

function VersionCard({ side, record }: { side: "From" | "To"; record: HistoryRecord }) {
  return (
    <Card size="small" title={<h2 className="card-title">{side}: version {record.version}</h2>}>
      <Space direction="vertical" size={2}>
        <span className="op-line">
          <OperationTag operation={record.operation_type} />
          <TimeAgo value={record.operation_timestamp} />
          <Typography.Text type="secondary">{formatDateTime(record.operation_timestamp)}</Typography.Text>
        </span>
        <Provenance record={record} actorHref={(actor) => fleetLink({ actors: [actor] })} />
        <Typography.Text type="secondary">
          History id {record.history_id}
          {record.request_id ? (
            <>
              {" "}
              · request <code>{record.request_id}</code>
            </>
          ) : null}
        </Typography.Text>
        {record.operation_type === "delete" && <Typography.Text>The delete record: the last state before deletion.</Typography.Text>}
      </Space>
    </Card>
  );
}

function recordValue(record: HistoryRecord, field: string): unknown {
  return (record as unknown as Record<string, unknown>)[field];
}

function ComparisonTables({ comparison }: { comparison: HistoryComparison }) {
  const deltas = fieldDeltas(comparison.changes);
  const unchanged = FIELD_ORDER.filter((field) => comparison.unchanged_fields.includes(field));
  return (
    <>
      <div className="table-scroll">
      <table className="compare-table">
        <caption>
          {deltas.length === 0 ? "No field differs between these versions" : `${deltas.length} changed field${deltas.length === 1 ? "" : "s"}`}
        </caption>
        <thead>
          <tr>
            <th scope="col">Field</th>
            <th scope="col">From (v{comparison.from.version})</th>
            <th scope="col">To (v{comparison.to.version})</th>
            <th scope="col">Difference</th>
          </tr>
        </thead>
        <tbody>
          {deltas.map((delta) => (
            <tr key={delta.field} className="compare-changed" data-field={delta.field}>
              <th scope="row">{delta.label}</th>
              <td>
                <Value field={delta.field} value={delta.old} />
              </td>
              <td>
                <Value field={delta.field} value={delta.new} />
              </td>
              <td>
                <Difference delta={delta} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      </div>
      <Collapse
        style={{ marginTop: 16 }}
        items={[
          {
            key: "unchanged",
            label: `${unchanged.length} unchanged field${unchanged.length === 1 ? "" : "s"}`,
            children: (
              <table className="compare-table">
                <caption className="sr-only">Unchanged fields</caption>
                <thead>
                  <tr>
                    <th scope="col">Field</th>
                    <th scope="col">Value in both</th>
                  </tr>
                </thead>
                <tbody>
                  {unchanged.map((field) => (
                    <tr key={field}>
                      <th scope="row">{labelOf(field)}</th>
                      <td>{formatValue(recordValue(comparison.from, field))}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ),
          },
        ]}
      />
    </>
  );
}

/** `?to=` alone: find the version before it and rewrite the URL to a full pair. */
function useResolvedFrom(instanceId: number, from: number | undefined, to: number | undefined) {
  const previous = usePreviousRecord(instanceId, from === undefined ? to : undefined);
  const navigate = useNavigate();
  useEffect(() => {
    if (from === undefined && to !== undefined && previous.data) void navigate(compareLink(instanceId, previous.data.history_id, to), { replace: true });
  }, [from, to, previous.data, instanceId, navigate]);
  return previous;
}

export default function ComparePage() {
  const instanceId = Number(useParams().id);
  const [params, setParams] = useSearchParams();
  const { from, to } = useMemo(() => parseCompareParams(params), [params]);
  const previous = useResolvedFrom(instanceId, from, to);
  const comparison = useHistoryCompare(from, to);
  const onlyTo = useHistoryRecord(from === undefined && previous.data === null ? to : undefined);
  const data = comparison.data;
  usePageTitle(data ? `Compare ${data.to.name} v${data.from.version} → v${data.to.version}` : "Compare versions");

  const header = (
    <Space style={{ display: "flex", justifyContent: "space-between", flexWrap: "wrap", marginBottom: 12 }}>
      <h1 className="page-title" style={{ margin: 0 }}>
        Compare versions{data ? ` of ${data.to.name}` : ""}
      </h1>
      <Space wrap>
        <Button icon={<SwapOutlined />} disabled={from === undefined || to === undefined} onClick={() => setParams(swappedParams({ from, to }))}>
          Swap from and to
        </Button>
        {data && <RestoreVersionButtons instanceId={instanceId} records={[data.from, data.to]} />}
        <Link to={`/instances/${instanceId}`}>Back to the instance</Link>
      </Space>
    </Space>
  );

  if (to === undefined) {
    return <Result status="info" title={<h1 className="result-title">Pick two versions to compare</h1>} subTitle="Select two entries in an instance's history." extra={<Link to={`/instances/${instanceId}`}>Open the instance</Link>} />;
  }
  if (from === undefined && previous.data === null) {
    return (
      <>
        {header}
        <Alert type="info" showIcon title="This is the first version (the create): there is nothing before it to compare with." />
        {onlyTo.data && (
          <div style={{ marginTop: 16 }}>
            <VersionCard side="To" record={onlyTo.data} />
          </div>
        )}
      </>
    );
  }
  const error = comparison.error ?? previous.error;
  return (
    <>
      {header}
      {error && <QueryError error={error} onRetry={() => void comparison.refetch()} title="Could not compare these versions" />}
      {data && data.instance_id !== instanceId && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title={
            <span>
              These records belong to instance {data.instance_id}. <Link to={compareLink(data.instance_id, from, to)}>Open the comparison there</Link>
            </span>
          }
        />
      )}
      <Skeleton loading={!data && !error} active>
        {data && (
          <>
            <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
              <Col xs={24} md={12}>
                <VersionCard side="From" record={data.from} />
              </Col>
              <Col xs={24} md={12}>
                <VersionCard side="To" record={data.to} />
              </Col>
            </Row>
            <ComparisonTables comparison={data} />
          </>
        )}
      </Skeleton>
    </>
  );
}
