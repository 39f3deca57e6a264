// History ids that appeared at the top of a list after it first loaded (live arrivals), kept for
// a few seconds so they can slide in and stand out.
import { useEffect, useRef, useState } from "react";
import type { HistoryRecord } from "../../../api/types";
import { HIGHLIGHT_MS } from "../../../live/recentChanges";

export function useFreshIds(items: HistoryRecord[]): ReadonlySet<number> {
  const newestSeen = useRef<number | null>(null);
  const [fresh, setFresh] = useState<ReadonlySet<number>>(new Set());
  const newest = items[0]?.history_id ?? null;

  useEffect(() => {
    if (newest === null) return;
    const previous = newestSeen.current;
    newestSeen.current = Math.max(previous ?? 0, newest);
    if (previous === null || newest <= previous) return;
    const arrived = items.filter((r) => r.history_id > previous).map((r) => r.history_id);
    setFresh((current) => new Set([...current, ...arrived]));
    // Not cleared on the next arrival: each batch expires on its own.
    setTimeout(() => {
      setFresh((current) => new Set([...current].filter((id) => !arrived.includes(id))));
    }, HIGHLIGHT_MS);
    // Only a new newest id matters; `items` is read for the ids above the old one.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [newest]);

  return fresh;
}
