/**
 * Strict validation of custom resources against the real upstream CRD schemas in `../shared/crds`
 * (test data only: read at test time, never copied into the repo).
 *
 * Usage in a test:
 * ```ts
 * import { expectValidCustomResources, validateCustomResource } from '../conformance/crd-schema';
 * expectValidCustomResources(objects);            // every custom resource in `objects` must validate
 * expect(validateCustomResource(obj)).toEqual([]); // or inspect the error list of one object
 * ```
 *
 * "Strict" means what the API server does silently is an error here: an object node of the schema that
 * neither declares `additionalProperties` nor says `x-kubernetes-preserve-unknown-fields: true` rejects
 * undeclared fields (the API server would prune them, so a misspelled field would simply be lost).
 * `metadata` is checked by hand (name, namespace by CRD scope, string labels and annotations).
 * Built-in Kubernetes kinds (core, `apps`, `*.k8s.io` except `*.x-k8s.io`) are skipped by
 * `expectValidCustomResources`; any other group without a CRD file is an error, so nothing escapes the check.
 */
import * as fs from 'fs';
import * as path from 'path';
import Ajv, { ValidateFunction } from 'ajv';
import { parse } from 'yaml';

/** Directory of the upstream CRD files (the repo root's sibling `shared/crds`). */
export const CRD_DIR = path.resolve(__dirname, '../../../shared/crds');

/** A plain manifest as far as this helper cares. */
export interface ManifestLike {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata?: unknown;
  readonly [field: string]: unknown;
}

interface CrdIndexEntry {
  readonly file: string;
  readonly group: string;
  readonly kind: string;
}

interface CompiledCrd {
  readonly scope: 'Namespaced' | 'Cluster';
  readonly validate: ValidateFunction;
}

let crdIndex: Map<string, CrdIndexEntry> | undefined;
const compiled = new Map<string, CompiledCrd>();

/** Index `group/kind` -> file, read cheaply from the text (full parse happens on first use of a kind). */
function index(): Map<string, CrdIndexEntry> {
  if (crdIndex) return crdIndex;
  if (!fs.existsSync(CRD_DIR)) {
    throw new Error(`CRD directory ${CRD_DIR} is missing: the CRD conformance check cannot run (it is never skipped)`);
  }
  crdIndex = new Map();
  for (const dir of fs.readdirSync(CRD_DIR)) {
    const full = path.join(CRD_DIR, dir);
    if (!fs.statSync(full).isDirectory()) continue;
    for (const name of fs.readdirSync(full).filter((f) => f.endsWith('.yaml'))) {
      const file = path.join(full, name);
      const text = fs.readFileSync(file, 'utf8');
      const group = /^ {2}group: (\S+)$/m.exec(text)?.[1];
      const kind = /^ {4}kind: (\S+)$/m.exec(text)?.[1];
      if (!group || !kind) throw new Error(`cannot read spec.group / spec.names.kind of ${file}`);
      crdIndex.set(`${group}/${kind}`, { file, group, kind });
    }
  }
  if (crdIndex.size === 0) throw new Error(`no CRD files found under ${CRD_DIR}`);
  return crdIndex;
}

/** The group and kind of every upstream CRD file. */
export function crdGroupKinds(): ReadonlyArray<{ readonly group: string; readonly kind: string }> {
  return [...index().values()].map(({ group, kind }) => ({ group, kind }));
}

function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.lastIndexOf('/');
  return slash === -1 ? { group: '', version: apiVersion } : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

/** Whether `apiVersion` belongs to a built-in Kubernetes API group (not a custom resource). */
export function isBuiltInApiVersion(apiVersion: string): boolean {
  const { group } = splitApiVersion(apiVersion);
  return !group.includes('.') || (group.endsWith('.k8s.io') && !group.endsWith('.x-k8s.io'));
}

type Schema = Record<string, unknown>;

const COMBINATORS = new Set(['anyOf', 'oneOf', 'allOf', 'not']);

/**
 * Copies a structural schema, making every object node strict (see the module comment), and rewriting
 * OpenAPI 3.0 boolean `exclusiveMinimum`/`exclusiveMaximum` to the numeric form ajv (draft-07) expects.
 * Combinator branches (`oneOf: [{properties: {a: {}}, required: [a]}]`) only constrain presence: they stay open.
 */
function strictify(node: unknown, inCombinator: boolean): unknown {
  if (Array.isArray(node)) return node.map((n) => strictify(n, inCombinator));
  if (node === null || typeof node !== 'object') return node;
  const src = node as Schema;
  const out: Schema = {};
  for (const [key, value] of Object.entries(src)) {
    if (key === 'properties') {
      out[key] = Object.fromEntries(Object.entries(value as Schema).map(([k, v]) => [k, strictify(v, false)]));
    } else if (COMBINATORS.has(key)) {
      out[key] = strictify(value, true);
    } else if (key === 'enum' || key === 'default' || key === 'example' || key === 'required' || key === 'x-kubernetes-validations') {
      out[key] = value;
    } else {
      out[key] = strictify(value, false);
    }
  }
  for (const bound of ['Minimum', 'Maximum'] as const) {
    const flag = src[`exclusive${bound}`];
    if (typeof flag === 'boolean') {
      delete out[`exclusive${bound}`];
      const limit = src[bound.toLowerCase()];
      if (flag && typeof limit === 'number') {
        out[`exclusive${bound}`] = limit;
        delete out[bound.toLowerCase()];
      }
    }
  }
  const isObject = src.type === 'object' || (src.type === undefined && src.properties !== undefined);
  if (isObject && !inCombinator && src.additionalProperties === undefined && src['x-kubernetes-preserve-unknown-fields'] !== true) {
    out.additionalProperties = false;
  }
  return out;
}

