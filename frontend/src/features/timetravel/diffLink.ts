// Deep links of the diff view: /history/diff?from=<instant>&to=<instant> (no `to`: until now).

export function diffLink(from: string, to: string | undefined): string {
  const params = new URLSearchParams({ from });
  if (to) params.set("to", to);
  return `/history/diff?${params.toString()}`;
}
