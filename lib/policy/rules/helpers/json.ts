/** Parses a JSON string (a policy document, a desired state); undefined when it is not literal JSON. Non-strings are returned as they are. */
export function parseJson(value: unknown): unknown {
  if (typeof value !== "string") return value;
  try {
    return JSON.parse(value);
  } catch {
    return undefined;
  }
}
