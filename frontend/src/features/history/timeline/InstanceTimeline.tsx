// The whole history of one instance, newest first. Windowed (only the entries near the viewport
// are in the DOM, measured as they render) and paged with keyset cursors as the user scrolls, so
// an instance with 50,000 changes scrolls as smoothly as one with five. New changes arrive live
// (api/liveCache.ts prepends them) and slide in.
import { DiffOutlined } from "../../../components/icons";
import { useWindowVirtualizer } from "@tanstack/react-virtual";
import { Button, Card, Skeleton, Space, Typography } from "antd";
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";
import { useNavigate } from "react-router";
import { historyExportUrl } from "../../../api/exports";
import { useInstanceTimeline } from "../../../api/history";
import type { HistoryRecord } from "../../../api/types";
import { ExportButton } from "../../../components/ExportButton";
import { QueryError } from "../../../components/QueryError";
import { compareLink } from "../compare/compareLink";
import { TimelineEntry } from "./TimelineEntry";
import { useCompareSelection } from "./useCompareSelection";
import { useFreshIds } from "./useFreshIds";

/** Start loading the next page when the last rendered entry is this close to the end. */
const PREFETCH_DISTANCE = 10;

export interface TimelineRestore {
  /** The instance's version now: that entry is what it already is, so it offers no restore. */
  currentVersion: number;
  onRestore: (record: HistoryRecord) => void;
}

export function InstanceTimeline({ instanceId, headingLevel = 2, restore }: { instanceId: number; headingLevel?: 2 | 3; restore?: TimelineRestore }) {
  const timeline = useInstanceTimeline(instanceId);
  const items = useMemo<HistoryRecord[]>(() => timeline.data?.pages.flatMap((page) => page.items) ?? [], [timeline.data]);
  const total = timeline.data?.pages[0]?.total ?? null;
  const selection = useCompareSelection();
  const navigate = useNavigate();
  const fresh = useFreshIds(items);
  const listRef = useRef<HTMLOListElement>(null);
  const [scrollMargin, setScrollMargin] = useState(0);

  // The list's distance from the top of the document, so window scrolling maps onto entries.
  useLayoutEffect(() => {
    const list = listRef.current;
    if (list) setScrollMargin(list.getBoundingClientRect().top + window.scrollY);
  }, [items.length]);

  const virtualizer = useWindowVirtualizer({
    count: items.length,
    estimateSize: () => 84,
    overscan: 6,
    scrollMargin,
    getItemKey: (index) => items[index]?.history_id ?? index,
  });
  const virtualItems = virtualizer.getVirtualItems();
  const lastRendered = virtualItems[virtualItems.length - 1]?.index ?? -1;
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = timeline;

  useEffect(() => {
    if (hasNextPage && !isFetchingNextPage && lastRendered >= items.length - PREFETCH_DISTANCE) void fetchNextPage();
  }, [lastRendered, items.length, hasNextPage, isFetchingNextPage, fetchNextPage]);

  const Heading = `h${headingLevel}` as const;
  const count = total !== null ? `${total.toLocaleString()} change${total === 1 ? "" : "s"}` : `${items.length.toLocaleString()} loaded`;

  return (
    <Card
      title={
        <Heading className="card-title" id={`timeline-${instanceId}`}>
          History <Typography.Text type="secondary">· {count}</Typography.Text>
        </Heading>
      }
    >
      {/* Actions sit in the body, not the card header, so the heading keeps its room on phones. */}
      <Space wrap style={{ marginBottom: 12 }}>
        <Button
          icon={<DiffOutlined />}
          disabled={!selection.pair}
          onClick={() => selection.pair && void navigate(compareLink(instanceId, selection.pair[0], selection.pair[1]))}
        >
          {selection.picked.length === 2 ? "Compare selected" : `Select two to compare (${selection.picked.length}/2)`}
        </Button>
        <ExportButton what="this instance's history" hrefFor={(format) => historyExportUrl({ instance_id: instanceId, format })} />
      </Space>
      {timeline.isError && <QueryError error={timeline.error} onRetry={() => void timeline.refetch()} title="Could not load the history" />}
      <Skeleton loading={timeline.isPending} active>
        <ol
          ref={listRef}
          className="timeline"
          aria-labelledby={`timeline-${instanceId}`}
          style={{ height: virtualizer.getTotalSize(), position: "relative" }}
        >
          {virtualItems.map((row) => {
            const record = items[row.index];
            if (!record) return null;
            return (
              <li
                key={row.key}
                data-index={row.index}
                ref={virtualizer.measureElement}
                aria-setsize={total ?? -1}
                aria-posinset={row.index + 1}
                className="timeline-row"
                style={{ transform: `translateY(${row.start - virtualizer.options.scrollMargin}px)` }}
              >
                <TimelineEntry
                  record={record}
                  previous={items[row.index + 1]}
                  selected={selection.picked.includes(record.history_id)}
                  onSelect={(r, selected) => selection.toggle(r.history_id, selected)}
                  fresh={fresh.has(record.history_id)}
                  onRestore={restore && record.version !== restore.currentVersion ? restore.onRestore : undefined}
                />
              </li>
            );
          })}
        </ol>
        {items.length === 0 && !timeline.isPending && <p className="plain-list-empty">No history</p>}
        {hasNextPage && (
          <Button block loading={isFetchingNextPage} onClick={() => void fetchNextPage()} style={{ marginTop: 8 }}>
            Load older changes
          </Button>
        )}
      </Skeleton>
    </Card>
  );
}
