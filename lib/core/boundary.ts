import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import { checkImage } from './image';
import { joinPath } from './json-fields';
import { deepFreeze } from './manifest';
import { RenderContext } from './naming';
import { couldNotRead, NonPlain, nonPlain, unreadable } from './non-plain';
import { CleanInputs, takeVouched } from './passed-copies';
import { HardeningProfile, RESTRICTED_PROFILE } from './profile';
import { PROPS_SCHEMA_DEFINITIONS } from './props-schema.generated';
import { KubeHardenValidationError, Problem, Problems, checkDnsLabel, checkDnsSubdomain } from './validation';
import { checkAbsolutePath, checkLabelValue, checkLinkLocalHost, checkPortName, checkQuantity, checkUniqueLocalHost } from './values';

// (`joinPath` lives with the field readers, which the audit loads without this module's schema validator)
export { joinPath } from './json-fields';

/**
 * The one validation boundary: every public props object is copied (own data properties only) and checked against
 * the JSON Schema generated from the TypeScript props types (scripts/props-schema.ts) before any logic runs.
 * Types, enums, ranges and unknown keys are all judged by that schema; the core's own checks then run on the copy.
 */

/** A public props type the boundary knows (a definition of the generated schema). */
export type PublicPropType =
  | 'SecureDeploymentProps'
  | 'PaymentServiceProps'
  | 'ZeroTrustNamespaceProps'
  | 'SandboxRuntimesProps'
  | 'ImageSupplyChainPolicyProps'
  | 'RuntimeThreatDetectionProps'
  | 'SecurityChaosProbesProps'
  | 'HardenPodSpecOptions'
  | 'CiGateOptions'
  | 'HardeningProfile'
  | 'RenderContext';

const SCHEMA_ID = 'kube-harden-props';
/** Deeper input than this is refused (no legitimate props nest this far). */
const MAX_DEPTH = 32;
/** Longer lists than this are refused. */
const MAX_ITEMS = 10_000;

/** A value check in the core's style: records a problem (with its own message and fix) when `value` is invalid. */
export type ValueCheck = (problems: Problems, field: string, value: unknown) => void;

/**
 * The value checks the schema runs as formats: a prop tagged `@format <name>` is checked by `VALUE_FORMATS[name]`
 * at the boundary, and a failure is reported with the check's own message and fix. One table, so a validator can be
 * replaced (quantities, image references, names) without touching the constructs.
 */
export const VALUE_FORMATS: Readonly<Record<string, ValueCheck>> = {
  'k8s-quantity': checkQuantity,
  'dns-label': (problems, field, value) => checkDnsLabel(problems, field, value),
  'dns-subdomain': checkDnsSubdomain,
  'label-value': checkLabelValue,
  'port-name': checkPortName,
  'absolute-path': checkAbsolutePath,
  'ipv4-link-local-host': checkLinkLocalHost,
  'ipv6-unique-local-host': checkUniqueLocalHost,
  'image-reference': (problems, field, value) => checkImage(problems, field, value, { requireDigest: false, allowedRegistries: [] }),
};

/** Where `passes` lets a check record its problems: reused while it stays empty. */
let scratch = new Problems();

function passes(check: ValueCheck, value: unknown): boolean {
  let clean = false;
  try {
    check(scratch, '', value);
    clean = scratch.isEmpty;
  } finally {
    // a check that recorded a problem (or threw) leaves the scratch dirty: the next check gets a fresh one
    if (!scratch.isEmpty) scratch = new Problems();
  }
  return clean;
}

let ajv: Ajv | undefined;
const validators = new Map<string, ValidateFunction>();

/** `schema` with its local `$ref`s made absolute, so that a part of the schema compiles on its own. */
function absolute(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(absolute);
  if (typeof schema !== 'object' || schema === null) return schema;
  return Object.fromEntries(Object.entries(schema).map(([k, v]) => [k, k === '$ref' && typeof v === 'string' && v.startsWith('#') ? `${SCHEMA_ID}${v}` : absolute(v)]));
}

