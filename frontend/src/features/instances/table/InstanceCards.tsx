// Below 768 px the table becomes this card list: one card per instance, the same inline edits
// and actions, and touch-sized (≥ 44 px) targets.
import { DeleteOutlined, EditOutlined } from "../../../components/icons";
import { Button, Card, Checkbox, Descriptions, Empty, Space } from "antd";
import { Link } from "react-router";
import type { Instance } from "../../../api/types";
import { PriorityTag, StatusTag } from "../../../components/EnumTag";
import { useRecentChange } from "../../../live/LiveProvider";
import { useConnectivity } from "../../../offline/connectivity";
import { gpuFootprint } from "../fields";
import { InlinePriority, InlineReplicas, InlineStatus, type InlineSave } from "./InlineEditors";

export interface InstanceCardsProps {
  items: Instance[];
  selected: Set<number>;
  onToggle: (instance: Instance, checked: boolean) => void;
  onInlineSave: InlineSave;
  onEdit: (instance: Instance) => void;
  onDelete: (instance: Instance) => void;
  /** False for a viewer: no selection, inline editors or actions. */
  canEdit: boolean;
}

export function InstanceCards({ items, selected, onToggle, onInlineSave, onEdit, onDelete, canEdit }: InstanceCardsProps) {
  const { online } = useConnectivity();
  const recent = useRecentChange();
  if (items.length === 0) return <Empty description="No instances match" />;
  return (
    <ul className="instance-card-list" aria-label="Instances">
      {items.map((instance) => (
        <li key={instance.id} className={recent(instance.id) ? "live-flash" : undefined}>
          <Card
            size="small"
            title={
              <Space>
                {canEdit && (
                  <Checkbox
                    className="touch-checkbox"
                    checked={selected.has(instance.id)}
                    aria-label={`Select ${instance.name}`}
                    onChange={(e) => onToggle(instance, e.target.checked)}
                  />
                )}
                <Link to={`/instances/${instance.id}`} style={{ fontSize: 16 }}>
                  {instance.name}
                </Link>
              </Space>
            }
            extra={
              canEdit && (
                <Space size={4}>
                  <Button className="touch-target" icon={<EditOutlined />} aria-label={`Edit ${instance.name}`} disabled={!online} onClick={() => onEdit(instance)} />
                  <Button className="touch-target" danger icon={<DeleteOutlined />} aria-label={`Delete ${instance.name}`} disabled={!online} onClick={() => onDelete(instance)} />
                </Space>
              )
            }
          >
            <Space wrap style={{ marginBottom: 8 }}>
              {canEdit ? <InlineStatus instance={instance} onSave={onInlineSave} touch /> : <StatusTag status={instance.status} />}
              {canEdit ? <InlinePriority instance={instance} onSave={onInlineSave} touch /> : <PriorityTag priority={instance.priority} />}
            </Space>
            <Descriptions size="small" column={1}>
              <Descriptions.Item label="Model">
                {instance.model_name}:{instance.model_version}
              </Descriptions.Item>
              <Descriptions.Item label="Cluster">{instance.cluster_name}</Descriptions.Item>
              <Descriptions.Item label="Replicas">
                {canEdit ? <InlineReplicas key={instance.id} instance={instance} onSave={onInlineSave} touch /> : instance.replicas}
              </Descriptions.Item>
              <Descriptions.Item label="PP × CP × TP">
                {instance.pp} × {instance.cp} × {instance.tp} ({gpuFootprint(instance).total} GPUs)
              </Descriptions.Item>
            </Descriptions>
          </Card>
        </li>
      ))}
    </ul>
  );
}
