/** A small JSON-Schema checker driven by spec/netsapiens-api-v2.subset.json: $ref, type, enum, required, properties, items. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

export const SPEC = JSON.parse(readFileSync(join(__dirname, '..', 'spec', 'netsapiens-api-v2.subset.json'), 'utf8')) as JsonObject;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The JSON value at a `#/a/b` pointer into the spec (`~1` is `/`, `~0` is `~`). */
export function specAt(pointer: string): JsonObject {
  let node: Json = SPEC;
  for (const token of pointer.replace(/^#\//, '').split('/')) {
    if (!isObject(node)) throw new Error(`No ${pointer} in the spec`);
    node = node[token.replace(/~1/g, '/').replace(/~0/g, '~')] ?? null;
  }
  if (!isObject(node)) throw new Error(`No ${pointer} in the spec`);
  return node;
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function typeMatches(actual: string, allowed: Json): boolean {
  const list = Array.isArray(allowed) ? allowed : [allowed];
  return list.some((type) => type === actual || (type === 'number' && actual === 'integer'));
}

/** Every way `value` breaks `schema`, as `path: problem` lines; empty when it conforms. */
export function violations(value: unknown, schema: JsonObject, path = '$'): string[] {
  const ref = schema['$ref'];
  if (typeof ref === 'string') return violations(value, specAt(ref), path);
  const problems: string[] = [];
  const type = schema['type'];
  if (type !== undefined && !typeMatches(typeOf(value), type)) {
    return [`${path}: expected ${JSON.stringify(type)}, got ${typeOf(value)}`];
  }
  const allowed = schema['enum'];
  if (Array.isArray(allowed) && !allowed.some((option) => option === value)) {
    problems.push(`${path}: ${JSON.stringify(value)} is not one of ${JSON.stringify(allowed)}`);
  }
  const items = schema['items'];
  if (Array.isArray(value) && isObject(items)) {
    value.forEach((item, index) => problems.push(...violations(item, items, `${path}[${index}]`)));
  }
  if (isObject(value)) {
    const required = schema['required'];
    for (const key of Array.isArray(required) ? required : []) {
      if (typeof key === 'string' && !(key in value)) problems.push(`${path}: missing required ${key}`);
    }
    const properties = schema['properties'];
    for (const [key, propertySchema] of Object.entries(isObject(properties) ? properties : {})) {
      if (key in value && isObject(propertySchema)) {
        problems.push(...violations(value[key], propertySchema, `${path}.${key}`));
      }
    }
  }
  return problems;
}

/** The `required` list of a component schema. */
export function requiredOf(name: string): string[] {
  const required = specAt(`#/components/schemas/${name}`)['required'];
  return Array.isArray(required) ? required.filter((key): key is string => typeof key === 'string') : [];
}
