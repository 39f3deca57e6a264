import { useCallback, useMemo } from "react";
import { useSearchParams } from "react-router";
import { listViewToParams, parseListView, type InstanceListView } from "./listView";

/** The current instances view from the URL, and a setter that writes it back (one history entry per change). */
export function useListView(): [InstanceListView, (next: InstanceListView, options?: { replace?: boolean }) => void] {
  const [params, setParams] = useSearchParams();
  const view = useMemo(() => parseListView(params), [params]);
  const setView = useCallback(
    (next: InstanceListView, options?: { replace?: boolean }) => setParams(listViewToParams(next), { replace: options?.replace ?? false }),
    [setParams],
  );
  return [view, setView];
}
