// One instance: every field, its GPU footprint and its whole history (timeline). Also works for
// a deleted instance: GET /instances/{id} answers 404 but the history stays, so the page shows a
// "deleted" banner with the last state (from the delete record) and the timeline.
import { DeleteOutlined, EditOutlined, HistoryOutlined, RollbackOutlined } from "../../../components/icons";
import { Alert, Button, Col, Result, Row, Skeleton, Space, Tooltip, Typography } from "antd";
import { Link, useNavigate, useParams } from "react-router";
import { ApiError } from "../../../api/errors";
import { useInstanceTimeline } from "../../../api/history";
import { useInstance } from "../../../api/instances";
import { instanceFromRecord } from "../../../api/liveCache";
import type { HistoryRecord } from "../../../api/types";
import { usePageTitle } from "../../../app/usePageTitle";
import { usePermissions } from "../../../auth/AccessContext";
import { PriorityTag, StatusTag } from "../../../components/EnumTag";
import { QueryError } from "../../../components/QueryError";
import { formatDateTime, TimeAgo } from "../../../components/TimeAgo";
import { useRecentChange } from "../../../live/LiveProvider";
import { OFFLINE_REASON, useConnectivity } from "../../../offline/connectivity";
import { InstanceTimeline } from "../../history/timeline/InstanceTimeline";
import { useInstanceEditor } from "../InstanceEditorContext";
import { useConfirmDelete } from "../useConfirmDelete";
import { InstanceDetails } from "./InstanceDetails";
import { useForeignChangeToasts } from "./useForeignChangeToasts";
import { usePutBack } from "../../putback/usePutBack";

/** Fleet history of every instance that ever had this name (follows delete + re-create). */
function sameNameLink(name: string): string {
  return `/history?${new URLSearchParams({ q: name }).toString()}`;
}

function NotFound({ id }: { id: number }) {
  return (
    <Result
      status="404"
      title={<h1 className="result-title">Instance {Number.isInteger(id) ? id : ""} not found</h1>}
      subTitle="No instance and no history record has this id."
      extra={<Link to="/instances">Back to instances</Link>}
    />
  );
}

function DeletedInstance({ id, record }: { id: number; record: HistoryRecord }) {
  const deleted = record.operation_type === "delete";
  const { canEdit } = usePermissions();
  const { online } = useConnectivity();
  const { restore, putBackDialog } = usePutBack();
  return (
    <>
      <Space style={{ display: "flex", justifyContent: "space-between", flexWrap: "wrap" }} align="center">
        <h1 className="page-title" style={{ margin: 0 }}>
          {record.name} <Typography.Text type="secondary">(deleted)</Typography.Text>
        </h1>
        {canEdit && deleted && (
          <Tooltip title={online ? undefined : OFFLINE_REASON}>
            <Button type="primary" icon={<RollbackOutlined />} disabled={!online} onClick={() => restore(id, record.name)}>
              Restore
            </Button>
          </Tooltip>
        )}
      </Space>
      {putBackDialog}
      <Alert
        type="error"
        showIcon
        style={{ marginBottom: 16 }}
        title={
          <span>
            {deleted ? "Deleted " : "No longer exists; last recorded "}
            <TimeAgo value={record.operation_timestamp} /> ({formatDateTime(record.operation_timestamp)})
          </span>
        }
        description={
          <span>
            The last state (version {record.version}) is shown below, from the delete record
            {record.request_id ? (
              <>
                {" "}
                of request <code>{record.request_id}</code>
              </>
            ) : null}
            . <Link to={sameNameLink(record.name)}>Other instances that had the name “{record.name}”</Link>
          </span>
        }
      />
      <Row gutter={[16, 16]}>
        <Col span={24}>
          <InstanceDetails instance={instanceFromRecord(record)} changed={() => false} title="Last state" />
        </Col>
        <Col span={24}>
          <InstanceTimeline instanceId={id} />
        </Col>
      </Row>
    </>
  );
}

export default function InstanceDetailPage() {
  const id = Number(useParams().id);
  const query = useInstance(id);
  const gone = query.error instanceof ApiError && query.error.status === 404;
  // Loaded up front so a deleted instance's last state is at hand; the timeline shares the cache.
  const timeline = useInstanceTimeline(id);
  const editor = useInstanceEditor();
  const { confirmDelete, deleteDialog } = useConfirmDelete();
  const { canEdit } = usePermissions();
  const { revert, putBackDialog } = usePutBack();
  const navigate = useNavigate();
  const recent = useRecentChange();
  const { online } = useConnectivity();
  const instance = query.data;
  const last = gone ? timeline.data?.pages[0]?.items[0] : undefined;
  useForeignChangeToasts(id);
  usePageTitle(instance ? instance.name : last ? `${last.name} (deleted)` : `Instance ${id}`);

  if (!Number.isInteger(id) || id < 1) return <NotFound id={id} />;
  if (gone) {
    if (last) return <DeletedInstance id={id} record={last} />;
    if (timeline.isPending) return <Skeleton active paragraph={{ rows: 8 }} />;
    return <NotFound id={id} />;
  }
  if (query.isError) return <QueryError error={query.error} onRetry={() => void query.refetch()} title="Could not load the instance" />;
  if (!instance) return <Skeleton active paragraph={{ rows: 8 }} />;

  const change = recent(id);
  const writeBlocked = online ? undefined : OFFLINE_REASON;
  return (
    <>
      <Space style={{ display: "flex", justifyContent: "space-between", flexWrap: "wrap" }} align="center">
        <Space align="center" wrap>
          <h1 className="page-title" style={{ margin: 0 }}>
            {instance.name}
          </h1>
          <StatusTag status={instance.status} />
          <PriorityTag priority={instance.priority} />
        </Space>
        <Space wrap>
          <Link to={sameNameLink(instance.name)}>
            <HistoryOutlined aria-hidden /> Instances that had this name
          </Link>
          {canEdit && (
            <>
              <Tooltip title={writeBlocked}>
                <Button icon={<EditOutlined />} disabled={!online} onClick={() => editor.openEdit(instance)}>
                  Edit
                </Button>
              </Tooltip>
              <Tooltip title={writeBlocked}>
                <Button danger icon={<DeleteOutlined />} disabled={!online} onClick={() => confirmDelete(instance, () => void navigate("/instances"))}>
                  Delete
                </Button>
              </Tooltip>
            </>
          )}
        </Space>
      </Space>
      <Typography.Paragraph type="secondary" style={{ marginTop: 4 }}>
        ID {instance.id} · version {instance.version}
      </Typography.Paragraph>
      <Row gutter={[16, 16]}>
        <Col span={24}>
          <InstanceDetails instance={instance} changed={(field) => change?.fields.has(field) ?? false} />
        </Col>
        <Col span={24}>
          <InstanceTimeline
            instanceId={instance.id}
            restore={canEdit && online ? { currentVersion: instance.version, onRestore: (record) => revert(instance, record) } : undefined}
          />
        </Col>
      </Row>
      {deleteDialog}
      {putBackDialog}
    </>
  );
}
