import { objectField, quantityField } from '../../field-types';
import { checkPod, containersOf, describeContainer, WORKLOAD_KINDS } from '../../pod-spec';
import { ManifestRule } from '../../rule';

const REQUIRED: readonly [string, string][] = [['requests', 'cpu'], ['requests', 'memory'], ['limits', 'cpu'], ['limits', 'memory']];

/**
 * KH-WKL-001: init and app containers set CPU and memory requests and limits. A quantity set to `null` is unset, and
 * one of the wrong type (`cpu: true`) is unknown and unset: the rule needs it to pass.
 */
export const KH_WKL_001: ManifestRule = {
  id: 'KH-WKL-001',
  area: 'workload',
  title: 'Resource requests and limits are set',
  severity: 'warning',
  guideSection: '3.1',
  controls: { nsa: ['Network separation and hardening: resource policies'], mlps: ['8.1.4.9'] },
  remediation: 'Set resources.requests and resources.limits for cpu and memory on every container.',
  appliesTo: WORKLOAD_KINDS,
  check: (object) => checkPod(object, (pod) => containersOf(pod, ['initContainers', 'containers']).flatMap((c) => {
    const at = `${c.path}.resources`;
    const resources = objectField(c.container, 'resources', c.path);
    const missing = REQUIRED
      .filter(([section, resource]) => quantityField(objectField(resources, section, at), resource, `${at}.${section}`) === undefined)
      .map(([section, resource]) => `${section}.${resource}`);
    return missing.length === 0 ? [] : [{ message: `${describeContainer(c)} does not set ${missing.join(', ')}`, path: at }];
  })),
};
