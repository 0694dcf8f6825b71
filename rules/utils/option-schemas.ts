/**
 * The JSON-schema shapes the rules' options share, so a rule's `meta.schema` states only what each
 * option means: lists of globs or names, and lists of closed objects (the catalog entries a user adds).
 * Every option keeps its `description` and every object `additionalProperties: false` (STYLE.md).
 */
import type { JSONSchema } from '@typescript-eslint/utils';

type Properties = Record<string, JSONSchema.JSONSchema4>;

/** A list of distinct, non-empty strings: globs, names of models or tables. */
export function stringListOption(description: string): JSONSchema.JSONSchema4ArraySchema {
  return { type: 'array', items: { type: 'string', minLength: 1 }, uniqueItems: true, description };
}

/** An object with only the listed properties, the `required` ones always present. */
export function closedObjectSchema(required: readonly string[], properties: Properties): JSONSchema.JSONSchema4ObjectSchema {
  return { type: 'object', additionalProperties: false, required: [...required], properties };
}

/** A list of closed objects: extra catalog entries (`flags`, `clients`, `taskRunners`) or the parts of one. */
export function objectListOption(description: string, required: readonly string[], properties: Properties): JSONSchema.JSONSchema4ArraySchema {
  return { type: 'array', description, items: closedObjectSchema(required, properties) };
}
