import { stringField } from '../../field-types';
import { checkPod, WORKLOAD_KINDS } from '../../pod-spec';
import { ManifestRule } from '../../rule';
import { declaredTier } from '../../tier';

/**
 * KH-SBX-001: a workload whose declared sensitivity tier calls for a sandbox (gVisor or Kata in the
 * profile) names a runtime class. Workloads without a declared tier are not judged.
 */
export const KH_SBX_001: ManifestRule = {
  id: 'KH-SBX-001',
  area: 'sandbox',
  title: 'Sensitive workloads run in a sandbox runtime',
  severity: 'error',
  guideSection: '3.1',
  controls: { nsa: ['Kubernetes Pod security: hardening container environments'], mlps: ['8.1.4.4', '8.2'] },
  remediation: "Set spec.runtimeClassName to the sandbox runtime of the workload's tier (gVisor for medium, Kata for high and critical).",
  appliesTo: WORKLOAD_KINDS,
  check: (object) => {
    const tier = declaredTier(object);
    if (tier === undefined || tier.profile.runtime === 'runc') {
      return [];
    }
    return checkPod(object, (pod) => {
      const runtimeClass = stringField(pod.spec, 'runtimeClassName', pod.path);
      return runtimeClass !== undefined && runtimeClass !== '' && runtimeClass !== 'runc' ? [] : [{
        message: `the '${tier.sensitivity}' tier needs the ${tier.profile.runtime} sandbox, but the pod has no runtimeClassName`,
        path: `${pod.path}.runtimeClassName`,
      }];
    });
  },
};
