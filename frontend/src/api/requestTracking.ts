// The X-Request-IDs of this tab's own writes. The server records them in history and repeats
// them on every live event, so the app can tell its own changes from someone else's (a toast or
// a "changed since you opened it" notice must never fire for the user's own save).
const REMEMBERED = 1000;
const ownIds = new Set<string>();

/** A fresh id matching the server's accepted X-Request-ID pattern. */
export function newRequestId(): string {
  // getRandomValues works on plain-http origins too (randomUUID needs a secure context).
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return `ui-${Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("")}`;
}

export function rememberOwnRequest(id: string): void {
  ownIds.add(id);
  // Sets iterate in insertion order: drop the oldest beyond the cap.
  if (ownIds.size > REMEMBERED) {
    const oldest = ownIds.values().next().value;
    if (oldest !== undefined) ownIds.delete(oldest);
  }
}

export function isOwnRequest(id: string | null | undefined): boolean {
  return typeof id === "string" && ownIds.has(id);
}
