// The instances table: one server page at a time (X-Total-Count drives the pager), with filters,
// search, sort and page in the URL, inline edits, explicit-selection bulk changes, and a card
// list on small screens. With `as_of` in the URL it shows the fleet as it was then (time travel):
// read-only, under a banner, with what changed since.
import { Grid, Pagination, Table, Typography } from "antd";
import { useCallback, useEffect, useState } from "react";
import { useLocation } from "react-router";
import { instanceExportUrl } from "../../api/exports";
import { useInstanceList } from "../../api/instances";
import { withReason } from "../../api/reason";
import type { Instance, InstanceUpdate } from "../../api/types";
import { usePageTitle } from "../../app/usePageTitle";
import { useNotify } from "../../app/useNotify";
import { usePermissions } from "../../auth/AccessContext";
import { ExportButton } from "../../components/ExportButton";
import { useRecentChange } from "../../live/LiveProvider";
import { useConnectivity } from "../../offline/connectivity";
import { QueryError } from "../../components/QueryError";
import { BulkBar } from "./bulk/BulkBar";
import type { BulkAction } from "./bulk/bulkAction";
import { BulkConfirmModal } from "./bulk/BulkConfirmModal";
import { useConflictAwareUpdate } from "./conflict/useConflictAwareUpdate";
import { useInstanceEditor } from "./InstanceEditorContext";
import { useReasonPrompt } from "./reason/useReasonPrompt";
import { DEFAULT_SORT, listViewToQuery, PAGE_SIZES, withFilters } from "./listView";
import { instanceColumns, minTableWidth, sortFromSorter } from "./table/columns";
import { FilterBar } from "./table/FilterBar";
import { InstanceCards } from "./table/InstanceCards";
import { MobileSort } from "./table/MobileSort";
import { ColumnChooser, DensityToggle } from "./table/TableSettings";
import { useTablePrefs } from "./table/useTablePrefs";
import { useConfirmDelete } from "./useConfirmDelete";
import { ImportButton } from "./import/ImportButton";
import { ChangesSince } from "../timetravel/ChangesSince";
import { useTimeTravel } from "../timetravel/useTimeTravel";
import { useListView } from "./useListView";
import { useSelection } from "./useSelection";

