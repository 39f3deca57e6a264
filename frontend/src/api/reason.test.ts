// A reason in the X-Change-Reason header: plain ASCII as it is, anything else as RFC 8187's
// UTF-8''<percent-encoded> (a browser cannot send other header values), decodable by the server.
import { describe, expect, it } from "vitest";
import { encodeReasonHeader, reasonLength, reasonToSend, withReason } from "./reason";

describe("change reasons", () => {
  it("sends plain ASCII as it is", () => {
    expect(encodeReasonHeader("INC-4711: roll back the image")).toBe("INC-4711: roll back the image");
  });

  it("percent-encodes UTF-8, line breaks and RFC 8187's non-attr-chars", () => {
    const encoded = encodeReasonHeader("Rollback — p99 up");
    expect(encoded).toBe("UTF-8''Rollback%20%E2%80%94%20p99%20up");
    expect(decodeURIComponent(encoded.slice(7))).toBe("Rollback — p99 up");
    expect(encodeReasonHeader("two\nlines (it's *so*)")).toBe("UTF-8''two%0Alines%20%28it%27s%20%2Aso%2A%29");
    // Plain text that would read as an encoded value is encoded too.
    expect(encodeReasonHeader("UTF-8''x")).toBe("UTF-8''UTF-8%27%27x");
  });

  it("never sends an empty reason, and counts characters as the server does", () => {
    expect(reasonToSend("   ")).toBeUndefined();
    expect(withReason({ replicas: 2 }, " ")).toEqual({ replicas: 2 });
    expect(withReason({ replicas: 2 }, " scale up ")).toEqual({ replicas: 2, reason: "scale up" });
    expect(reasonLength("👍é")).toBe(2);
  });
});
