/**
 * Backward compatibility of a published event schema, judged on JSON Schema: consumers
 * written against the old schema must still accept every event valid under the new one.
 * Allowed: adding an optional property, widening an enum, relaxing a constraint we do not
 * inspect. Refused: removing a property, making one required, changing a type, narrowing
 * an enum, making a non-nullable field nullable.
 */
type Schema = {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  enum?: unknown[];
  items?: Schema;
  anyOf?: Schema[];
  const?: unknown;
  [key: string]: unknown;
};

export function incompatibilities(published: Schema, current: Schema, path = '$'): string[] {
  const problems: string[] = [];
  const typeOf = (s: Schema) => JSON.stringify(s.type ?? null);
  if (typeOf(published) !== typeOf(current)) {
    problems.push(`${path}: type changed from ${typeOf(published)} to ${typeOf(current)}`);
  }
  if (JSON.stringify(published.anyOf ?? null) !== JSON.stringify(current.anyOf ?? null)) {
    // Unions (nullable fields among them) must stay exactly as published.
    problems.push(`${path}: union (anyOf / nullability) changed`);
  }
  if (published.const !== current.const) problems.push(`${path}: constant changed`);
  if (published.enum || current.enum) {
    const now = new Set(current.enum ?? []);
    const removed = (published.enum ?? []).filter((v) => !now.has(v));
    if (!current.enum && published.enum) {
      // an enum became a free value: wider, so fine for producers, but consumers switch on it
      problems.push(`${path}: enum turned into a free value`);
    } else if (removed.length) {
      problems.push(`${path}: enum values removed: ${removed.join(', ')}`);
    }
  }
  const before = published.properties ?? {};
  const after = current.properties ?? {};
  const requiredBefore = new Set(published.required ?? []);
  for (const [name, was] of Object.entries(before)) {
    const now = after[name];
    if (now === undefined) problems.push(`${path}.${name}: removed`);
    else problems.push(...incompatibilities(was, now, `${path}.${name}`));
  }
  for (const name of current.required ?? []) {
    if (!requiredBefore.has(name)) problems.push(`${path}.${name}: became required`);
  }
  if (published.items && current.items) {
    problems.push(...incompatibilities(published.items, current.items, `${path}[]`));
  }
  return problems;
}
