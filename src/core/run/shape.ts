// A small vocabulary for checking the shape of untrusted JSON: each check
// returns undefined when the value fits, or one sentence saying where and
// what is wrong. Total by construction: no check throws.

export type Shape = (value: unknown, path: string) => string | undefined;

const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;
const HEX = /^(?:[0-9a-f]{2})*$/i;
const EXCERPT = 40;

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** What a value is, for a message: its type, and a short excerpt of a string. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return value.length > EXCERPT ? `${JSON.stringify(value.slice(0, EXCERPT))}...` : JSON.stringify(value);
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return typeof value;
}

function wrong(path: string, expected: string, value: unknown): string {
  return `${path}: expected ${expected}, found ${describeValue(value)}`;
}

export function childPath(path: string, key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

export const text: Shape = (value, path) => (typeof value === 'string' ? undefined : wrong(path, 'a string', value));

export const nonEmptyText: Shape = (value, path) =>
  typeof value === 'string' && value.trim() !== '' ? undefined : wrong(path, 'a non-empty string', value);

/** An ISO 8601 date and time with a zone, as Date.prototype.toISOString writes it. */
export const isoTime: Shape = (value, path) =>
  typeof value === 'string' && ISO_TIMESTAMP.test(value) && !Number.isNaN(Date.parse(value))
    ? undefined
    : wrong(path, 'an ISO 8601 timestamp such as 2025-01-31T09:30:00.000Z', value);

/** Bytes as hex: an even number of hex digits. */
export const hex: Shape = (value, path) =>
  typeof value === 'string' && HEX.test(value) ? undefined : wrong(path, 'bytes as hex digits', value);

export const bool: Shape = (value, path) => (typeof value === 'boolean' ? undefined : wrong(path, 'true or false', value));

export function integer(min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER): Shape {
  return (value, path) =>
    typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max
      ? undefined
      : wrong(path, `an integer from ${min} to ${max}`, value);
}

export const count = integer(0);

/** A finite number, zero or more (durations, rates). */
export const amount: Shape = (value, path) =>
  typeof value === 'number' && Number.isFinite(value) && value >= 0 ? undefined : wrong(path, 'a number, zero or more', value);

export function oneOf(...allowed: readonly (string | number)[]): Shape {
  return (value, path) =>
    (typeof value === 'string' || typeof value === 'number') && allowed.includes(value)
      ? undefined
      : wrong(path, `one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}`, value);
}

export function matching(pattern: RegExp, what: string): Shape {
  return (value, path) => (typeof value === 'string' && pattern.test(value) ? undefined : wrong(path, what, value));
}

export function nullable(shape: Shape): Shape {
  return (value, path) => (value === null ? undefined : shape(value, path));
}

export function arrayOf(item: Shape): Shape {
  return (value, path) => {
    if (!Array.isArray(value)) return wrong(path, 'an array', value);
    for (const [index, element] of value.entries()) {
      const problem = item(element, `${path}[${index}]`);
      if (problem !== undefined) return problem;
    }
    return undefined;
  };
}

/** An object used as a map: any keys, every value of one shape. */
export function mapOf(item: Shape): Shape {
  return (value, path) => {
    if (!isPlainObject(value)) return wrong(path, 'an object', value);
    for (const [key, element] of Object.entries(value)) {
      const problem = item(element, childPath(path, key));
      if (problem !== undefined) return problem;
    }
    return undefined;
  };
}

export interface ObjectShape {
  readonly required?: Readonly<Record<string, Shape>>;
  readonly optional?: Readonly<Record<string, Shape>>;
  /**
   * 'reject' for the record's own envelope (a key we do not know means a
   * schema we do not read); 'allow' for evidence owned by other modules,
   * which may grow optional fields without a new record schema.
   */
  readonly otherKeys: 'reject' | 'allow';
}

export function objectOf(spec: ObjectShape): Shape {
  const required = Object.entries(spec.required ?? {});
  const optional = Object.entries(spec.optional ?? {});
  const known = new Set([...required, ...optional].map(([key]) => key));
  return (value, path) => {
    if (!isPlainObject(value)) return wrong(path, 'an object', value);
    for (const [key, shape] of required) {
      if (!Object.hasOwn(value, key)) return `${childPath(path, key)}: missing`;
      const problem = shape(value[key], childPath(path, key));
      if (problem !== undefined) return problem;
    }
    for (const [key, shape] of optional) {
      if (!Object.hasOwn(value, key) || value[key] === undefined) continue;
      const problem = shape(value[key], childPath(path, key));
      if (problem !== undefined) return problem;
    }
    if (spec.otherKeys === 'reject') {
      const unknown = Object.keys(value).find((key) => !known.has(key));
      if (unknown !== undefined) return `${childPath(path, unknown)}: not a field of this schema`;
    }
    return undefined;
  };
}

/** One of several object shapes, chosen by the string in `tag` (e.g. `kind`). */
export function tagged(tag: string, variants: Readonly<Record<string, Shape>>): Shape {
  return (value, path) => {
    if (!isPlainObject(value)) return wrong(path, 'an object', value);
    const key = value[tag];
    const variant = typeof key === 'string' && Object.hasOwn(variants, key) ? variants[key] : undefined;
    if (variant === undefined) return wrong(childPath(path, tag), `one of ${Object.keys(variants).map((k) => JSON.stringify(k)).join(', ')}`, key);
    return variant(value, path);
  };
}

/** Both shapes must hold (a shape plus a rule that spans fields). */
export function allOf(...shapes: readonly Shape[]): Shape {
  return (value, path) => {
    for (const shape of shapes) {
      const problem = shape(value, path);
      if (problem !== undefined) return problem;
    }
    return undefined;
  };
}
