// A dialog's payload and whether it is open, kept apart: the dialog stays mounted (with its last
// payload) while it closes, so antd hands focus back to the control that opened it; `key` is new
// for every opening, so each one starts with fresh state. (Mounting a dialog open and unmounting
// it to close loses focus to the page.)
import { useCallback, useState } from "react";

export interface Dialog<T> {
  payload: T | null;
  open: boolean;
  key: number;
  show: (payload: T) => void;
  hide: () => void;
}

export function useDialog<T>(): Dialog<T> {
  const [state, setState] = useState<{ payload: T | null; open: boolean; key: number }>({ payload: null, open: false, key: 0 });
  const show = useCallback((payload: T) => setState((s) => ({ payload, open: true, key: s.key + 1 })), []);
  const hide = useCallback(() => setState((s) => ({ ...s, open: false })), []);
  return { ...state, show, hide };
}
