// Explicit row selection that survives paging. Each selected instance keeps the latest version
// the user has seen (refreshed whenever it shows up on a fetched page), which bulk changes send
// as their per-id precondition. A row changed by someone else while selected keeps the version
// the user selected (a live refresh must not advance a precondition behind the user's back,
// cf. margince#3065): the bulk change then fails with 412 and asks the user to review.
import { useCallback, useEffect, useRef, useState } from "react";
import { isOwnRequest } from "../../api/requestTracking";
import type { Instance } from "../../api/types";
import { useLiveEvents } from "../../live/LiveProvider";

export function useSelection(pageItems: Instance[] | undefined) {
  const [selected, setSelected] = useState<Map<number, Instance>>(new Map());
  const [changedByOthers, setChangedByOthers] = useState<ReadonlySet<number>>(new Set());
  const selectedRef = useRef(selected);
  selectedRef.current = selected;

  useLiveEvents((event) => {
    if (!selectedRef.current.has(event.instance_id) || isOwnRequest(event.record.request_id)) return;
    setChangedByOthers((old) => new Set(old).add(event.instance_id));
  });

  useEffect(() => {
    if (!pageItems) return;
    setSelected((old) => {
      let changed = false;
      const next = new Map(old);
      for (const item of pageItems) {
        const seen = next.get(item.id);
        if (seen && seen.version !== item.version && !changedByOthers.has(item.id)) {
          next.set(item.id, item);
          changed = true;
        }
      }
      return changed ? next : old;
    });
  }, [pageItems, changedByOthers]);

  const forget = useCallback((keep: (id: number) => boolean) => {
    setChangedByOthers((old) => {
      const next = new Set([...old].filter(keep));
      return next.size === old.size ? old : next;
    });
  }, []);

  /** Replace the selection with these keys; rows not on this page keep their stored snapshot. */
  const setKeys = useCallback(
    (keys: number[]) => {
      setSelected((old) => {
        const next = new Map<number, Instance>();
        for (const key of keys) {
          const instance = old.get(key) ?? pageItems?.find((i) => i.id === key);
          if (instance) next.set(key, instance);
        }
        return next;
      });
      forget((id) => keys.includes(id));
    },
    [pageItems, forget],
  );

  const toggle = useCallback(
    (instance: Instance, checked: boolean) => {
      setSelected((old) => {
        const next = new Map(old);
        if (checked) next.set(instance.id, instance);
        else next.delete(instance.id);
        return next;
      });
      // Selecting again takes the row as it is now.
      forget((id) => id !== instance.id);
    },
    [forget],
  );

  /**
   * The user's deliberate choice after "changed by someone else": every selected row shown on
   * this page takes its current version (so a bulk change applies on top of what is there now).
   * Returns the new selection.
   */
  const retakeChanged = useCallback((): Instance[] => {
    const next = new Map(selectedRef.current);
    for (const item of pageItems ?? []) {
      if (next.has(item.id)) next.set(item.id, item);
    }
    setSelected(next);
    setChangedByOthers(new Set());
    return [...next.values()];
  }, [pageItems]);

  const clear = useCallback(() => {
    setSelected(new Map());
    setChangedByOthers(new Set());
  }, []);

  return { selected, setKeys, toggle, clear, changedByOthers, retakeChanged };
}
