// Below 768 px the table's column headers (its sort controls) give way to cards; this picker
// offers the same server-side sorts, written to the URL like a header click.
import { Select } from "antd";
import type { InstanceSortKey } from "../../../api/types";

const SORTS: { value: InstanceSortKey; label: string }[] = [
  { value: "-updated_at", label: "Recently changed" },
  { value: "-created_at", label: "Newest" },
  { value: "name", label: "Name A–Z" },
  { value: "-name", label: "Name Z–A" },
  { value: "-priority", label: "Priority, highest first" },
  { value: "status", label: "Status" },
  { value: "-replicas", label: "Most replicas" },
  { value: "cluster_name", label: "Cluster" },
  { value: "model_name", label: "Model" },
];

export function MobileSort({ sort, onChange }: { sort: InstanceSortKey[]; onChange: (sort: InstanceSortKey[]) => void }) {
  const current = sort[0];
  // A sort from a shared link that the picker does not list stays selectable.
  const options = current && !SORTS.some((s) => s.value === current) ? [...SORTS, { value: current, label: current }] : SORTS;
  return (
    <Select
      aria-label="Sort by"
      className="filter-select"
      value={current}
      options={options}
      onChange={(value) => onChange([value])}
      style={{ minWidth: 180 }}
    />
  );
}
