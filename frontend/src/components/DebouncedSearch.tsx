// A search box that commits its text after the user pauses typing, so each keystroke does not
// become a request (or a browser-history entry). The committed value (from the URL) wins when it
// changes from outside, e.g. on back/forward.
import { SearchOutlined } from "./icons";
import { Input } from "antd";
import { useEffect, useRef, useState } from "react";

export const SEARCH_DEBOUNCE_MS = 300;

export interface DebouncedSearchProps {
  id: string;
  value: string;
  onCommit: (text: string) => void;
  ariaLabel: string;
  placeholder: string;
  autoFocus?: boolean;
  shortcut?: string;
  width?: number;
}

export function DebouncedSearch({ id, value, onCommit, ariaLabel, placeholder, autoFocus, shortcut, width = 340 }: DebouncedSearchProps) {
  const [text, setText] = useState(value);
  const committed = useRef(value);
  const commitRef = useRef(onCommit);
  commitRef.current = onCommit;

  useEffect(() => {
    committed.current = value;
    setText(value);
  }, [value]);

  useEffect(() => {
    if (text === committed.current) return;
    const timer = window.setTimeout(() => {
      committed.current = text;
      commitRef.current(text);
    }, SEARCH_DEBOUNCE_MS);
    return () => window.clearTimeout(timer);
  }, [text]);

  return (
    <Input
      id={id}
      type="search"
      allowClear
      autoFocus={autoFocus}
      prefix={<SearchOutlined aria-hidden />}
      placeholder={placeholder}
      aria-label={ariaLabel}
      aria-keyshortcuts={shortcut}
      value={text}
      maxLength={255}
      onChange={(e) => setText(e.target.value)}
      onKeyDown={(e) => {
        if (e.key === "Escape") (e.target as HTMLInputElement).blur();
      }}
      style={{ width, maxWidth: "100%" }}
    />
  );
}
