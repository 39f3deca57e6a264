// One instance: every field, its GPU footprint, and its recent history (the full history
// experience lives on /history, filtered to this instance).
import { DeleteOutlined, EditOutlined } from "@ant-design/icons";
import { Button, Card, Col, Descriptions, Result, Row, Skeleton, Space, Statistic, Typography } from "antd";
import { Link, useNavigate, useParams } from "react-router";
import { ApiError } from "../../../api/errors";
import { useInstance } from "../../../api/instances";
import { usePageTitle } from "../../../app/usePageTitle";
import { PriorityTag, StatusTag } from "../../../components/EnumTag";
import { QueryError } from "../../../components/QueryError";
import { formatDateTime } from "../../../components/TimeAgo";
import { gpuFootprint } from "../fields";
import { useInstanceEditor } from "../InstanceEditorContext";
import { useConfirmDelete } from "../useConfirmDelete";
import { RecentHistory } from "./RecentHistory";

export default function InstanceDetailPage() {
  const id = Number(useParams().id);
  const query = useInstance(id);
  const editor = useInstanceEditor();
  const confirmDelete = useConfirmDelete();
  const navigate = useNavigate();
  const instance = query.data;
  usePageTitle(instance ? instance.name : `Instance ${id}`);

  if (!Number.isInteger(id) || id < 1 || (query.error instanceof ApiError && query.error.status === 404)) {
    return (
      <Result
        status="404"
        title={<h1 className="result-title">Instance {Number.isInteger(id) ? id : ""} not found</h1>}
        subTitle="It may have been deleted. Its history stays readable."
        extra={
          <Space>
            <Link to={`/history?instance_id=${id}`}>Show its history</Link>
            <Link to="/instances">Back to instances</Link>
          </Space>
        }
      />
    );
  }
  if (query.isError) return <QueryError error={query.error} onRetry={() => void query.refetch()} title="Could not load the instance" />;
  if (!instance) return <Skeleton active paragraph={{ rows: 8 }} />;

  const gpus = gpuFootprint(instance);
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
        <Space>
          <Button icon={<EditOutlined />} onClick={() => editor.openEdit(instance)}>
            Edit
          </Button>
          <Button danger icon={<DeleteOutlined />} onClick={() => confirmDelete(instance, () => void navigate("/instances"))}>
            Delete
          </Button>
        </Space>
      </Space>
      <Typography.Paragraph type="secondary" style={{ marginTop: 4 }}>
        ID {instance.id} · version {instance.version}
      </Typography.Paragraph>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={16}>
          <Card title={<h2 className="card-title">Details</h2>}>
            <Descriptions column={{ xs: 1, sm: 2 }} size="small" bordered>
              <Descriptions.Item label="Name">{instance.name}</Descriptions.Item>
              <Descriptions.Item label="Model name">{instance.model_name}</Descriptions.Item>
              <Descriptions.Item label="Model version">{instance.model_version}</Descriptions.Item>
              <Descriptions.Item label="Cluster name">{instance.cluster_name}</Descriptions.Item>
              <Descriptions.Item label="Image tag">
                <Typography.Text code copyable>
                  {instance.image_tag}
                </Typography.Text>
              </Descriptions.Item>
              <Descriptions.Item label="Replicas">{instance.replicas}</Descriptions.Item>
              <Descriptions.Item label="PP">{instance.pp}</Descriptions.Item>
              <Descriptions.Item label="CP">{instance.cp}</Descriptions.Item>
              <Descriptions.Item label="TP">{instance.tp}</Descriptions.Item>
              <Descriptions.Item label="Status">
                <StatusTag status={instance.status} />
              </Descriptions.Item>
              <Descriptions.Item label="Priority">
                <PriorityTag priority={instance.priority} />
              </Descriptions.Item>
              <Descriptions.Item label="Created">{formatDateTime(instance.created_at)}</Descriptions.Item>
              <Descriptions.Item label="Updated">{formatDateTime(instance.updated_at)}</Descriptions.Item>
              <Descriptions.Item label="Description" span={2}>
                {instance.description ?? <Typography.Text type="secondary">none</Typography.Text>}
              </Descriptions.Item>
            </Descriptions>
          </Card>
        </Col>
        <Col xs={24} lg={8}>
          <Card title={<h2 className="card-title">Parallelism</h2>}>
            <Typography.Paragraph aria-label="Parallelism summary" style={{ fontSize: 18 }}>
              {instance.pp} × {instance.cp} × {instance.tp} = <strong>{gpus.perReplica}</strong> GPUs per replica
            </Typography.Paragraph>
            <Row gutter={16}>
              <Col span={12}>
                <Statistic title="Replicas" value={instance.replicas} />
              </Col>
              <Col span={12}>
                <Statistic title="GPUs in total" value={gpus.total} />
              </Col>
            </Row>
          </Card>
        </Col>
        <Col span={24}>
          <RecentHistory instanceId={instance.id} />
        </Col>
      </Row>
    </>
  );
}
