import { ownField, shownValue, stringAt } from '../../field-types';
import { checkPod, containersOf, containerLevelSecurity, describeContainer, WORKLOAD_KINDS } from '../../pod-spec';
import { ManifestRule } from '../../rule';

/**
 * KH-POD-010: `procMount` is unset or `Default` (PSS `procMount`; restricted requires it even in user
 * namespaces, `procMount_restricted`).
 */
export const KH_POD_010: ManifestRule = {
  id: 'KH-POD-010',
  area: 'pod',
  title: 'procMount is Default',
  severity: 'error',
  guideSection: '3.1',
  controls: { pss: 'procMount', nsa: ['Kubernetes Pod security: hardening container environments'], mlps: ['8.1.4.2'] },
  remediation: "Remove securityContext.procMount (or set it to 'Default') on every container.",
  appliesTo: WORKLOAD_KINDS,
  check: (object) => checkPod(object, (pod) => containersOf(pod).flatMap((c) => {
    const securityContext = containerLevelSecurity(c);
    const procMount = ownField(securityContext, 'procMount');
    if (procMount === undefined || procMount === null || procMount === 'Default') return [];
    // a procMount of the wrong type (`1`) is noted (unknown) and still fails: only Default (or unset) passes
    if (typeof procMount !== 'string') stringAt(procMount, `${c.path}.securityContext`, 'procMount');
    return [{
      message: `${describeContainer(c)} sets procMount ${shownValue(procMount)}`,
      path: `${c.path}.securityContext.procMount`,
    }];
  })),
};
