import { FAILSAFE_SCHEMA, load, LoadOptions, Type } from 'js-yaml';

import { BOOL_TAG, FLOAT_TAG, INT_TAG, NULL_TAG } from './go-yaml-keys';
import { box, GoYamlReading, LoaderState } from './go-yaml-reading';
import { BOOLEANS, goFloat, goInt, goInteger, NULLS } from './go-yaml-scalars';
import { needsGoYamlReading } from './go-yaml-text';

/**
 * How Kubernetes reads a YAML manifest: `kubectl` and the API server turn YAML into JSON with sigs.k8s.io/yaml, whose
 * YAML decoder is a fork of go-yaml v2 (`sigs.k8s.io/yaml/goyaml.v2`). Its plain scalars resolve the YAML 1.1 way,
 * not the YAML 1.2 core way: `yes`, `on`, `y` are true (so `privileged: yes` is a privileged container), `0644` is
 * octal 420, `1_000` is 1000, `1e4` is 10000 (see `go-yaml-scalars.ts`). Timestamps stay strings (JSON has no time
 * type). Quoted scalars are always strings. This schema gives js-yaml those rules; `<<` merge keys, floats JSON
 * cannot hold and keys that are no strings are read by `loadKubernetesYaml` (see `go-yaml-reading.ts`).
 */

/**
 * The longest boolean and null words: a longer scalar (most of them: keys, names, images) is no boolean or null,
 * which a length says without hashing the scalar to look it up (about 7 % of an audit's parse).
 */
const LONGEST_BOOLEAN = Math.max(...Object.keys(BOOLEANS).map((s) => s.length));
const LONGEST_NULL = Math.max(...[...NULLS].map((s) => s.length));

const nullType = new Type(NULL_TAG, {
  kind: 'scalar',
  resolve: (data: string | null) => data === null || (data.length <= LONGEST_NULL && NULLS.has(data)),
  construct: () => null,
  predicate: (value: unknown) => value === null,
});

const boolType = new Type(BOOL_TAG, {
  kind: 'scalar',
  resolve: (data: string | null) => data !== null && data.length <= LONGEST_BOOLEAN && Object.prototype.hasOwnProperty.call(BOOLEANS, data),
  construct: (data: string) => BOOLEANS[data],
  predicate: (value: unknown) => typeof value === 'boolean',
});

const intType = new Type(INT_TAG, {
  kind: 'scalar',
  resolve: (data: string | null) => data !== null && goInt(data) !== undefined,
  construct: (data: string) => goInt(data),
  predicate: (value: unknown) => typeof value === 'number' && Number.isInteger(value),
});

const floatType = new Type(FLOAT_TAG, {
  kind: 'scalar',
  // (a uint64 resolves as an int first; under `!!float` go-yaml refuses it: "cannot decode !!int as a !!float")
  resolve: (data: string | null) => data !== null && goFloat(data) !== undefined && goInteger(data)?.uint64 !== true,
  construct: (data: string) => goFloat(data),
  predicate: (value: unknown) => typeof value === 'number',
});

/** `<<` as a merge key (applied as go-yaml applies it: see `go-yaml-reading.ts`). */
const mergeType = new Type('tag:yaml.org,2002:merge', {
  kind: 'scalar',
  resolve: (data: string | null) => data === '<<',
});

/** The types a plain scalar may resolve to, besides a string. */
const IMPLICIT_TYPES = [nullType, boolType, intType, floatType, mergeType];

/** The js-yaml schema of Kubernetes manifests (go-yaml v2 scalar resolution, `<<` merges). */
export const KUBERNETES_YAML_SCHEMA = FAILSAFE_SCHEMA.extend({ implicit: IMPLICIT_TYPES });

/** `type`, of `tag`, each value it constructs boxed with the JSON key it makes (see `go-yaml-reading.ts`). */
function boxing(tag: string, type: Type): Type {
  return new Type(tag, {
    kind: 'scalar',
    resolve: (data: string | null) => type.resolve(data),
    construct: (data: string | null) => box(type.construct(data), tag, data),
  });
}

/** The schema a `GoYamlReading` reads with: every scalar that is no string (nor merge key) boxed. */
const GO_YAML_READING_SCHEMA = FAILSAFE_SCHEMA.extend({
  implicit: [boxing(NULL_TAG, nullType), boxing(BOOL_TAG, boolType), boxing(INT_TAG, intType), boxing(FLOAT_TAG, floatType), mergeType],
});

/** Whether the plain scalar `text` reads as the string it spells in this schema (no null, boolean, number or merge key). */
export function readsAsString(text: string): boolean {
  return !IMPLICIT_TYPES.some((type) => type.resolve(text));
}

/** Options of `loadKubernetesYaml`. */
export interface KubernetesYamlOptions {
  /**
   * Sees every node (used to find field positions).
   * @default - none
   */
  readonly listener?: (event: string, state: LoaderState) => void;
  /**
   * How deep js-yaml lets nodes nest (js-yaml 4.3's `maxDepth`, which its types do not declare).
   * @default 100
   */
  readonly maxDepth?: number;
}

/**
 * Parses one YAML document the way Kubernetes does. Throws js-yaml's `YAMLException` (with `mark`) on malformed
 * YAML, a duplicate key (two keys that make one JSON key too), nodes nested deeper than `maxDepth`, and what
 * Kubernetes refuses: a merge key that merges no mapping, an infinite or NaN float, a null, uint64, mapping or
 * sequence key. The `listener` sees each node as js-yaml read it (a scalar that is no string boxed, when the document
 * needs a `GoYamlReading`: `keyText` reads the key it makes).
 */
export function loadKubernetesYaml(text: string, options: KubernetesYamlOptions = {}): unknown {
  if (!needsGoYamlReading(text)) {
    return load(text, { schema: KUBERNETES_YAML_SCHEMA, ...options } as unknown as LoadOptions);
  }
  const reading = new GoYamlReading();
  const own = options.listener;
  const listener = (event: string, state: LoaderState): void => {
    own?.(event, state); // first: it sees the node as read, before its merge key or scalar is rewritten
    reading.listener(event, state);
  };
  return reading.finish(load(text, { schema: GO_YAML_READING_SCHEMA, ...options, listener } as unknown as LoadOptions));
}
