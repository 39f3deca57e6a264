// Deep links of the compare view: /instances/:id/compare?from=<history id>&to=<history id>.
// Without `from`, the view compares `to` with the record just before it.

export function compareLink(instanceId: number, from: number | undefined, to: number): string {
  const params = new URLSearchParams();
  if (from !== undefined) params.set("from", String(from));
  params.set("to", String(to));
  return `/instances/${instanceId}/compare?${params.toString()}`;
}

export interface CompareParams {
  from?: number;
  to?: number;
}

function positiveInt(value: string | null): number | undefined {
  const n = Number(value);
  return value !== null && Number.isInteger(n) && n > 0 ? n : undefined;
}

export function parseCompareParams(params: URLSearchParams): CompareParams {
  return { from: positiveInt(params.get("from")), to: positiveInt(params.get("to")) };
}

/** The same comparison the other way round (the swap button). */
export function swappedParams({ from, to }: CompareParams): URLSearchParams {
  const params = new URLSearchParams();
  if (to !== undefined) params.set("from", String(to));
  if (from !== undefined) params.set("to", String(from));
  return params;
}
