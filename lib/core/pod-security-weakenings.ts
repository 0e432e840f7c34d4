import { Acknowledgements, requireAcknowledgement } from './acknowledgements';
import { ControlId } from './controls';
import { PodSecurityProfile } from './profile';
import { Problems } from './validation';

/**
 * The one judgement of pod-security values against the restricted profile: which values are weaker, and which
 * controls acknowledge them. SecureDeployment judges the values a workload ends up with (a prop, else the profile's);
 * `hardenPodSpec` judges the profile's own values before it writes any of them, and the author's values it keeps or
 * replaces.
 */

/** The pod-security fields a value can weaken. */
export type WeakenableField = keyof Omit<PodSecurityProfile, 'writablePaths'>;

/** How a value weakens the restricted profile. */
export interface Weakening {
  /** Every control the value weakens (all of them must be acknowledged). */
  readonly controls: ControlId | readonly ControlId[];
  /** What the value does. */
  readonly what: string;
  /** How to avoid it. */
  readonly fix: string;
}

const ROOT_GROUP: Weakening = { controls: 'KH-POD-020', what: 'uses the root group (GID 0)', fix: 'use a non-zero GID such as 10001' };

/** For each field, the weakening of a value (`undefined` when the value is as strong as the restricted profile's). */
const WEAKENINGS: { readonly [F in WeakenableField]: (value: unknown) => Weakening | undefined } = {
  runAsUser: (v) => (v === 0 ? { controls: 'KH-POD-016', what: 'runs the container as root (UID 0)', fix: 'use a non-zero UID such as 10001' } : undefined),
  runAsGroup: (v) => (v === 0 ? ROOT_GROUP : undefined),
  fsGroup: (v) => (v === 0 ? ROOT_GROUP : undefined),
  seccompProfileType: (v) => (v !== 'RuntimeDefault'
    ? { controls: ['KH-POD-011', 'KH-POD-017'], what: 'runs the containers without the RuntimeDefault seccomp filter', fix: "use 'RuntimeDefault'" } : undefined),
  readOnlyRootFilesystem: (v) => (v !== true ? {
    controls: 'KH-POD-019',
    what: 'makes the root filesystem writable',
    fix: "keep it read-only and declare the paths the app writes in writablePaths (e.g. ['/var/cache/app'])",
  } : undefined),
  dropCapabilities: (v) => (!Array.isArray(v) || !v.includes('ALL')
    ? { controls: 'KH-POD-018', what: 'keeps capabilities the runtime grants by default', fix: "drop ['ALL']" } : undefined),
  automountServiceAccountToken: (v) => (v === true
    ? { controls: 'KH-WKL-005', what: 'mounts an API token into every pod', fix: 'set it to false unless the app calls the API server' } : undefined),
  imagePullPolicy: (v) => (v !== 'Always' ? { controls: 'KH-IMG-005', what: 'skips the registry check on start', fix: "use 'Always'" } : undefined),
};

/** How `value` of `field` weakens the restricted profile; `undefined` when it is as strong as the restricted profile's. */
export function weakeningOf(field: WeakenableField, value: unknown): Weakening | undefined {
  return WEAKENINGS[field](value);
}

/**
 * A projected `serviceAccountToken` volume source: an API credential in the pods, like automountServiceAccountToken.
 * SecureDeployment and `hardenPodSpec` refuse one unless KH-WKL-005 is acknowledged.
 */
export const PROJECTED_TOKEN_WEAKENING: Weakening = {
  controls: 'KH-WKL-005',
  what: 'mounts a service-account token (a projected serviceAccountToken source) into the pods',
  fix: 'remove the serviceAccountToken source unless the app calls the API server',
};

/**
 * Records a problem for each value of `values` weaker than the restricted profile's that `acks` does not acknowledge.
 * Fields absent from `values` are not judged; `fieldOf` names where a value came from.
 */
export function checkPodSecurityWeakenings<F extends WeakenableField>(
  problems: Problems,
  acks: Acknowledgements | undefined,
  values: Readonly<Partial<Record<F, unknown>>>,
  fieldOf: (field: F) => string = (field) => `profile.podSecurity.${field}`,
): void {
  for (const field of Object.keys(WEAKENINGS) as F[]) {
    if (!Object.prototype.hasOwnProperty.call(values, field)) continue;
    const weakening = WEAKENINGS[field](values[field]);
    if (weakening !== undefined) {
      requireAcknowledgement(problems, acks, weakening.controls, fieldOf(field), values[field], weakening.what, weakening.fix);
    }
  }
}
