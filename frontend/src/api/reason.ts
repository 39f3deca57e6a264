// A change's reason on the wire. Create, update and bulk send it as the body's `reason`; a DELETE
// has no body, so its reason travels in the X-Change-Reason header, which browsers only let carry
// Latin-1 — so anything but plain printable ASCII is sent as RFC 8187's UTF-8''<percent-encoded>.
import { INSTANCE_CREATE_RULES } from "./rules";

/** The longest reason the server keeps (characters). */
export const REASON_MAX_LENGTH = INSTANCE_CREATE_RULES.reason.maxLength;

/** The reason to send, or undefined for none (the server trims it the same way). */
export function reasonToSend(reason: string | undefined | null): string | undefined {
  const trimmed = reason?.trim() ?? "";
  return trimmed === "" ? undefined : trimmed;
}

const PLAIN = /^[\x20-\x7e]*$/;
// RFC 8187 attr-char: everything else is percent-encoded (encodeURIComponent leaves ' ( ) * and !).
const NOT_ATTR_CHAR = /['()*]/g;

/** The X-Change-Reason value for a reason. */
export function encodeReasonHeader(reason: string): string {
  // Plain ASCII goes as it is, unless it would itself read as an encoded value.
  if (PLAIN.test(reason) && !/^utf-8''/i.test(reason)) return reason;
  const encoded = encodeURIComponent(reason).replace(NOT_ATTR_CHAR, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `UTF-8''${encoded}`;
}

/** Characters as the server counts them (code points, not UTF-16 units). */
export function reasonLength(reason: string): number {
  return [...reason].length;
}

/** `body` with its `reason` set when there is one (never an empty `reason`). */
export function withReason<T extends object>(body: T, reason: string | undefined | null): T & { reason?: string } {
  const why = reasonToSend(reason);
  return why === undefined ? body : { ...body, reason: why };
}
