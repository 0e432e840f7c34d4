import { ImageReference } from '../../../core/image';
import { K8sObject } from '../../../core/manifest';
import { perAudit } from '../../context';
import { asArray, asObject, metadataMap, selectableLabels } from '../../pod-spec';
import { AuditContext } from '../../rule';
import { selectorMatches } from '../../selector';

/** The label that opts a namespace into Sigstore policy-controller. */
export const SIGSTORE_INCLUDE = 'policy.sigstore.dev/include';

/** Whether one Kyverno `match` resource filter selects Pods in `namespace`. */
function filterSelects(filter: unknown, namespace: K8sObject): boolean {
  const resources = asObject(asObject(filter)?.resources);
  if (resources === undefined) return false;
  const kinds = asArray(resources.kinds).map(String);
  if (!kinds.some((k) => k === 'Pod' || k === '*' || k.endsWith('/Pod'))) return false;
  const names = asArray(resources.namespaces).map(String);
  if (names.length > 0 && !names.some((n) => n === namespace.metadata.name || n === '*')) return false;
  // (the Namespace's labels of the wrong type are noted, and meet no requirement: such a namespace is not selected)
  return resources.namespaceSelector === undefined
    || selectorMatches(resources.namespaceSelector, selectableLabels(metadataMap(namespace, 'labels'), 'metadata.labels'));
}

/** Whether a Kyverno rule's `match` (any, all, or the legacy top-level resources) selects Pods in `namespace`. */
function matchSelects(match: unknown, namespace: K8sObject): boolean {
  const m = asObject(match) ?? {};
  if (m.any !== undefined) return asArray(m.any).some((f) => filterSelects(f, namespace));
  if (m.all !== undefined) return asArray(m.all).length > 0 && asArray(m.all).every((f) => filterSelects(f, namespace));
  return filterSelects(m, namespace);
}

/** One Kyverno `verifyImages` entry of a rule that selects a namespace. */
export interface VerifyImagesEntry {
  /** Effective failure action (`failureAction`, else the policy's `validationFailureAction`, else `Audit`). */
  readonly action: string;
  /** Image reference patterns (`imageReferences`, or the legacy `image`). */
  readonly imageReferences: readonly string[];
  /** Patterns exempted (`skipImageReferences`). */
  readonly skipImageReferences: readonly string[];
}

/** Kyverno ClusterPolicies of the audit with at least one `verifyImages` rule, found once per audit. */
export const kyvernoImagePolicies: (context: AuditContext) => readonly K8sObject[] = perAudit((context) => context.objectsOfKind('ClusterPolicy')
  .filter((p) => asArray(asObject(p.spec)?.rules).some((r) => asArray(asObject(r)?.verifyImages).length > 0)));

/**
 * The `verifyImages` entries of Kyverno rules that select Pods in `namespace`. A label of the Namespace of the wrong
 * JSON type is noted when a rule's `namespaceSelector` reads the labels, and meets no requirement of it.
 */
export function verifyImagesEntries(policies: readonly K8sObject[], namespace: K8sObject): VerifyImagesEntry[] {
  return policies.flatMap((policy) => {
    const spec = asObject(policy.spec) ?? {};
    return asArray(spec.rules)
      .map((r) => asObject(r) ?? {})
      .filter((r) => asArray(r.verifyImages).length > 0 && matchSelects(r.match, namespace))
      .flatMap((r) => asArray(r.verifyImages).map((raw) => {
        const v = asObject(raw) ?? {};
        return {
          action: String(v.failureAction ?? spec.validationFailureAction ?? 'Audit'),
          imageReferences: [...asArray(v.imageReferences), ...(v.image !== undefined ? [v.image] : [])].map(String),
          skipImageReferences: asArray(v.skipImageReferences).map(String),
        };
      }));
  });
}

/** Whether a Kyverno failure action enforces. */
export function isEnforce(action: string): boolean {
  return /^enforce$/i.test(action);
}

function escape(text: string): string {
  return text.replace(/[.+^${}()|[\]\\]/g, '\\$&');
}

/** Kyverno wildcards: `*` matches any characters (`/` too), `?` one character. */
export function kyvernoPatternMatches(pattern: string, image: string): boolean {
  return new RegExp(`^${escape(pattern).replace(/\*/g, '.*').replace(/\?/g, '.')}$`).test(image);
}

/** policy-controller globs: `**` matches any characters, `*` any but `/`, `?` one character. */
export function sigstoreGlobMatches(glob: string, image: string): boolean {
  const source = escape(glob).replace(/\*\*|\*|\?/g, (w) => (w === '**' ? '.*' : w === '*' ? '[^/]*' : '.'));
  return new RegExp(`^${source}$`).test(image);
}

/**
 * The forms of an image an admission controller may match patterns against: as written, and normalized with its
 * registry (`docker.io` when none), with tag and digest, tag only and digest only.
 */
export function imageForms(raw: string, ref: ImageReference | undefined): string[] {
  if (ref === undefined) return [raw];
  const name = `${ref.registry}/${ref.repository}`;
  return [...new Set([
    raw,
    `${name}${ref.tag !== undefined ? `:${ref.tag}` : ''}${ref.digest !== undefined ? `@${ref.digest}` : ''}`,
    `${name}:${ref.tag ?? 'latest'}`,
    ...(ref.digest !== undefined ? [`${name}@${ref.digest}`] : []),
  ])];
}
