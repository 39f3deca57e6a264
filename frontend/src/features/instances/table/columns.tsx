// Column definitions of the instances table. Sorting is server-side: a column's sort state is
// read from (and written to) the view's `sort` keys, never computed on the client.
import { DeleteOutlined, EditOutlined } from "@ant-design/icons";
import { Button, Space, Tooltip, Typography } from "antd";
import type { ColumnsType, SortOrder } from "antd/es/table/interface";
import { Link } from "react-router";
import type { Instance, InstanceSortKey } from "../../../api/types";
import { TimeAgo } from "../../../components/TimeAgo";
import { gpuFootprint } from "../fields";
import { InlinePriority, InlineReplicas, InlineStatus, type InlineSave } from "./InlineEditors";
import type { OptionalColumnKey } from "./useTablePrefs";

type SortableKey = Exclude<InstanceSortKey, `-${string}`>;

function sortOrderOf(sort: InstanceSortKey[], key: SortableKey): SortOrder {
  const first = sort[0];
  if (first === key) return "ascend";
  if (first === `-${key}`) return "descend";
  return null;
}

export interface ColumnContext {
  sort: InstanceSortKey[];
  hidden: Set<OptionalColumnKey>;
  onInlineSave: InlineSave;
  onEdit: (instance: Instance) => void;
  onDelete: (instance: Instance) => void;
  /** Offline: edit and delete are disabled. */
  readOnly: boolean;
}

export function instanceColumns({ sort, hidden, onInlineSave, onEdit, onDelete, readOnly }: ColumnContext): ColumnsType<Instance> {
  const sortable = (key: SortableKey) => ({
    key,
    sorter: true,
    sortOrder: sortOrderOf(sort, key),
    sortDirections: ["ascend", "descend", "ascend"] as SortOrder[],
  });
  const columns: (ColumnsType<Instance>[number] & { key: string })[] = [
    { title: "ID", dataIndex: "id", width: 80, ...sortable("id") },
    {
      title: "Name",
      dataIndex: "name",
      ...sortable("name"),
      render: (name: string, row) => <Link to={`/instances/${row.id}`}>{name}</Link>,
    },
    {
      title: "Model",
      dataIndex: "model_name",
      ...sortable("model_name"),
      render: (model: string, row) => (
        <span>
          {model}
          <Typography.Text type="secondary">:{row.model_version}</Typography.Text>
        </span>
      ),
    },
    { title: "Cluster", dataIndex: "cluster_name", ...sortable("cluster_name") },
    { title: "Image tag", dataIndex: "image_tag", key: "image_tag", ellipsis: true },
    {
      title: "Replicas",
      dataIndex: "replicas",
      width: 150,
      ...sortable("replicas"),
      render: (_v, row) => <InlineReplicas key={`${row.id}:${row.version}`} instance={row} onSave={onInlineSave} />,
    },
    {
      title: <abbr title="Pipeline × context × tensor parallel; GPUs per replica">PP × CP × TP</abbr>,
      key: "parallelism",
      render: (_v, row) => (
        <Tooltip title={`${gpuFootprint(row).total} GPUs in total`}>
          <span>
            {row.pp} × {row.cp} × {row.tp} = {gpuFootprint(row).perReplica}
          </span>
        </Tooltip>
      ),
    },
    {
      title: "Status",
      dataIndex: "status",
      width: 130,
      ...sortable("status"),
      render: (_v, row) => <InlineStatus instance={row} onSave={onInlineSave} />,
    },
    {
      title: "Priority",
      dataIndex: "priority",
      width: 130,
      ...sortable("priority"),
      render: (_v, row) => <InlinePriority instance={row} onSave={onInlineSave} />,
    },
    { title: "Description", dataIndex: "description", key: "description", ellipsis: true },
    { title: "Created", dataIndex: "created_at", width: 140, ...sortable("created_at"), render: (v: string) => <TimeAgo value={v} /> },
    { title: "Updated", dataIndex: "updated_at", width: 140, ...sortable("updated_at"), render: (v: string) => <TimeAgo value={v} /> },
    {
      title: <span className="sr-only">Actions</span>,
      key: "actions",
      width: 90,
      render: (_v, row) => (
        <Space size={0}>
          <Tooltip title="Edit">
            <Button type="text" size="small" icon={<EditOutlined />} aria-label={`Edit ${row.name}`} disabled={readOnly} onClick={() => onEdit(row)} />
          </Tooltip>
          <Tooltip title="Delete">
            <Button type="text" size="small" danger icon={<DeleteOutlined />} aria-label={`Delete ${row.name}`} disabled={readOnly} onClick={() => onDelete(row)} />
          </Tooltip>
        </Space>
      ),
    },
  ];
  return columns.filter((c) => !hidden.has(c.key as OptionalColumnKey));
}

/** Turns antd's sorter callback into the view's sort keys (single-column; clearing restores the default). */
export function sortFromSorter(field: unknown, order: SortOrder | undefined): InstanceSortKey[] | null {
  if (typeof field !== "string" || !order) return null;
  return [(order === "descend" ? `-${field}` : field) as InstanceSortKey];
}
