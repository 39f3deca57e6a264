import { useEffect } from "react";

/** Sets document.title (screen readers announce it on navigation). */
export function usePageTitle(title: string) {
  useEffect(() => {
    document.title = `${title} · IIMS`;
  }, [title]);
}
