import { listField, objectField, shownValue, stringAt } from '../../field-types';
import { checkPod, containersOf, containerLevelSecurity, describeContainer, isWindowsPod, WORKLOAD_KINDS } from '../../pod-spec';
import { ManifestRule, RuleViolation } from '../../rule';

/**
 * KH-POD-018: every container drops `ALL` (exact, case-sensitive) and adds back at most NET_BIND_SERVICE
 * (PSS restricted `capabilities_restricted`; Windows pods exempt).
 */
export const KH_POD_018: ManifestRule = {
  id: 'KH-POD-018',
  area: 'pod',
  title: 'Capabilities drop ALL and add only NET_BIND_SERVICE',
  severity: 'error',
  guideSection: '3.1',
  controls: { pss: 'capabilities_restricted', cis: ['5.2.9', '5.2.10'], nsa: ['Kubernetes Pod security: pod security enforcement'], mlps: ['8.1.4.2'] },
  remediation: "Set securityContext.capabilities.drop: ['ALL'] on every container and add back only NET_BIND_SERVICE.",
  appliesTo: WORKLOAD_KINDS,
  check: (object) => checkPod(object, (pod) => (isWindowsPod(pod) ? [] : containersOf(pod).flatMap((c) => {
    const at = `${c.path}.securityContext`;
    const caps = objectField(containerLevelSecurity(c), 'capabilities', at);
    const out: RuleViolation[] = [];
    const dropped = listField(caps, 'drop', `${at}.capabilities`);
    // an item of the wrong type (`1`) is noted (unknown); an added one still fails, as does a drop without ALL
    for (let i = 0; i < dropped.length; i++) {
      if (typeof dropped[i] !== 'string') stringAt(dropped[i], `${at}.capabilities.drop`, i);
    }
    if (!dropped.includes('ALL')) {
      out.push({ message: `${describeContainer(c)} does not drop ALL capabilities`, path: `${c.path}.securityContext.capabilities.drop` });
    }
    listField(caps, 'add', `${at}.capabilities`).forEach((cap, index) => {
      if (cap !== 'NET_BIND_SERVICE') {
        if (typeof cap !== 'string') stringAt(cap, `${at}.capabilities.add`, index);
        out.push({ message: `${describeContainer(c)} adds capability ${shownValue(cap)}`, path: `${c.path}.securityContext.capabilities.add[${index}]` });
      }
    });
    return out;
  }))),
};
