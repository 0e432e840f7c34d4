import { runtimeOfClass } from './runtime-class';
import { RUNTIME_NAMES } from '../../../core/runtime-handlers';
import { RUNTIME_STRENGTH } from '../../../core/sensitivity';
import { stringField } from '../../field-types';
import { checkPod, WORKLOAD_KINDS } from '../../pod-spec';
import { ManifestRule } from '../../rule';
import { declaredTier } from '../../tier';

/**
 * KH-SBX-001: a workload whose declared sensitivity tier (`kube-harden.io/sensitivity`) calls for a sandbox (gVisor
 * for `medium`, Kata for `high` and `critical` in the restricted profile) names a runtime class, and that class runs
 * that sandbox or a stronger one. What a class runs is read from its `handler` when the RuntimeClass is part of the
 * audit (`runc`, `crun`, `youki` and the NVIDIA runtime's handlers run no sandbox, `runsc` gVisor, `kata-*` Kata;
 * see `runtimeOfHandler`), else from its name when it is one of kube-harden's (`gvisor`, `kata`) or kata-deploy's
 * (`kata-*`; see `runtimeOfClass`). A class whose handler is of no known runtime, or that is neither in the audit nor
 * named like those, counts as a sandbox (KH-SBX-002 reports a class missing from an audit that has RuntimeClasses).
 * Workloads without a declared tier (anyone's manifests) are not judged.
 */
export const KH_SBX_001: ManifestRule = {
  id: 'KH-SBX-001',
  area: 'sandbox',
  title: 'Sensitive workloads run in a sandbox runtime',
  severity: 'error',
  guideSection: '3.1',
  controls: { nsa: ['Kubernetes Pod security: hardening container environments'], mlps: ['8.1.4.4', '8.2'] },
  remediation: "Set spec.runtimeClassName to a RuntimeClass whose handler runs the sandbox of the workload's tier (gVisor runsc for medium, a Kata handler for high and critical).",
  appliesTo: WORKLOAD_KINDS,
  check: (object, context) => {
    const tier = declaredTier(object);
    if (tier === undefined || tier.profile.runtime === 'runc') {
      return [];
    }
    const needed = RUNTIME_NAMES[tier.profile.runtime];
    return checkPod(object, (pod) => {
      const name = stringField(pod.spec, 'runtimeClassName', pod.path);
      const path = `${pod.path}.runtimeClassName`;
      if (name === undefined || name === '' || name === 'runc') {
        return [{ message: `the '${tier.sensitivity}' tier needs the ${needed} sandbox, but the pod has no runtimeClassName`, path }];
      }
      const runs = runtimeOfClass(name, context);
      if (runs === undefined || RUNTIME_STRENGTH[runs.runtime] >= RUNTIME_STRENGTH[tier.profile.runtime]) {
        return [];
      }
      const what = runs.runtime === 'runc' ? 'runs no sandbox' : `runs ${RUNTIME_NAMES[runs.runtime]}`;
      return [{ message: `the '${tier.sensitivity}' tier needs the ${needed} sandbox, but runtime class '${name}' ${what} (${runs.because})`, path }];
    });
  },
};
