// Query-string serialisation for the list endpoints. The spec uses two array styles on the same
// operation: filters repeat (`status=a&status=b`, form+explode) while `sort` is comma-joined
// (form, explode: false). openapi-fetch applies one array style to every parameter, so the
// instance list uses this serializer instead.
type QueryValue = string | number | boolean | readonly (string | number)[] | null | undefined;

export function serializeQuery(query: Record<string, QueryValue> | undefined, joinedArrays: readonly string[] = []): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null || value === "") continue;
    if (Array.isArray(value)) {
      if (value.length === 0) continue;
      if (joinedArrays.includes(key)) params.append(key, value.join(","));
      else for (const item of value) params.append(key, String(item));
    } else {
      params.append(key, String(value));
    }
  }
  return params.toString();
}
