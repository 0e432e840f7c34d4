import { FAILSAFE_SCHEMA, load, LoadOptions, Type } from 'js-yaml';

import { GoYamlReading, LoaderState, needsGoYamlReading } from './go-yaml-reading';

/**
 * How Kubernetes reads a YAML manifest: `kubectl` and the API server turn YAML into JSON with sigs.k8s.io/yaml, whose
 * YAML decoder is a fork of go-yaml v2 (`sigs.k8s.io/yaml/goyaml.v2`). Its plain scalars resolve the YAML 1.1 way,
 * not the YAML 1.2 core way: `yes`, `on`, `y` are true (so `privileged: yes` is a privileged container), `0644` is
 * octal 420, `1_000` is 1000. Timestamps stay strings (JSON has no time type). Quoted scalars are always strings.
 * This schema gives js-yaml those rules; `<<` merge keys and floats JSON cannot hold are read by `loadKubernetesYaml`
 * (see `go-yaml-reading.ts`).
 */

const BOOLEANS: Readonly<Record<string, boolean>> = Object.fromEntries([
  ...['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON'].map((s) => [s, true]),
  ...['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF'].map((s) => [s, false]),
]);
const NULLS = new Set(['', '~', 'null', 'Null', 'NULL']);
/**
 * The longest boolean and null words: a longer scalar (most of them: keys, names, images) is no boolean or null,
 * which a length says without hashing the scalar to look it up (about 7 % of an audit's parse).
 */
const LONGEST_BOOLEAN = Math.max(...Object.keys(BOOLEANS).map((s) => s.length));
const LONGEST_NULL = Math.max(...[...NULLS].map((s) => s.length));
const SPECIAL_FLOATS: Readonly<Record<string, number>> = Object.fromEntries([
  ...['.nan', '.NaN', '.NAN'].map((s) => [s, NaN]),
  ...['.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF'].map((s) => [s, Infinity]),
  ...['-.inf', '-.Inf', '-.INF'].map((s) => [s, -Infinity]),
]);
/** Go's `strconv.ParseInt(s, 0, 64)` syntax: sign, then hex, octal (`0o` or a leading 0), binary or decimal. */
const GO_INT = /^([-+]?)(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/;
/** go-yaml v2's `yamlStyleFloat`, tried when a scalar starting with a sign or digit is no integer. */
const YAML_STYLE_FLOAT = /^[-+]?[0-9]*\.?[0-9]+([eE][-+][0-9]+)?$/;
/** Go's `strconv.ParseFloat` for a scalar starting with `.` (go-yaml's '.' hint). */
const DOT_FLOAT = /^\.[0-9]+([eE][-+]?[0-9]+)?$/;

/** Whether go-yaml tries a scalar as a number: it starts with a sign or a digit. */
function numberHint(data: string): boolean {
  const c = data.charCodeAt(0);
  return c === 0x2b || c === 0x2d || (c >= 0x30 && c <= 0x39);
}

function goInt(data: string): number | undefined {
  if (!numberHint(data)) {
    return undefined;
  }
  const match = GO_INT.exec(data.replace(/_/g, ''));
  if (!match) {
    return undefined;
  }
  const [, sign, digits] = match;
  const prefix = digits.slice(0, 2).toLowerCase();
  const value = prefix === '0x' ? parseInt(digits.slice(2), 16)
    : prefix === '0o' ? parseInt(digits.slice(2), 8)
      : prefix === '0b' ? parseInt(digits.slice(2), 2)
        : digits.length > 1 && digits.startsWith('0') ? parseInt(digits, 8) : parseInt(digits, 10);
  return sign === '-' ? -value : value;
}

function goFloat(data: string): number | undefined {
  const c = data.charCodeAt(0);
  if (c !== 0x2e /* . */ && !numberHint(data)) {
    return undefined; // most scalars are words: no regex for them
  }
  if (Object.prototype.hasOwnProperty.call(SPECIAL_FLOATS, data)) {
    return SPECIAL_FLOATS[data];
  }
  if (c !== 0x2e) {
    const plain = data.replace(/_/g, '');
    return YAML_STYLE_FLOAT.test(plain) ? Number(plain) : undefined;
  }
  return DOT_FLOAT.test(data) ? Number(data) : undefined;
}

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