export default function InstancesPage() {
  usePageTitle("Instances");
  const [view, setView] = useListView();
  const query = listViewToQuery(view);
  const list = useInstanceList(query);
  const prefs = useTablePrefs();
  const editor = useInstanceEditor();
  const { confirmDelete, deleteDialog } = useConfirmDelete();
  const { askReason, reasonPrompt } = useReasonPrompt();
  const { canEdit: mayEdit, requireReason } = usePermissions();
  const past = view.asOf !== "";
  // The past is read-only for everyone: no edit, delete, selection or bulk control.
  const canEdit = mayEdit && !past;
  const timeTravel = useTimeTravel(view.asOf, (asOf) => setView({ ...view, asOf, page: 1 }));
  const notify = useNotify();
  const { save, conflictModal } = useConflictAwareUpdate();
  const selection = useSelection(list.data?.items);
  const [bulk, setBulk] = useState<{ action: BulkAction; selection: Instance[] } | null>(null);
  const location = useLocation();
  const mobile = Grid.useBreakpoint().md === false;
  const { online } = useConnectivity();
  const recent = useRecentChange();
  const focusSearch = Boolean((location.state as { focusSearch?: boolean } | null)?.focusSearch);

  // Arrived here through the `/` shortcut from another page: focus the search once it exists.
  useEffect(() => {
    if (focusSearch) document.getElementById("instance-search")?.focus();
  }, [focusSearch]);

  const onInlineSave = useCallback(
    async (instance: Instance, patch: InstanceUpdate): Promise<boolean> => {
      // Inline edits carry no reason unless the server requires one: then ask before sending.
      const reason = requireReason ? await askReason(instance, patch) : undefined;
      if (reason === null) return false;
      try {
        const outcome = await save(instance, withReason(patch, reason));
        return outcome.kind !== "cancelled";
      } catch (error) {
        notify.error(`Could not save “${instance.name}”`, error);
        return false;
      }
    },
    [save, notify, requireReason, askReason],
  );

  const items = list.data?.items ?? [];
  const total = list.data?.total ?? 0;
  const columns = instanceColumns({
    sort: view.sort,
    hidden: prefs.hidden,
    onInlineSave,
    onEdit: editor.openEdit,
    onDelete: (instance) => confirmDelete(instance, () => selection.toggle(instance, false)),
    readOnly: !online,
    canEdit,
  });

  const lastPage = Math.max(1, Math.ceil(total / view.pageSize));
  // Past the last page (a stale link, or the last rows deleted) the pager would clamp itself to a
  // page the table is not showing; the "past the end" notice links to the real last page instead.
  const pastEnd = view.page > lastPage && !list.isFetching && list.isSuccess;
  const pager = pastEnd ? null : (
    <Pagination
      current={view.page}
      pageSize={view.pageSize}
      total={total}
      showSizeChanger
      pageSizeOptions={PAGE_SIZES.map(String)}
      showTotal={(t, [from, to]) => `${from}–${to} of ${t.toLocaleString()}`}
      onChange={(page, pageSize) => setView({ ...view, page: pageSize !== view.pageSize ? 1 : page, pageSize })}
      simple={mobile ? { readOnly: true } : undefined}
      style={{ marginTop: 12, textAlign: "right" }}
    />
  );

  const { skip: _skip, limit: _limit, sort: _sort, as_of: _asOf, ...filters } = query;
  return (
    <>
      <h1 className="page-title">Instances</h1>
      {timeTravel.banner}
      {timeTravel.picker}
      <FilterBar
        view={view}
        onChange={setView}
        onRefresh={() => void list.refetch()}
        refreshing={list.isFetching}
        extra={
          <>
            {timeTravel.button}
            {mobile && <MobileSort sort={view.sort} onChange={(sort) => setView(withFilters(view, { sort }))} />}
            <ExportButton
              what="the matching instances"
              hrefFor={(format) => instanceExportUrl({ ...filters, sort: view.sort, as_of: query.as_of, format })}
            />
            {canEdit && online && <ImportButton />}
            {!mobile && (
              <>
                <DensityToggle value={prefs.density} onChange={prefs.setDensity} />
                <ColumnChooser hidden={prefs.hidden} onChange={prefs.setHidden} />
              </>
            )}
          </>
        }
      />
      {canEdit && (
        <BulkBar
          count={selection.selected.size}
          changedByOthers={selection.changedByOthers.size}
          onAction={(action) => setBulk({ action, selection: [...selection.selected.values()] })}
          onClear={selection.clear}
        />
      )}
      {list.isError && (
        <QueryError error={list.error} onRetry={() => void list.refetch()} title="Could not load instances" />
      )}
      {pastEnd && (
        <Typography.Paragraph>
          This page is past the end.{" "}
          <Typography.Link onClick={() => setView({ ...view, page: lastPage })}>Go to page {lastPage}</Typography.Link>
        </Typography.Paragraph>
      )}
      {mobile ? (
        <>
          <InstanceCards
            items={items}
            selected={new Set(selection.selected.keys())}
            onToggle={selection.toggle}
            onInlineSave={onInlineSave}
            onEdit={editor.openEdit}
            onDelete={(instance) => confirmDelete(instance, () => selection.toggle(instance, false))}
            canEdit={canEdit}
          />
          {pager}
        </>
      ) : (
        <>
          {/* Horizontal scrolling by a wrapper, not Table's scroll.x: that adds a hidden measure
              row copying the header's "Select all" checkbox, which axe flags as focusable-but-hidden. */}
          <div style={{ overflowX: "auto" }}>
          <Table<Instance>
            rowKey="id"
            className="instances-table"
            style={{ ["--instances-min-width" as string]: `${minTableWidth(columns)}px` }}
            size={prefs.density}
            columns={columns}
            dataSource={items}
            loading={list.isPending || (list.isFetching && list.isPlaceholderData)}
            pagination={false}
            aria-label="Instances"
            // A row changed live (by anyone) flashes briefly; the past does not change.
            rowClassName={(row) => (!past && recent(row.id) ? "live-flash" : "")}
            // Selection only serves bulk changes: a viewer gets none.
            rowSelection={
              canEdit
                ? {
                    selectedRowKeys: [...selection.selected.keys()],
                    preserveSelectedRowKeys: true,
                    onChange: (keys) => selection.setKeys(keys as number[]),
                    getCheckboxProps: (row) => ({ "aria-label": `Select ${row.name}` }),
                  }
                : undefined
            }
            onChange={(_pagination, _filters, sorter, extra) => {
              if (extra.action !== "sort" || Array.isArray(sorter)) return;
              const sort = sortFromSorter(sorter.field, sorter.order) ?? DEFAULT_SORT;
              setView(withFilters(view, { sort }));
            }}
            locale={{ emptyText: list.isPending ? " " : past ? "No instances matched then" : "No instances match" }}
          />
          </div>
          {pager}
        </>
      )}
      {past && <ChangesSince asOf={view.asOf} filters={filters} />}
      <BulkConfirmModal
        action={bulk?.action ?? null}
        selection={bulk?.selection ?? []}
        onClose={() => setBulk(null)}
        onApplied={() => {
          setBulk(null);
          selection.clear();
        }}
        onStale={() => void list.refetch()}
        changedMeanwhile={[...selection.changedByOthers].flatMap((id) => selection.selected.get(id) ?? [])}
        onRetake={() => bulk && setBulk({ action: { ...bulk.action }, selection: selection.retakeChanged() })}
      />
      {conflictModal}
      {deleteDialog}
      {reasonPrompt}
    </>
  );
}
