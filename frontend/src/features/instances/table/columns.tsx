// Column definitions of the instances table. Sorting is server-side: a column's sort state is
// read from (and written to) the view's `sort` keys, never computed on the client.
import { DeleteOutlined, EditOutlined } from "../../../components/icons";
import { Button, Space, Tooltip, Typography } from "antd";
import type { ColumnsType, SortOrder } from "antd/es/table/interface";
import { Link } from "react-router";
import type { Instance, InstanceSortKey } from "../../../api/types";
import { PriorityTag, StatusTag } from "../../../components/EnumTag";
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
  /** False for a viewer: no inline editors and no edit/delete actions at all. */
  canEdit: boolean;
}

export function instanceColumns({ sort, hidden, onInlineSave, onEdit, onDelete, readOnly, canEdit }: ColumnContext): ColumnsType<Instance> {
  const sortable = (key: SortableKey) => ({
    key,
    sorter: true,
    sortOrder: sortOrderOf(sort, key),
    sortDirections: ["ascend", "descend", "ascend"] as SortOrder[],
  });
  const columns: (ColumnsType<Instance>[number] & { key: string })[] = [
    { title: "ID", dataIndex: "id", width: 70, ...sortable("id") },
    {
      title: "Name",
      dataIndex: "name",
      width: 160,
      ellipsis: { showTitle: false },
      ...sortable("name"),
      render: (name: string, row) => (
        <Link to={`/instances/${row.id}`} title={name}>
          {name}
        </Link>
      ),
    },
    {
      title: "Model",
      dataIndex: "model_name",
      width: 140,
      ellipsis: { showTitle: false },
      ...sortable("model_name"),
      render: (model: string, row) => (
        <span title={`${model}:${row.model_version}`}>
          {model}
          <Typography.Text type="secondary">:{row.model_version}</Typography.Text>
        </span>
      ),
    },
    { title: "Cluster", dataIndex: "cluster_name", width: 110, ellipsis: true, ...sortable("cluster_name") },
    { title: "Image tag", dataIndex: "image_tag", key: "image_tag", width: 110, ellipsis: true },
    {
      title: "Replicas",
      dataIndex: "replicas",
      width: 90,
      ...sortable("replicas"),
      render: (_v, row) => (canEdit ? <InlineReplicas key={row.id} instance={row} onSave={onInlineSave} /> : row.replicas),
    },
    {
      title: <abbr title="Pipeline × context × tensor parallel; GPUs per replica">PP × CP × TP</abbr>,
      key: "parallelism",
      width: 100,
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
      width: 110,
      ...sortable("status"),
      render: (_v, row) => (canEdit ? <InlineStatus instance={row} onSave={onInlineSave} /> : <StatusTag status={row.status} />),
    },
    {
      title: "Priority",
      dataIndex: "priority",
      width: 105,
      ...sortable("priority"),
      render: (_v, row) => (canEdit ? <InlinePriority instance={row} onSave={onInlineSave} /> : <PriorityTag priority={row.priority} />),
    },
    { title: "Description", dataIndex: "description", key: "description", width: 200, ellipsis: true },
    { title: "Created", dataIndex: "created_at", width: 100, ...sortable("created_at"), render: (v: string) => <TimeAgo value={v} /> },
    { title: "Updated", dataIndex: "updated_at", width: 100, ...sortable("updated_at"), render: (v: string) => <TimeAgo value={v} /> },
    {
      title: <span className="sr-only">Actions</span>,
      key: "actions",
      width: 72,
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
  return columns.filter((c) => !hidden.has(c.key as OptionalColumnKey) && (canEdit || c.key !== "actions"));
}

/**
 * The width the table needs to show every visible column at its set width (plus the selection
 * column): below it the table scrolls sideways instead of squeezing cells into each other.
 */
export function minTableWidth(columns: ColumnsType<Instance>): number {
  return columns.reduce((sum, c) => sum + (typeof c.width === "number" ? c.width : 120), 48);
}

/** Turns antd's sorter callback into the view's sort keys (single-column; clearing restores the default). */
export function sortFromSorter(field: unknown, order: SortOrder | undefined): InstanceSortKey[] | null {
  if (typeof field !== "string" || !order) return null;
  return [(order === "descend" ? `-${field}` : field) as InstanceSortKey];
}