/** The compiled validator of a schema (or schema part, e.g. one branch of an `anyOf`). */
function validatorFor(schema: unknown): ValidateFunction {
  if (ajv === undefined) {
    ajv = new Ajv({ allErrors: true, strict: false, ownProperties: true, verbose: true });
    for (const [name, check] of Object.entries(VALUE_FORMATS)) ajv.addFormat(name, { type: 'string', validate: (value: string) => passes(check, value) });
    ajv.addSchema({ $id: SCHEMA_ID, definitions: PROPS_SCHEMA_DEFINITIONS });
  }
  const key = JSON.stringify(schema);
  let validate = validators.get(key);
  if (validate === undefined) {
    validate = ajv.compile(absolute(schema) as object);
    validators.set(key, validate);
  }
  return validate;
}


/** Where a value sits while `ownData` copies it: the path is only spelled out when a problem names it. */
interface OwnDataPath {
  readonly parent: OwnDataPath | string;
  readonly key: string | number;
}

function spell(at: OwnDataPath | string): string {
  return typeof at === 'string' ? at : joinPath(spell(at.parent), at.key);
}

/**
 * A copy of `value` made of own enumerable data only: plain objects (a `__proto__` key stays an own key),
 * arrays and primitives. Nothing is read from a prototype, and each getter runs once. Cycles, excessive depth or
 * length, values that throw when read and values that are not plain data (a function; a `Map`, `Set`, `Date`,
 * Promise, Pulumi `Output` or other class instance; an object that inherits from another) are recorded as problems
 * and left out of the copy (never copied as `{}`).
 */
export function ownData(value: unknown, problems: Problems, field: string): unknown {
  // The objects being copied (a Set: no inherited index setter can hide one from the cycle check).
  const ancestors = new Set<object>();
  const copy = (v: unknown, at: OwnDataPath | string, depth: number): unknown => {
    if (typeof v !== 'object' || v === null) {
      if (typeof v !== 'function') return v;
      notPlain(problems, spell(at), nonPlain(v)!);
      return undefined;
    }
    const cannot = unreadable(v);
    if (cannot !== undefined) {
      problems.add(spell(at) || 'props', '<unreadable>', cannot, 'give plain data.');
      return undefined;
    }
    if (ancestors.has(v)) {
      problems.add(spell(at) || 'props', '<circular>', 'refers back to itself', 'give plain data without cycles.');
      return undefined;
    }
    if (depth > MAX_DEPTH) {
      problems.add(spell(at) || 'props', '<too deep>', `nests deeper than ${MAX_DEPTH} levels`, 'give the props as documented.');
      return undefined;
    }
    ancestors.add(v);
    try {
      if (Array.isArray(v)) {
        if (v.length > MAX_ITEMS) {
          problems.add(spell(at), `<${v.length} items>`, `has more than ${MAX_ITEMS} items`, 'give a shorter list.');
          return [];
        }
        // Array.from defines every item (an inherited index setter is never called) and reads the length once.
        return Array.from({ length: v.length }, (_, i) => {
          const item = read(v, i, at);
          return (typeof item === 'object' && item !== null) || typeof item === 'function' ? copy(item, { parent: at, key: i }, depth + 1) : item;
        });
      }
      const other = nonPlain(v);
      if (other !== undefined) {
        notPlain(problems, spell(at), other);
        return undefined;
      }
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(v)) {
        let item = read(v, key, at);
        if ((typeof item === 'object' && item !== null) || typeof item === 'function') item = copy(item, { parent: at, key }, depth + 1);
        if (item === undefined) continue;
        // A key Object.prototype has (`__proto__`, `toString`, or one a polluter added) is defined, never assigned:
        // assigning would call an inherited setter or fail on a frozen prototype. Any other key is assigned (faster).
        if (key in Object.prototype) Object.defineProperty(out, key, { value: item, enumerable: true, writable: true, configurable: true });
        else out[key] = item;
      }
      return out;
    } catch (error) {
      problems.add(spell(at) || 'props', '<unreadable>', couldNotRead(error), 'give plain data.');
      return undefined;
    } finally {
      ancestors.delete(v);
    }
  };
  // An item that throws when read is a problem of its own field (and left out).
  const read = (holder: object, key: string | number, at: OwnDataPath | string): unknown => {
    try {
      return (holder as Record<string | number, unknown>)[key];
    } catch (error) {
      problems.add(spell({ parent: at, key }), '<unreadable>', couldNotRead(error), 'give plain data.');
      return undefined;
    }
  };
  return copy(value, field, 0);
}

