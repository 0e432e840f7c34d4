import { ImageReference } from '../../../core/image';
import { K8sObject } from '../../../core/manifest';
import { perAudit } from '../../context';
import { listField, objectAt, objectField, ownField, readAgain, readApart, readOf, stringAt, stringField, unlessWronglyTyped } from '../../field-types';
import { asArray, asObject, Json } from '../../pod-spec';
import { AuditContext } from '../../rule';
import { Labels, selectableLabels, selectorMatches } from '../../selector';

/** The label that opts a namespace into Sigstore policy-controller. */
export const SIGSTORE_INCLUDE = 'policy.sigstore.dev/include';

/** The strings of the list `key` of `holder` (at `at`); an item of the wrong type is noted and left out. */
function strings(holder: Json | undefined, key: string, at: string): string[] {
  return listField(holder, key, at).flatMap((item, index) => stringAt(item, `${at}.${key}`, index) ?? []);
}

/** A Namespace's labels as Kyverno `namespaceSelector`s see them (`selectableLabels`), and whether one has read them. */
interface NamespaceSelection {
  readonly labels: Labels;
  read: boolean;
}

/** Whether one Kyverno `match` resource filter (at `at`) selects Pods in `namespace` (its labels in `selection`). */
function filterSelects(filter: unknown, namespace: K8sObject, selection: NamespaceSelection, at: string): boolean {
  const resources = objectField(objectAt(filter, at), 'resources', at);
  if (resources === undefined) return false;
  const kinds = strings(resources, 'kinds', `${at}.resources`);
  if (!kinds.some((k) => k === 'Pod' || k === '*' || k.endsWith('/Pod'))) return false;
  const names = strings(resources, 'namespaces', `${at}.resources`);
  if (names.length > 0 && !names.some((n) => n === namespace.metadata.name || n === '*')) return false;
  const selector = ownField(resources, 'namespaceSelector');
  if (selector === undefined || selector === null) return true;
  selection.read = true;
  return selectorMatches(selector, selection.labels, `${at}.resources.namespaceSelector`);
}

/** Whether a Kyverno rule's `match` (at `at`: any, all, or the legacy top-level resources) selects Pods in `namespace`. */
function matchSelects(match: unknown, namespace: K8sObject, selection: NamespaceSelection, at: string): boolean {
  const m = objectAt(match, at) ?? {};
  const isSet = (key: string) => ownField(m, key) !== undefined && ownField(m, key) !== null;
  // (every filter is read, so that a field of the wrong type is noted)
  const selecting = (key: string) => listField(m, key, at).map((f, index) => filterSelects(f, namespace, selection, `${at}.${key}[${index}]`));
  if (isSet('any')) return selecting('any').includes(true);
  if (isSet('all')) {
    const all = selecting('all');
    return all.length > 0 && !all.includes(false);
  }
  return filterSelects(m, namespace, selection, at);
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
 * The `verifyImages` entries of Kyverno rules that select Pods in `namespace`. A policy with a field of the wrong type
 * that decides them (an action, a pattern list, a match filter) has none: Kubernetes rejects it. The field is noted as
 * the policy's. A label of the Namespace of the wrong JSON type meets no `namespaceSelector` requirement, and is
 * noted (as the Namespace's own) once a selector has read the labels, when `noteNamespaceLabels`: the rule judges
 * the Namespace.
 */
export function verifyImagesEntries(policies: readonly K8sObject[], namespace: K8sObject, noteNamespaceLabels: boolean): VerifyImagesEntry[] {
  // (read apart, and noted outside the policies' readings: they are the Namespace's, not a policy's)
  const labels = readApart(() => selectableLabels(ownField(objectField(asObject(namespace), 'metadata', ''), 'labels'), 'metadata.labels'));
  const selection: NamespaceSelection = { labels: labels.value, read: false };
  const found = policies.flatMap((policy) => readOf(policy, () => unlessWronglyTyped(() => {
    const spec = objectField(policy, 'spec', '') ?? {};
    const policyAction = stringField(spec, 'validationFailureAction', 'spec');
    return listField(spec, 'rules', 'spec').flatMap((raw, index) => {
      const at = `spec.rules[${index}]`;
      const rule = objectAt(raw, 'spec.rules', index) ?? {};
      const entries = listField(rule, 'verifyImages', at);
      if (entries.length === 0 || !matchSelects(ownField(rule, 'match'), namespace, selection, `${at}.match`)) return [];
      return entries.map((item, i): VerifyImagesEntry => {
        const entryAt = `${at}.verifyImages[${i}]`;
        const v = objectAt(item, `${at}.verifyImages`, i) ?? {};
        const image = stringField(v, 'image', entryAt);
        return {
          action: stringField(v, 'failureAction', entryAt) ?? policyAction ?? 'Audit',
          imageReferences: [...strings(v, 'imageReferences', entryAt), ...(image !== undefined ? [image] : [])],
          skipImageReferences: strings(v, 'skipImageReferences', entryAt),
        };
      });
    });
  }, [])));
  if (noteNamespaceLabels && selection.read) readAgain(labels.wrong);
  return found;
}

/**
 * The image globs a Sigstore ClusterImagePolicy enforces: none when it only warns (`mode: warn`), or when its mode
 * or an image glob is of the wrong type (noted as the policy's): Kubernetes rejects it.
 */
export function enforcedGlobs(policy: K8sObject): string[] {
  return readOf(policy, () => unlessWronglyTyped(() => {
    const spec = objectField(policy, 'spec', '');
    if (stringField(spec, 'mode', 'spec') === 'warn') return [];
    return listField(spec, 'images', 'spec').map((i, index) => stringField(objectAt(i, 'spec.images', index), 'glob', `spec.images[${index}]`) ?? '');
  }, []));
}

/** Whether a Sigstore ClusterImagePolicy enforces: its `mode` is not `warn`, nor of the wrong type (noted as the policy's). */
export function sigstoreEnforces(policy: K8sObject): boolean {
  return readOf(policy, () => unlessWronglyTyped(() => stringField(objectField(policy, 'spec', ''), 'mode', 'spec') !== 'warn', false));
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
