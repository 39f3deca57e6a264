// Every failed API call becomes an ApiError carrying the spec's error envelope, so UI code can
// branch on `status`/`type` and show field errors without re-parsing responses.
import type { ErrorBody, FieldError } from "./types";

export class ApiError extends Error {
  readonly status: number;
  readonly body: ErrorBody | undefined;

  constructor(status: number, body: ErrorBody | undefined, fallbackMessage?: string) {
    super(body?.message ?? fallbackMessage ?? `Request failed with status ${status}`);
    this.name = "ApiError";
    this.status = status;
    this.body = body;
  }

  /** 0 = the request never got an HTTP answer (server down, network gone). */
  get isNetworkError(): boolean {
    return this.status === 0;
  }

  get fieldErrors(): FieldError[] {
    const errors = this.body?.details?.errors;
    return Array.isArray(errors) ? errors : [];
  }

  /** `details.field` of a 409 (the spec names `name` for a duplicate). */
  get conflictField(): string | undefined {
    const field = this.body?.details?.["field"];
    return typeof field === "string" ? field : undefined;
  }

  get requestId(): string | undefined {
    return this.body?.request_id;
  }
}

function isErrorEnvelope(value: unknown): value is { error: ErrorBody } {
  return (
    typeof value === "object" &&
    value !== null &&
    "error" in value &&
    typeof (value as { error: unknown }).error === "object" &&
    (value as { error: object | null }).error !== null &&
    typeof (value as { error: { message?: unknown } }).error.message === "string"
  );
}

/** Builds an ApiError from what openapi-fetch returned for a non-2xx response. */
export function apiErrorFrom(response: Response, error: unknown): ApiError {
  if (isErrorEnvelope(error)) return new ApiError(response.status, error.error);
  const text = typeof error === "string" && error.length > 0 && error.length < 300 ? error : undefined;
  return new ApiError(response.status, undefined, text ?? `${response.status} ${response.statusText}`.trim());
}

/** Runs an openapi-fetch call and turns a thrown network failure into ApiError(status 0). */
export async function request<T extends { response: Response }>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (cause) {
    if (cause instanceof ApiError) throw cause;
    if (cause instanceof DOMException && cause.name === "AbortError") throw cause;
    throw new ApiError(0, undefined, "The IIMS server cannot be reached. Check your connection and retry.");
  }
}

/** A one-line human message for a toast. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) {
    const first = error.fieldErrors[0];
    if (first && error.fieldErrors.length === 1) return `${first.field}: ${first.message}`;
    return error.message;
  }
  if (error instanceof Error) return error.message;
  return "Unexpected error";
}