function notPlain(problems: Problems, field: string, other: NonPlain): void {
  problems.add(field || 'props', `<${other.kind}>`, `is ${other.kind}, not plain data`, other.fix);
}

function describeType(schema: unknown): string {
  const s = schema as { type?: unknown; enum?: unknown[]; const?: unknown; $ref?: string; anyOf?: unknown[] } | undefined;
  if (s?.enum !== undefined) return `one of ${s.enum.map((e) => JSON.stringify(e)).join(', ')}`;
  if (s?.const !== undefined) return JSON.stringify(s.const);
  if (s?.$ref !== undefined) return s.$ref.replace(/^.*\//, '');
  if (typeof s?.type === 'string') return s.type;
  return 'a value of the documented type';
}

function article(noun: string): string {
  return `${/^[aeiou]/.test(noun) ? 'an' : 'a'} ${noun}`;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1].toLowerCase() === b[j - 1].toLowerCase() ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length];
}

/** The known name closest to `name` (case-insensitive edit distance), if it is close enough to be a likely typo. */
export function nearestName(name: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const distance = editDistance(name, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(best.length / 3)) ? best : undefined;
}

/** The unescaped keys of a JSON pointer (`/a/b~1c` is `a`, `b/c`). */
function pointerKeys(pointer: string): string[] {
  return pointer.split('/').slice(1).map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function valueAt(root: unknown, pointer: string): unknown {
  let value = root;
  for (const key of pointerKeys(pointer)) {
    value = typeof value === 'object' && value !== null && Object.prototype.hasOwnProperty.call(value, key)
      ? (value as Record<string, unknown>)[key] : undefined;
  }
  return value;
}

function pathOf(base: string, pointer: string): string {
  let path = base;
  for (const key of pointerKeys(pointer)) {
    path = joinPath(path, /^(0|[1-9][0-9]*)$/.test(key) ? Number(key) : key);
  }
  return path;
}

/** Maps ajv errors to problems; an `anyOf` is judged by its closest branch only, so the problems stay readable. */
function addErrors(problems: Problems, errors: readonly ErrorObject[], root: unknown, base: string): void {
  const unions = errors.filter((e) => e.keyword === 'anyOf');
  const under = (e: ErrorObject, u: ErrorObject): boolean => e.instancePath === u.instancePath || e.instancePath.startsWith(`${u.instancePath}/`);
  const inUnion = (e: ErrorObject): boolean => unions.some((u) => under(e, u));
  const outermost = unions.filter((u) => !unions.some((o) => o !== u && u.instancePath.startsWith(`${o.instancePath}/`)));
  for (const error of errors) {
    if (error.keyword === 'anyOf' || inUnion(error)) continue;
    addError(problems, error, root, base);
  }
  for (const union of outermost) addUnion(problems, union, root, base);
}

function addUnion(problems: Problems, union: ErrorObject, root: unknown, base: string): void {
  const value = valueAt(root, union.instancePath);
  const branches = (union.schema as unknown[]) ?? [];
  let best: { errors: readonly ErrorObject[]; score: number } | undefined;
  branches.forEach((branch) => {
    const validate = validatorFor(branch);
    validate(value);
    const errors = validate.errors ?? [];
    // A branch whose type differs is no match; one that does not know a given key is a poor one.
    const score = errors.reduce((sum, e) => sum + (e.instancePath !== '' ? 1
      : e.keyword === 'type' || e.keyword === 'const' || e.keyword === 'enum' ? 1000 : e.keyword === 'additionalProperties' ? 10 : 1), 0);
    if (best === undefined || score < best.score) best = { errors: [...errors], score };
  });
  if (best === undefined || best.score >= 1000) {
    problems.add(pathOf(base, union.instancePath) || 'props', value, `must be ${branches.map(describeType).join(' or ')}`,
      'give one of the documented forms.');
    return;
  }
  addErrors(problems, best.errors, value, pathOf(base, union.instancePath));
}

function addError(problems: Problems, error: ErrorObject, root: unknown, base: string): void {
  const field = pathOf(base, error.instancePath);
  const value = error.data;
  const params = error.params as Record<string, any>;
  switch (error.keyword) {
    case 'type': {
      const wanted = String(params.type);
      const fix = wanted === 'array'
        ? `give a list, e.g. [${typeof value === 'string' ? JSON.stringify(value) : '...'}] (${typeof value === 'object' && value !== null ? 'an object' : 'a string'} is never taken as a list).`
        : wanted === 'object' && Array.isArray(value) ? 'give an object of named fields, e.g. { key: value } (a list is never taken as an object).'
          : `give ${wanted === 'integer' ? 'a whole number' : article(wanted)}${typeof value === 'string' && wanted !== 'string' ? ', not a string' : ''}.`;
      problems.add(field || 'props', value, `must be ${article(wanted === 'integer' ? 'integer' : wanted)}`, fix);
      return;
    }
    case 'required':
      problems.add(joinPath(field, String(params.missingProperty)), undefined, 'is required', `set ${String(params.missingProperty)}.`);
      return;
    case 'additionalProperties': {
      const key = String(params.additionalProperty);
      const known = Object.keys((error.parentSchema as { properties?: object } | undefined)?.properties ?? {});
      const near = nearestName(key, known);
      problems.add(joinPath(field, key), valueAt(root, `${error.instancePath}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`), 'is not a known field',
        near !== undefined ? `did you mean '${near}'?` : known.length === 0 ? 'remove it.'
          : known.length <= 12 ? `use one of: ${known.join(', ')}.` : 'remove it (there is no such field here).');
      return;
    }
    case 'enum':
    case 'const': {
      const allowed = error.keyword === 'enum' ? (params.allowedValues as unknown[]) : [params.allowedValue];
      const near = typeof value === 'string' ? nearestName(value, allowed.filter((a): a is string => typeof a === 'string')) : undefined;
      problems.add(field || 'props', value, `must be ${allowed.length === 1 ? JSON.stringify(allowed[0]) : `one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}`}`,
        near !== undefined ? `did you mean '${near}'?` : 'use one of the listed values.');
      return;
    }
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      problems.add(field, value, `must be ${params.comparison} ${params.limit}`, `give a value ${params.comparison} ${params.limit}.`);
      return;
    case 'minItems':
      problems.add(field, value, `must list at least ${params.limit} item${params.limit === 1 ? '' : 's'}`, 'add the missing entries.');
      return;
    case 'format': {
      const check = Object.prototype.hasOwnProperty.call(VALUE_FORMATS, params.format) ? VALUE_FORMATS[params.format] : undefined;
      if (check !== undefined) check(problems, field, value);
      else problems.add(field, value, `is not a valid ${String(params.format)}`, 'give a value of the documented form.');
      return;
    }
    case 'minLength':
      problems.add(field, value, `must have at least ${params.limit} character${params.limit === 1 ? '' : 's'}`, 'give a non-empty value.');
      return;
    default:
      problems.add(field || 'props', value, error.message ?? 'is invalid', 'give a value of the documented type.');
  }
}

