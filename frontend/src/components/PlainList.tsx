// A bordered list of rows (antd's List is deprecated in v6). Semantic <ul>/<li>, so screen
// readers announce the item count.
import type { ReactNode } from "react";

export function PlainList<T>({
  items,
  render,
  rowKey,
  label,
  empty,
  bordered = false,
  maxHeight,
}: {
  items: T[];
  render: (item: T) => ReactNode;
  rowKey: (item: T) => string | number;
  label: string;
  empty: ReactNode;
  bordered?: boolean;
  maxHeight?: number;
}) {
  if (items.length === 0) return <p className="plain-list-empty">{empty}</p>;
  return (
    <ul className={`plain-list${bordered ? " plain-list-bordered" : ""}`} aria-label={label} style={maxHeight ? { maxHeight, overflow: "auto" } : undefined}>
      {items.map((item) => (
        <li key={rowKey(item)}>{render(item)}</li>
      ))}
    </ul>
  );
}
