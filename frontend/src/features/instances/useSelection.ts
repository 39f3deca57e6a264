// Explicit row selection that survives paging. Each selected instance keeps the latest version
// the user has seen (refreshed whenever it shows up on a fetched page), which bulk changes send
// as their per-id precondition.
import { useCallback, useEffect, useState } from "react";
import type { Instance } from "../../api/types";

export function useSelection(pageItems: Instance[] | undefined) {
  const [selected, setSelected] = useState<Map<number, Instance>>(new Map());

  useEffect(() => {
    if (!pageItems) return;
    setSelected((old) => {
      let changed = false;
      const next = new Map(old);
      for (const item of pageItems) {
        const seen = next.get(item.id);
        if (seen && seen.version !== item.version) {
          next.set(item.id, item);
          changed = true;
        }
      }
      return changed ? next : old;
    });
  }, [pageItems]);

  /** Replace the selection with these keys; rows not on this page keep their stored snapshot. */
  const setKeys = useCallback(
    (keys: number[]) =>
      setSelected((old) => {
        const next = new Map<number, Instance>();
        for (const key of keys) {
          const instance = old.get(key) ?? pageItems?.find((i) => i.id === key);
          if (instance) next.set(key, instance);
        }
        return next;
      }),
    [pageItems],
  );

  const toggle = useCallback((instance: Instance, checked: boolean) => {
    setSelected((old) => {
      const next = new Map(old);
      if (checked) next.set(instance.id, instance);
      else next.delete(instance.id);
      return next;
    });
  }, []);

  const clear = useCallback(() => setSelected(new Map()), []);

  return { selected, setKeys, toggle, clear };
}