/**
 * Copies `value` (own data only) and records every problem of the copy (each value it left out, once) and every
 * schema problem of it as the public type `type`, with fields prefixed by `field`. Returns the copy: the only thing
 * the core reads afterwards.
 */
export function checkAgainstSchema(problems: Problems, type: PublicPropType, value: unknown, field = ''): unknown {
  const copied = new Problems();
  const data = ownData(value, copied, field);
  problems.addAll(copied.list);
  let validate = typeValidators.get(type);
  if (validate === undefined) {
    validate = validatorFor({ $ref: `#/definitions/${type}` });
    typeValidators.set(type, validate);
  }
  if (validate(data)) return data;
  const schema = new Problems();
  addErrors(schema, validate.errors ?? [], data, field);
  // A value the copy left out (not plain data, a cycle, unreadable) is reported once, by the copy.
  problems.addAll(schema.list.filter((p) => !copied.list.some((c) => covers(p.field, c.field))));
  return data;
}

/** The validator of each public type. */
const typeValidators = new Map<PublicPropType, ValidateFunction>();

/** What passed the boundary: own-data copies of the props, render context and profile that match their schemas. */
export interface CheckedInputs<P> {
  /** The props. */
  readonly props: P;
  /** The render context. */
  readonly context: RenderContext;
  /** The profile. */
  readonly profile: HardeningProfile;
}

