// Every field of an instance and its GPU footprint. Fields that just changed live are
// highlighted for a few seconds. Also renders the last state of a deleted instance.
import { Card, Col, Descriptions, Row, Statistic, Typography } from "antd";
import type { ReactNode } from "react";
import type { Instance } from "../../../api/types";
import { PriorityTag, StatusTag } from "../../../components/EnumTag";
import { formatDateTime } from "../../../components/TimeAgo";
import { gpuFootprint } from "../fields";

/** Wraps a value that changed a moment ago in a highlight (with a text cue for screen readers). */
function Flash({ on, children }: { on: boolean; children: ReactNode }) {
  if (!on) return <>{children}</>;
  return (
    <span className="live-flash live-flash-cell" data-flash="true">
      {children}
      <span className="sr-only"> (just changed)</span>
    </span>
  );
}

export function InstanceDetails({ instance, changed, title = "Details" }: { instance: Instance; changed: (field: string) => boolean; title?: string }) {
  const gpus = gpuFootprint(instance);
  const item = (field: keyof Instance, label: string, value: ReactNode) => (
    <Descriptions.Item label={label} key={field}>
      <Flash on={changed(field)}>{value}</Flash>
    </Descriptions.Item>
  );
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={16}>
        <Card title={<h2 className="card-title">{title}</h2>}>
          <Descriptions column={{ xs: 1, sm: 2 }} size="small" bordered>
            {item("name", "Name", instance.name)}
            {item("model_name", "Model name", instance.model_name)}
            {item("model_version", "Model version", instance.model_version)}
            {item("cluster_name", "Cluster name", instance.cluster_name)}
            {item(
              "image_tag",
              "Image tag",
              <Typography.Text code copyable>
                {instance.image_tag}
              </Typography.Text>,
            )}
            {item("replicas", "Replicas", instance.replicas)}
            {item("pp", "PP", instance.pp)}
            {item("cp", "CP", instance.cp)}
            {item("tp", "TP", instance.tp)}
            {item("status", "Status", <StatusTag status={instance.status} />)}
            {item("priority", "Priority", <PriorityTag priority={instance.priority} />)}
            {item("created_at", "Created", formatDateTime(instance.created_at))}
            {item("updated_at", "Updated", formatDateTime(instance.updated_at))}
            <Descriptions.Item label="Description" span={2}>
              <Flash on={changed("description")}>{instance.description ?? <Typography.Text type="secondary">none</Typography.Text>}</Flash>
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
    </Row>
  );
}
