import { objectField, stringField } from '../../field-types';
import { asObject, checkPod, containersOf, describeContainer, SERVICE_WORKLOAD_KINDS } from '../../pod-spec';
import { ManifestRule } from '../../rule';

/**
 * KH-WKL-002: long-running containers have liveness and readiness probes: those of replicated workloads, DaemonSets
 * and bare Pods that restart (`restartPolicy` Always, the default). Run-to-completion pods (Jobs, CronJobs, Pods
 * with `restartPolicy` Never or OnFailure) are not probed, as in Polaris (checks/livenessProbeMissing.yaml excludes
 * Job and CronJob). A Pod whose `restartPolicy` is of the wrong type (`1`) is judged, and the field is unknown.
 */
const RUN_TO_COMPLETION: readonly unknown[] = ['Never', 'OnFailure'];

export const KH_WKL_002: ManifestRule = {
  id: 'KH-WKL-002',
  area: 'workload',
  title: 'Liveness and readiness probes are set',
  severity: 'warning',
  guideSection: '5',
  controls: { mlps: ['8.1.4.9'] },
  remediation: 'Add a livenessProbe and a readinessProbe to every container.',
  appliesTo: [...SERVICE_WORKLOAD_KINDS, 'DaemonSet', 'Pod'],
  appliesWhen: (object) => object.kind !== 'Pod' || !RUN_TO_COMPLETION.includes(asObject(object.spec)?.restartPolicy),
  check: (object) => checkPod(object, (pod) => {
    if (object.kind === 'Pod') stringField(pod.spec, 'restartPolicy', pod.path); // notes a wrong type
    return containersOf(pod, ['containers']).flatMap((c) => {
      const missing = ['livenessProbe', 'readinessProbe'].filter((p) => objectField(c.container, p, c.path) === undefined);
      return missing.length === 0 ? [] : [{ message: `${describeContainer(c)} has no ${missing.join(' or ')}`, path: `${c.path}.${missing[0]}` }];
    });
  }),
};
