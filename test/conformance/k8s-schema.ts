/**
 * Validation of built-in Kubernetes objects against the Kubernetes OpenAPI schema, with kubernetes-models 4.x
 * (CommonJS). Generic by apiVersion and kind, so every construct's test can use it:
 * ```ts
 * import { expectValidKubernetesObjects } from '../conformance/k8s-schema';
 * expectValidKubernetesObjects(objects); // built-in kinds must validate; custom resources are skipped
 * ```
 * Custom resources are checked against the real CRDs by `crd-schema.ts`.
 */

/** A plain manifest as far as this helper cares. */
export interface ManifestLike {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata?: { readonly name?: string; readonly namespace?: string };
  readonly [field: string]: unknown;
}

const BUILT_IN_GROUPS = new Set(['', 'apps', 'batch', 'policy', 'autoscaling', 'extensions']);

/** Whether `apiVersion` belongs to a built-in Kubernetes API group (not a custom resource). */
export function isBuiltInApiVersion(apiVersion: string): boolean {
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.lastIndexOf('/')) : '';
  return BUILT_IN_GROUPS.has(group) || (group.endsWith('.k8s.io') && !group.endsWith('.x-k8s.io'));
}

interface ModelClass {
  new (data: unknown): { validate(): void };
}

function modelFor(apiVersion: string, kind: string): ModelClass | undefined {
  const modulePath = `kubernetes-models/${apiVersion}`;
  let exports: Record<string, unknown>;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    exports = require(modulePath);
  } catch {
    return undefined;
  }
  const model = exports[kind];
  return typeof model === 'function' ? model as ModelClass : undefined;
}

/**
 * The schema errors of one built-in object (empty when valid), or `undefined` for a custom resource.
 * A built-in apiVersion/kind that kubernetes-models does not know is an error, so nothing escapes the check.
 */
export function validateKubernetesObject(obj: ManifestLike): string[] | undefined {
  if (!isBuiltInApiVersion(obj.apiVersion)) {
    return undefined;
  }
  const Model = modelFor(obj.apiVersion, obj.kind);
  if (!Model) {
    return [`${obj.apiVersion} ${obj.kind} is not a Kubernetes kind known to kubernetes-models`];
  }
  try {
    new Model(obj).validate();
    return [];
  } catch (error) {
    return [(error as Error).message];
  }
}

/** Fails the test, naming each object and its schema errors, when a built-in object does not validate. */
export function expectValidKubernetesObjects(objects: readonly ManifestLike[]): void {
  const failures = objects.flatMap((obj) => {
    const errors = validateKubernetesObject(obj) ?? [];
    return errors.map((e) => `${obj.kind} ${obj.metadata?.namespace ?? ''}/${obj.metadata?.name ?? '?'}: ${e}`);
  });
  expect(failures).toEqual([]);
}
