import { listField, objectAt, ownField, stringAt } from '../../field-types';
import { checkPod, podLevelSecurity, WORKLOAD_KINDS } from '../../pod-spec';
import { ManifestRule } from '../../rule';

/** Sysctls PSS baseline allows, up to policy v1.37. */
export const SAFE_SYSCTLS: readonly string[] = [
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range',
  'net.ipv4.ip_unprivileged_port_start',
  'net.ipv4.ip_local_reserved_ports',
  'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
  'net.ipv4.tcp_rmem',
  'net.ipv4.tcp_wmem',
  'net.ipv4.tcp_slow_start_after_idle',
  'net.ipv4.tcp_notsent_lowat',
];

/** KH-POD-012: the pod sets only safe sysctls (PSS baseline `sysctls`). */
export const KH_POD_012: ManifestRule = {
  id: 'KH-POD-012',
  area: 'pod',
  title: 'Only safe sysctls',
  severity: 'error',
  guideSection: '3.1',
  controls: { pss: 'sysctls', nsa: ['Kubernetes Pod security: hardening container environments'], mlps: ['8.1.4.2'] },
  remediation: 'Remove sysctls outside the Pod Security baseline safe set from spec.securityContext.sysctls.',
  appliesTo: WORKLOAD_KINDS,
  check: (object) => checkPod(object, (pod) => listField(podLevelSecurity(pod), 'sysctls', `${pod.path}.securityContext`).flatMap((raw, index) => {
    const sysctl = objectAt(raw, `${pod.path}.securityContext.sysctls`, index);
    const value = ownField(sysctl, 'name');
    // a name of the wrong type (`1`) is noted (unknown) and still fails: only a safe sysctl passes
    const name = typeof value === 'string' ? value : String(stringAt(value, `${pod.path}.securityContext.sysctls[${index}]`, 'name') ?? value ?? '');
    return SAFE_SYSCTLS.includes(name) ? [] : [{ message: `the pod sets the unsafe sysctl '${name}'`, path: `${pod.path}.securityContext.sysctls[${index}].name` }];
  })),
};
