import { asObject, checkPod, containersOf, describeContainer, WORKLOAD_KINDS } from '../../pod-spec';
import { ManifestRule, RuleViolation } from '../../rule';

const PROBES = ['livenessProbe', 'readinessProbe', 'startupProbe'] as const;
const HANDLERS = ['postStart', 'preStop'] as const;
const ACTIONS = ['httpGet', 'tcpSocket'] as const;

function hostOf(handler: unknown, base: string, what: string): RuleViolation[] {
  return ACTIONS.flatMap((action) => {
    const host = asObject(asObject(handler)?.[action])?.host;
    return typeof host === 'string' && host !== '' ? [{ message: `${what} ${action} targets host '${host}'`, path: `${base}.${action}.host` }] : [];
  });
}

/** KH-POD-007: probes and lifecycle handlers target the pod itself (PSS baseline `hostProbesAndHostLifecycle`). */
export const KH_POD_007: ManifestRule = {
  id: 'KH-POD-007',
  area: 'pod',
  title: 'No host field in probes or lifecycle handlers',
  severity: 'error',
  guideSection: '3.1',
  controls: { pss: 'hostProbesAndHostLifecycle', nsa: ['Kubernetes Pod security: pod security enforcement'], mlps: ['8.1.3.2'] },
  remediation: 'Remove the host field from httpGet and tcpSocket probes and lifecycle handlers so they target the pod.',
  appliesTo: WORKLOAD_KINDS,
  check: (object) => checkPod(object, (pod) => containersOf(pod).flatMap((c) => [
    ...PROBES.flatMap((p) => hostOf(c.container[p], `${c.path}.${p}`, `${describeContainer(c)} ${p}`)),
    ...HANDLERS.flatMap((h) => hostOf(asObject(c.container.lifecycle)?.[h], `${c.path}.lifecycle.${h}`, `${describeContainer(c)} lifecycle ${h}`)),
  ])),
};
