import { stringField } from '../../field-types';
import { checkPod, WORKLOAD_KINDS } from '../../pod-spec';
import { ManifestRule } from '../../rule';

/**
 * KH-SBX-002: a pod's runtime class exists. Judged when the audit contains RuntimeClass objects;
 * otherwise the rule reports an unknown (info) finding.
 */
export const KH_SBX_002: ManifestRule = {
  id: 'KH-SBX-002',
  area: 'sandbox',
  title: 'Runtime class is defined',
  severity: 'error',
  guideSection: '3.1',
  controls: { mlps: ['8.1.4.4'] },
  remediation: 'Name a RuntimeClass that exists in the cluster (e.g. the gvisor or kata classes SandboxRuntimes creates).',
  appliesTo: WORKLOAD_KINDS,
  check: (object, context) => checkPod(object, (pod) => {
    const name = stringField(pod.spec, 'runtimeClassName', pod.path);
    if (name === undefined || name === '') {
      return [];
    }
    const classes = context.objectsOfKind('RuntimeClass');
    const path = `${pod.path}.runtimeClassName`;
    if (classes.length === 0) {
      return [{ message: `runtime class '${name}' cannot be checked: no RuntimeClass is part of the audit`, path, unknown: true }];
    }
    return classes.some((c) => c.metadata.name === name) ? [] : [{
      message: `runtime class '${name}' is not defined (known: ${classes.map((c) => c.metadata.name).join(', ')})`,
      path,
    }];
  }),
};
