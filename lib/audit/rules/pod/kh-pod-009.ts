import { objectField, ownField, shownValue, stringAt } from '../../field-types';
import { checkPod, containersOf, containerLevelSecurity, describeContainer, Json, podLevelSecurity, WORKLOAD_KINDS } from '../../pod-spec';
import { ManifestRule, RuleViolation } from '../../rule';

/** SELinux types PSS baseline allows (`container_engine_t` since policy v1.31); empty is allowed too. */
export const ALLOWED_SELINUX_TYPES: readonly string[] = ['', 'container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t'];

/** `opts`'s own field `key`, `undefined` when absent or null. */
function ownValue(opts: Json, key: string): unknown {
  return ownField(opts, key) ?? undefined;
}

function checkOptions(opts: Json | undefined, path: string, what: string): RuleViolation[] {
  if (opts === undefined) {
    return [];
  }
  const out: RuleViolation[] = [];
  // a field of the wrong type (`type: 1`) is noted (unknown) and still fails: it is set and not an allowed value
  const type = ownValue(opts, 'type');
  if (type !== undefined && !(typeof type === 'string' && ALLOWED_SELINUX_TYPES.includes(type))) {
    if (typeof type !== 'string') stringAt(type, path, 'type');
    out.push({ message: `${what} sets SELinux type ${shownValue(type)}`, path: `${path}.type` });
  }
  for (const field of ['user', 'role']) {
    const value = ownValue(opts, field);
    if (value !== undefined && value !== '') {
      if (typeof value !== 'string') stringAt(value, path, field);
      out.push({ message: `${what} sets SELinux ${field} ${shownValue(value)}`, path: `${path}.${field}` });
    }
  }
  return out;
}

/** KH-POD-009: SELinux options use allowed types and no custom user or role (PSS baseline `seLinuxOptions`). */
export const KH_POD_009: ManifestRule = {
  id: 'KH-POD-009',
  area: 'pod',
  title: 'SELinux options use allowed types only',
  severity: 'error',
  guideSection: '3.1',
  controls: { pss: 'seLinuxOptions', cis: ['5.7.3'], nsa: ['Kubernetes Pod security: hardening container environments'], mlps: ['8.1.4.2'] },
  remediation: 'Set seLinuxOptions.type only to container_t, container_init_t, container_kvm_t or container_engine_t, and remove seLinuxOptions.user and .role.',
  appliesTo: WORKLOAD_KINDS,
  check: (object) => checkPod(object, (pod) => [
    ...checkOptions(objectField(podLevelSecurity(pod), 'seLinuxOptions', `${pod.path}.securityContext`), `${pod.path}.securityContext.seLinuxOptions`, 'the pod'),
    ...containersOf(pod).flatMap((c) => checkOptions(
      objectField(containerLevelSecurity(c), 'seLinuxOptions', `${c.path}.securityContext`), `${c.path}.securityContext.seLinuxOptions`, describeContainer(c),
    )),
  ]),
};
