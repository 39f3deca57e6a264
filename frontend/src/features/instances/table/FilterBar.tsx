// Search + filters for the instances table. Cluster and model options come from GET /stats (one
// aggregate query), so building the filters never scans the fleet, whatever its size.
import { ClearOutlined, ReloadOutlined } from "../../../components/icons";
import { Button, Select, Tooltip } from "antd";
import { DebouncedSearch } from "../../../components/DebouncedSearch";
import { PRIORITY_VALUES, STATUS_VALUES } from "../../../api/rules";
import { useFleetStats } from "../../../api/stats";
import { DEFAULT_VIEW, hasActiveFilters, withFilters, type InstanceListView } from "../listView";

export interface FilterBarProps {
  view: InstanceListView;
  onChange: (view: InstanceListView, options?: { replace?: boolean }) => void;
  onRefresh: () => void;
  refreshing: boolean;
  extra?: React.ReactNode;
}

export function FilterBar({ view, onChange, onRefresh, refreshing, extra }: FilterBarProps) {
  const stats = useFleetStats();
  const clusterOptions = (stats.data?.by_cluster ?? []).map((c) => ({ value: c.name, label: `${c.name} (${c.count})` }));
  const modelOptions = (stats.data?.by_model ?? []).map((m) => ({ value: m.name, label: `${m.name} (${m.count})` }));
  // A filter value from a shared link may not be in the stats (e.g. no instances left): keep it selectable.
  for (const c of view.cluster) if (!clusterOptions.some((o) => o.value === c)) clusterOptions.push({ value: c, label: c });
  for (const m of view.model) if (!modelOptions.some((o) => o.value === m)) modelOptions.push({ value: m, label: m });

  return (
    <div className="filter-bar" role="search" aria-label="Filter instances">
      <DebouncedSearch
        id="instance-search"
        value={view.q}
        onCommit={(q) => onChange(withFilters(view, { q }), { replace: true })}
        ariaLabel="Search instances"
        placeholder="Search name, model, cluster, image, description  ( / )"
        shortcut="/"
      />
      <Select
        mode="multiple"
        allowClear
        className="filter-select"
        aria-label="Filter by status"
        placeholder="Status"
        value={view.status}
        options={STATUS_VALUES.map((s) => ({ value: s, label: s }))}
        onChange={(status) => onChange(withFilters(view, { status }))}
        maxTagCount="responsive"
      />
      <Select
        mode="multiple"
        allowClear
        className="filter-select"
        aria-label="Filter by priority"
        placeholder="Priority"
        value={view.priority}
        options={PRIORITY_VALUES.map((p) => ({ value: p, label: p }))}
        onChange={(priority) => onChange(withFilters(view, { priority }))}
        maxTagCount="responsive"
      />
      <Select
        mode="multiple"
        allowClear
        showSearch
        className="filter-select"
        aria-label="Filter by cluster"
        placeholder="Cluster"
        value={view.cluster}
        options={clusterOptions}
        loading={stats.isPending}
        onChange={(cluster) => onChange(withFilters(view, { cluster }))}
        maxTagCount="responsive"
      />
      <Select
        mode="multiple"
        allowClear
        showSearch
        className="filter-select"
        aria-label="Filter by model"
        placeholder="Model"
        value={view.model}
        options={modelOptions}
        loading={stats.isPending}
        onChange={(model) => onChange(withFilters(view, { model }))}
        maxTagCount="responsive"
      />
      {hasActiveFilters(view) && (
        <Button icon={<ClearOutlined />} onClick={() => onChange({ ...DEFAULT_VIEW, sort: view.sort, pageSize: view.pageSize, asOf: view.asOf })}>
          Clear filters
        </Button>
      )}
      <span style={{ flex: 1 }} />
      {extra}
      <Tooltip title="Refresh">
        <Button icon={<ReloadOutlined />} aria-label="Refresh" loading={refreshing} onClick={onRefresh} />
      </Tooltip>
    </div>
  );
}
