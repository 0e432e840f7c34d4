import { listField, objectField, stringAt } from '../../field-types';
import { checkPod, containersOf, containerLevelSecurity, describeContainer, WORKLOAD_KINDS } from '../../pod-spec';
import { ManifestRule } from '../../rule';

/** Capabilities PSS baseline allows to be added (NET_RAW is not among them). */
export const BASELINE_CAPABILITIES: readonly string[] = [
  'AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE',
  'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT',
];

/** KH-POD-004: containers add only baseline capabilities (PSS baseline `capabilities_baseline`). */
export const KH_POD_004: ManifestRule = {
  id: 'KH-POD-004',
  area: 'pod',
  title: 'Only baseline capabilities may be added',
  severity: 'error',
  guideSection: '3.1',
  controls: { pss: 'capabilities_baseline', cis: ['5.2.8', '5.2.9'], nsa: ['Kubernetes Pod security: pod security enforcement'], mlps: ['8.1.4.2'] },
  remediation: `Add only capabilities from the baseline list (${BASELINE_CAPABILITIES.join(', ')}), and drop ALL first.`,
  appliesTo: WORKLOAD_KINDS,
  check: (object) => checkPod(object, (pod) => containersOf(pod).flatMap((c) => {
    const at = `${c.path}.securityContext`;
    // an item of the wrong type (`1`) is noted (unknown) and still fails: it is no baseline capability
    const added = listField(objectField(containerLevelSecurity(c), 'capabilities', at), 'add', `${at}.capabilities`)
      .map((cap, index) => (typeof cap === 'string' ? cap : String(stringAt(cap, `${at}.capabilities.add`, index) ?? cap)));
    return added
      .map((cap, index) => ({ cap, index }))
      .filter(({ cap }) => !BASELINE_CAPABILITIES.includes(cap))
      .map(({ cap, index }) => ({ message: `${describeContainer(c)} adds capability '${cap}'`, path: `${c.path}.securityContext.capabilities.add[${index}]` }));
  })),
};