const LABEL_NAME = '[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?';
const DNS_SUBDOMAIN = '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*';

/** Our own metadata schema (CRD schemas leave `metadata` open), merged with the CRD's own name constraints. */
function metadataSchema(crdMetadata: Schema | undefined, scope: string): Schema {
  const crdName = (crdMetadata?.properties as Schema | undefined)?.name as Schema | undefined;
  const name: Schema = { type: 'string', maxLength: 253, pattern: `^${DNS_SUBDOMAIN}$` };
  return {
    type: 'object',
    required: scope === 'Namespaced' ? ['name', 'namespace'] : ['name'],
    additionalProperties: false,
    properties: {
      name: crdName ? { allOf: [name, crdName] } : name,
      namespace: scope === 'Namespaced' ? { type: 'string', maxLength: 63, pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$' } : { not: {} },
      labels: {
        type: 'object',
        propertyNames: { pattern: `^(${DNS_SUBDOMAIN}/)?${LABEL_NAME}$` },
        additionalProperties: { type: 'string', maxLength: 63, pattern: '^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$' },
      },
      annotations: {
        type: 'object',
        propertyNames: { pattern: `^(${DNS_SUBDOMAIN}/)?${LABEL_NAME}$` },
        additionalProperties: { type: 'string' },
      },
    },
  };
}

/** Translates Go's `\PC`-style Unicode classes (used by Cilium) to JavaScript's `\P{C}`. */
function goRegExp(pattern: string, flags: string): RegExp {
  return new RegExp(pattern.replace(/\\([pP])([A-Z][a-z]?)(?![{a-z])/g, '\\$1{$2}'), flags);
}
goRegExp.code = 'goRegExp';

// Code optimization is off: it triples the compile time of the large CRDs (Cilium, Kyverno) for no gain in tests.
const ajv = new Ajv({ strict: false, validateFormats: false, allErrors: true, code: { regExp: goRegExp as never, optimize: false } });

function compiledFor(apiVersion: string, kind: string): CompiledCrd {
  const key = `${apiVersion}/${kind}`;
  const cached = compiled.get(key);
  if (cached) return cached;
  const { group, version } = splitApiVersion(apiVersion);
  const entry = index().get(`${group}/${kind}`);
  if (!entry) throw new Error(`no CRD file under ${CRD_DIR} defines ${kind} in group '${group}'`);
  const crd = parse(fs.readFileSync(entry.file, 'utf8'));
  if (crd?.spec?.group !== group || crd?.spec?.names?.kind !== kind) {
    throw new Error(`CRD index is wrong for ${entry.file}: expected ${group}/${kind}`);
  }
  const served = (crd.spec.versions as Array<Record<string, any>>).find((v) => v.name === version);
  if (!served || served.served !== true) {
    throw new Error(`${kind}: version ${version} is not served by the CRD (served: ${crd.spec.versions.filter((v: any) => v.served).map((v: any) => v.name).join(', ')})`);
  }
  const root = served.schema.openAPIV3Schema as Schema;
  const strict = strictify(root, false) as Schema;
  const properties = { ...(strict.properties as Schema) };
  properties.metadata = metadataSchema((root.properties as Schema).metadata as Schema | undefined, crd.spec.scope);
  properties.apiVersion = { const: apiVersion };
  properties.kind = { const: kind };
  const schema = { ...strict, properties, required: [...new Set([...((strict.required as string[]) ?? []), 'apiVersion', 'kind', 'metadata'])] };
  const result: CompiledCrd = { scope: crd.spec.scope, validate: ajv.compile(schema) };
  compiled.set(key, result);
  return result;
}

/**
 * Validates one custom resource against its CRD (chosen by group, kind and version) and returns the errors
 * as readable strings (`<json path>: <message>`), empty when valid. Throws when no CRD file defines the kind.
 */
export function validateCustomResource(obj: ManifestLike): string[] {
  const { validate } = compiledFor(obj.apiVersion, obj.kind);
  if (validate(obj)) return [];
  return (validate.errors ?? []).map((e) => {
    const extra = e.keyword === 'additionalProperties' ? ` '${(e.params as { additionalProperty: string }).additionalProperty}'`
      : e.keyword === 'enum' ? ` ${JSON.stringify((e.params as { allowedValues: unknown[] }).allowedValues)}` : '';
    return `${e.instancePath || '/'}: ${e.message}${extra}`;
  });
}

/** Whether `obj` is a custom resource (its API group is not a built-in Kubernetes group). */
export function isCustomResource(obj: ManifestLike): boolean {
  return !isBuiltInApiVersion(obj.apiVersion);
}

/**
 * Jest assertion: every custom resource in `objects` validates strictly against its real CRD.
 * Built-in kinds are skipped (check them with the Kubernetes schema helper). Returns how many were checked,
 * so a test can also assert that the custom resources it expects were really there.
 */
export function expectValidCustomResources(objects: readonly ManifestLike[]): number {
  const failures: string[] = [];
  let checked = 0;
  for (const obj of objects.filter(isCustomResource)) {
    checked++;
    const name = (obj.metadata as { name?: string } | undefined)?.name;
    for (const error of validateCustomResource(obj)) failures.push(`${obj.kind} '${name}': ${error}`);
  }
  expect(failures).toEqual([]);
  return checked;
}
