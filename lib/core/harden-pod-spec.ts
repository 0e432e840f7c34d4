import { Acknowledgements } from './acknowledgements';
import { CheckedInputs, withBoundary } from './boundary';
import { ControlId } from './controls';
import { copyJsonTree, JsonFields, JsonObject } from './json-fields';
import { hardenPodSpecInPlace } from './pod-spec-hardener';
import { HardeningProfile, RESTRICTED_PROFILE } from './profile';
import { Sensitivity } from './sensitivity';
import { Problems } from './validation';

export { escapeJsonPointer, jsonPointer } from './json-fields';

/**
 * Hardening of a pod spec someone else wrote (cdk8s-plus, plain manifests, Helm output, a Pulumi transformation): the
 * profile's Pod Security Standards *restricted* settings are applied field by field, and every change is reported.
 *
 * Rules: a missing or weaker value is set to the profile's value (reported as a change); `null` is missing, as the API
 * server reads it. What cannot be fixed without removing or replacing something the author declared (hostPath and
 * other non-restricted volumes, a projected service-account token, group 0 in `supplementalGroups`, host ports, added
 * capabilities, unsafe sysctls, SELinux options, probe hosts and, with a sensitivity, a runtime or priority class
 * known to be weaker than the tier's) is a validation error, as is a field the hardener reads that is of the wrong
 * JSON type or not plain JSON (a Pulumi Output); fields it does not read pass through as they are. An acknowledged
 * control is left exactly as written; a value that fails two controls is kept only when both are acknowledged. A
 * profile value weaker than the restricted profile's (and a weaker tier runtime) is refused unless its control is
 * acknowledged, so a weaker value is never written; nor is a UID 0 under `runAsNonRoot: true`, which the kubelet
 * would refuse.
 */

/** One change: a JSON Patch `add` at `path` (JSON Pointer), from the value found to the value written. */
export interface PodSpecChange {
  /** JSON Pointer of the field, relative to the document that was hardened. */
  readonly path: string;
  /** Value before (absent when the field did not exist). */
  readonly from?: unknown;
  /** Value written. */
  readonly to: unknown;
  /** The control the change enforces; acknowledging it keeps the field as written. */
  readonly control: ControlId;
}

/** How to harden a pod spec. */
export interface HardenPodSpecOptions {
  /**
   * Controls to leave as written, each with the reason. Acknowledged weakenings are recorded as
   * `kube-harden.io/acknowledge.<control-id>` annotations by `hardenObject`.
   * @default - none: every control is enforced
   */
  readonly acknowledgements?: Acknowledgements;
  /**
   * Paths that stay writable under the read-only root filesystem, besides the profile's (`/tmp`): an `emptyDir`
   * is mounted on each, in every container that mounts nothing there yet.
   * @default []
   */
  readonly writablePaths?: readonly string[];
  /**
   * Sensitivity tier: sets `runtimeClassName` and `priorityClassName` where missing (refusing a class known to be
   * weaker than the tier's unless KH-SBX-001 or KH-WKL-007 is acknowledged), and gives the resources filled in where
   * a container has none.
   * @default - runtime and priority classes are left as they are; missing resources come from the profile's default tier
   */
  readonly sensitivity?: Sensitivity;
}

/** The result of hardening a pod spec. */
export interface HardenedPodSpec {
  /** The hardened pod spec (a copy; the input is not modified). */
  readonly podSpec: Readonly<Record<string, unknown>>;
  /** Changes in the order applied; as JSON Patch `add` operations they turn the input into `podSpec`. */
  readonly changes: readonly PodSpecChange[];
  /** Acknowledged controls that kept a weaker value than the profile's. */
  readonly acknowledged: readonly ControlId[];
}

/**
 * Hardens a plain pod spec with `profile`: returns a hardened copy and the list of changes.
 * Throws `KubeHardenValidationError` listing every problem that cannot be fixed by setting a field.
 * Idempotent: hardening the result again changes nothing.
 *
 * @example
 * const { podSpec, changes } = hardenPodSpec({ containers: [{ name: 'web', image: 'nginx:1.27' }] });
 * // changes[0]: { path: '/securityContext', to: { runAsNonRoot: true }, control: 'KH-POD-015' }
 *
 * @param podSpec the pod spec (`spec.template.spec` of a Deployment, `spec` of a Pod)
 * @param options acknowledgements, writable paths and tier
 * @param profile the hardening profile
 * @param subject names the pod spec in error messages, e.g. `Deployment 'web' spec.template.spec`
 */
export function hardenPodSpec(
  podSpec: Readonly<Record<string, unknown>>,
  options: HardenPodSpecOptions = {},
  profile: HardeningProfile = RESTRICTED_PROFILE,
  subject = 'pod spec',
): HardenedPodSpec {
  return withBoundary('harden options', 'HardenPodSpecOptions', { props: options ?? {}, profile }, (inputs: CheckedInputs<HardenPodSpecOptions>) => {
    const problems = new Problems();
    const read = new JsonFields(problems, ['podSpec']);
    if (read.object(podSpec, []) === undefined) {
      if (problems.isEmpty) read.problem([], podSpec, 'is missing', 'give the pod spec to harden.');
      problems.throwIfAny(subject);
    }
    const copy = copyJsonTree(podSpec, problems) as JsonObject;
    const hardened = hardenPodSpecInPlace(problems, copy, inputs.props, inputs.profile, []);
    problems.throwIfAny(subject);
    return hardened;
  });
}