function covers(field: string, by: string): boolean {
  return field === by || field.startsWith(`${by}.`) || field.startsWith(`${by}[`) || by === 'props';
}

/**
 * The boundary of a construct: copies `props` (own data only) and checks the copy as `type`, and likewise the render
 * context and the profile (fields prefixed `context.` and `profile.`), then runs `body` on the copies only.
 * When the schema found problems, `body` still runs to find the problems of the fields that are well-typed, so that
 * every problem is reported at once, but whatever it renders is discarded and only a `KubeHardenValidationError`
 * leaves: problems in a field the schema already rejected are not repeated.
 */
export function withBoundary<P, R>(
  kind: string,
  type: PublicPropType,
  raw: { readonly props: unknown; readonly context?: unknown; readonly profile?: unknown },
  body: (inputs: CheckedInputs<P>) => R,
): R {
  if (takeVouched(raw, type)) {
    // Own data the core built from inputs that passed a boundary just before, and that pass as `type` too.
    return body({ props: raw.props as P, context: raw.context as RenderContext, profile: (raw.profile ?? RESTRICTED_PROFILE) as HardeningProfile });
  }
  const problems = new Problems();
  const props = checkAgainstSchema(problems, type, raw.props);
  const context = checkAgainstSchema(problems, 'RenderContext', raw.context ?? {}, 'context');
  const profile = raw.profile === undefined || raw.profile === RESTRICTED_PROFILE
    ? RESTRICTED_PROFILE : checkAgainstSchema(problems, 'HardeningProfile', raw.profile, 'profile');
  if (problems.isEmpty) {
    // Frozen before the body runs: nothing the body reads (an inherited getter included) can change a checked copy,
    // so what the body vouches for (passed-copies.ts) stays what passed.
    return body(new CleanInputs(deepFreeze(props) as P, deepFreeze(context) as RenderContext,
      (profile === RESTRICTED_PROFILE ? profile : deepFreeze(profile)) as HardeningProfile));
  }
  const inputs = { props: props as P, context: context as RenderContext, profile: profile as HardeningProfile };
  const schemaProblems = problems.list;
  let later: readonly Problem[] = [];
  if (typeof props === 'object' && props !== null && !Array.isArray(props)) {
    try {
      body(inputs);
    } catch (error) {
      // The body read ill-typed fields the schema rejected: its crash adds nothing to the problems reported.
      if (KubeHardenValidationError.isValidationError(error)) later = error.problems;
    }
  }
  const name = typeof (props as { name?: unknown } | null)?.name === 'string' ? ` '${(props as { name: string }).name}'` : '';
  throw new KubeHardenValidationError(`${kind}${name}`, [
    ...schemaProblems,
    ...later.filter((p) => !schemaProblems.some((s) => covers(p.field, s.field))),
  ]);
}

/**
 * Splits an adapter's props into its own `keys` (e.g. `profile`, `context`) and the rest, reading own properties only
 * (an inherited `profile` never counts). A value that is not a plain object (a list, a `Map`, a class instance) is
 * returned whole as the rest, for the boundary to reject; nothing here throws.
 */
export function splitOwn<K extends string>(
  value: unknown,
  keys: readonly K[],
): { readonly picked: Partial<Record<K, unknown>>; readonly rest: unknown } {
  if (typeof value !== 'object' || value === null || unreadable(value) !== undefined || Array.isArray(value)) return { picked: {}, rest: value };
  const picked: Partial<Record<K, unknown>> = {};
  const rest: [string, unknown][] = [];
  try {
    if (nonPlain(value) !== undefined) return { picked: {}, rest: value };
    for (const key of Object.keys(value)) {
      const item = (value as Record<string, unknown>)[key];
      if ((keys as readonly string[]).includes(key)) picked[key as K] = item;
      else rest.push([key, item]);
    }
  } catch {
    return { picked: {}, rest: value };
  }
  return { picked, rest: Object.fromEntries(rest) };
}

/** An adapter's construct props split into the core props and the profile (own properties only; see `splitOwn`). */
export function intentOf<P>(props: unknown): { readonly intent: P; readonly profile?: HardeningProfile } {
  const { picked, rest } = splitOwn(props, ['profile']);
  return { intent: rest as P, profile: picked.profile as HardeningProfile | undefined };
}
