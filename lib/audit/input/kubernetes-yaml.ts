import { FAILSAFE_SCHEMA, load, LoadOptions, Type } from 'js-yaml';

import { GoYamlReading, LoaderState, needsGoYamlReading } from './go-yaml-reading';
import { BOOLEANS, goFloat, goInt, NULLS } from './go-yaml-scalars';

/**
 * How Kubernetes reads a YAML manifest: `kubectl` and the API server turn YAML into JSON with sigs.k8s.io/yaml, whose
 * YAML decoder is a fork of go-yaml v2 (`sigs.k8s.io/yaml/goyaml.v2`). Its plain scalars resolve the YAML 1.1 way,
 * not the YAML 1.2 core way: `yes`, `on`, `y` are true (so `privileged: yes` is a privileged container), `0644` is
 * octal 420, `1_000` is 1000, `1e4` is 10000 (see `go-yaml-scalars.ts`). Timestamps stay strings (JSON has no time
 * type). Quoted scalars are always strings. This schema gives js-yaml those rules; `<<` merge keys and floats JSON
 * cannot hold are read by `loadKubernetesYaml` (see `go-yaml-reading.ts`).
 */

/**
 * The longest boolean and null words: a longer scalar (most of them: keys, names, images) is no boolean or null,
 * which a length says without hashing the scalar to look it up (about 7 % of an audit's parse).
 */
const LONGEST_BOOLEAN = Math.max(...Object.keys(BOOLEANS).map((s) => s.length));
const LONGEST_NULL = Math.max(...[...NULLS].map((s) => s.length));

const nullType = new Type('tag:yaml.org,2002:null', {
  kind: 'scalar',
  resolve: (data: string | null) => data === null || (data.length <= LONGEST_NULL && NULLS.has(data)),
  construct: () => null,
  predicate: (value: unknown) => value === null,
});

const boolType = new Type('tag:yaml.org,2002:bool', {
  kind: 'scalar',
  resolve: (data: string | null) => data !== null && data.length <= LONGEST_BOOLEAN && Object.prototype.hasOwnProperty.call(BOOLEANS, data),
  construct: (data: string) => BOOLEANS[data],
  predicate: (value: unknown) => typeof value === 'boolean',
});

const intType = new Type('tag:yaml.org,2002:int', {
  kind: 'scalar',
  resolve: (data: string | null) => data !== null && goInt(data) !== undefined,
  construct: (data: string) => goInt(data),
  predicate: (value: unknown) => typeof value === 'number' && Number.isInteger(value),
});

const floatType = new Type('tag:yaml.org,2002:float', {
  kind: 'scalar',
  resolve: (data: string | null) => data !== null && goFloat(data) !== undefined,
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
 * YAML, a duplicate key, nodes nested deeper than `maxDepth`, and what Kubernetes refuses: a merge key that merges no
 * mapping, an infinite or NaN float. The `listener` sees each node as js-yaml read it.
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
  return reading.finish(load(text, { schema: KUBERNETES_YAML_SCHEMA, ...options, listener } as unknown as LoadOptions));
}
