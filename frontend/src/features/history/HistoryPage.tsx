// The fleet change feed (GET /history), newest first: filters in the URL, keyset paging ("Load
// older", also triggered by scrolling to the end), the total from the first page, export of
// everything that matches, and an offer to show live changes that match the filters (the list
// never moves under the reader during an incident).
import { ReloadOutlined } from "../../components/icons";
import { useQueryClient } from "@tanstack/react-query";
import { Alert, Button, Grid, Space, Typography } from "antd";
import { useEffect, useMemo, useRef, useState } from "react";
import { Link, useSearchParams } from "react-router";
import { historyExportUrl } from "../../api/exports";
import { historyKeys, useHistoryFeed } from "../../api/history";
import { usePageTitle } from "../../app/usePageTitle";
import { ExportButton } from "../../components/ExportButton";
import { QueryError } from "../../components/QueryError";
import { useLiveEvents } from "../../live/LiveProvider";
import { fleetViewToFilters, fleetViewToParams, parseFleetView, recordMatches, rowFilterLinks, type FleetView } from "./fleet/fleetFilters";
import { FeedCards } from "./fleet/FeedCards";
import { FeedTable } from "./fleet/FeedTable";
import { HistoryFilterBar } from "./fleet/HistoryFilterBar";
import { useUndoOffer } from "../timetravel/useUndoOffer";
import { usePutBack } from "../putback/usePutBack";
import type { HistoryRecord } from "../../api/types";

/** Loads the next page when this element scrolls into view. */
function useEndSentinel(onVisible: () => void, active: boolean) {
  const ref = useRef<HTMLDivElement>(null);
  const callback = useRef(onVisible);
  callback.current = onVisible;
  useEffect(() => {
    const element = ref.current;
    if (!element || !active || typeof IntersectionObserver === "undefined") return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting)) callback.current();
    }, { rootMargin: "400px" });
    observer.observe(element);
    return () => observer.disconnect();
  }, [active]);
  return ref;
}

export default function HistoryPage() {
  usePageTitle("History");
  const [params, setParams] = useSearchParams();
  const view = useMemo(() => parseFleetView(params), [params]);
  // Presets ("last hour") resolve when the filters change, not on every render.
  const filters = useMemo(() => fleetViewToFilters(view, new Date()), [view]);
  const setView = (next: FleetView, replace = false) => setParams(fleetViewToParams(next), { replace });
  const feed = useHistoryFeed(filters);
  const queryClient = useQueryClient();
  const mobile = Grid.useBreakpoint().md === false;
  const items = useMemo(() => feed.data?.pages.flatMap((page) => page.items) ?? [], [feed.data]);
  const total = feed.data?.pages[0]?.total ?? null;
  const [newCount, setNewCount] = useState(0);
  const newestLoaded = items[0]?.history_id ?? 0;
  const links = useMemo(() => rowFilterLinks(view), [view]);
  const { undo, putBackDialog } = usePutBack();
  const onUndo = useUndoOffer() && ((record: HistoryRecord) => undo({ history_ids: [record.history_id] }, `this change to “${record.name}”`));
  // The feed shows one request's changes (a clicked request id): it can be undone as a whole.
  const oneRequest = view.requestIds.length === 1 ? view.requestIds[0] : undefined;
  // The actors on screen, offered as suggestions in the actor filter.
  const knownActors = useMemo(() => [...new Set(items.flatMap((record) => (record.actor ? [record.actor] : [])))].sort(), [items]);

  useEffect(() => setNewCount(0), [filters, newestLoaded]);
  useLiveEvents((event) => {
    if (event.history_id > newestLoaded && recordMatches(event.record, filters)) setNewCount((n) => n + 1);
  });

  const { hasNextPage, isFetchingNextPage, fetchNextPage } = feed;
  const sentinel = useEndSentinel(() => {
    if (hasNextPage && !isFetchingNextPage) void fetchNextPage();
  }, Boolean(hasNextPage) && !isFetchingNextPage);

  return (
    <>
      <h1 className="page-title">History</h1>
      <HistoryFilterBar view={view} onChange={setView} knownActors={knownActors} />
      <Space wrap style={{ marginBottom: 12, justifyContent: "space-between", width: "100%" }}>
        <Typography.Text role="status" aria-live="polite" data-testid="history-total">
          {total === null
            ? feed.isPending
              ? "Loading…"
              : `${items.length.toLocaleString()} shown`
            : `${total.toLocaleString()} matching change${total === 1 ? "" : "s"} · ${items.length.toLocaleString()} shown`}
        </Typography.Text>
        <Space wrap>
          <Link to="/history/diff">What changed between two moments</Link>
          {oneRequest && onUndo && (
            <Button onClick={() => undo({ request_id: oneRequest }, `request ${oneRequest}`)}>Undo this whole request</Button>
          )}
          <ExportButton what="the matching history records" hrefFor={(format) => historyExportUrl({ ...filters, format })} />
        </Space>
      </Space>
      {newCount > 0 && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          title={`${newCount} new change${newCount === 1 ? "" : "s"} match${newCount === 1 ? "es" : ""} these filters`}
          action={
            <Button size="small" icon={<ReloadOutlined />} onClick={() => void queryClient.resetQueries({ queryKey: historyKeys.feed(filters) })}>
              Show
            </Button>
          }
        />
      )}
      {feed.isError && <QueryError error={feed.error} onRetry={() => void feed.refetch()} title="Could not load history" />}
      {mobile ? (
        <FeedCards items={items} empty={feed.isPending ? "Loading…" : "No changes match"} links={links} onUndo={onUndo} />
      ) : (
        <FeedTable
          items={items}
          loading={feed.isPending || (feed.isFetching && feed.isPlaceholderData)}
          empty={feed.isPending ? " " : "No changes match"}
          links={links}
          onUndo={onUndo}
        />
      )}
      {putBackDialog}
      <div ref={sentinel} aria-hidden style={{ height: 1 }} />
      {hasNextPage && (
        <Button block loading={isFetchingNextPage} onClick={() => void fetchNextPage()} style={{ marginTop: 8 }}>
          Load older
        </Button>
      )}
    </>
  );
}
