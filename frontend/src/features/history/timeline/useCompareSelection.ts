// The two timeline entries picked for comparison. Picking a third drops the earliest pick, so
// the selection is always the last two the user chose.
import { useCallback, useState } from "react";

export function useCompareSelection() {
  const [picked, setPicked] = useState<number[]>([]);
  const toggle = useCallback((historyId: number, selected: boolean) => {
    setPicked((current) => {
      const without = current.filter((id) => id !== historyId);
      return selected ? [...without, historyId].slice(-2) : without;
    });
  }, []);
  const clear = useCallback(() => setPicked([]), []);
  // Older on the left: the smaller history id is "from".
  const pair = picked.length === 2 ? ([Math.min(...picked), Math.max(...picked)] as const) : null;
  return { picked, toggle, clear, pair };
}
