import { objectField, stringField } from '../../field-types';
import { asObject, checkPod, containersOf, describeContainer, SERVICE_WORKLOAD_KINDS } from '../../pod-spec';
import { ManifestRule } from '../../rule';

/** The restart policies of a Pod that runs to completion (not probed). */
const RUN_TO_COMPLETION: readonly unknown[] = ['Never', 'OnFailure'];

/**
 * KH-WKL-002: long-running containers have liveness and readiness probes: those of replicated workloads, DaemonSets
 * and bare Pods that restart (`restartPolicy` Always, the default). Run-to-completion pods (Jobs, CronJobs, Pods
 * with `restartPolicy` Never or OnFailure) are not probed, as in Polaris (checks/livenessProbeMissing.yaml excludes
 * Job and CronJob). A Pod whose `restartPolicy` is of the wrong type (`1`) is judged, and the field is unknown (the
 * engine runs the check of a predicate that read a field of the wrong type).
 */
export const KH_WKL_002: ManifestRule = {
  id: 'KH-WKL-002',
  area: 'workload',
  title: 'Liveness and readiness probes are set',
  severity: 'warning',
  guideSection: '5',
  controls: { mlps: ['8.1.4.9'] },
  remediation: 'Add a livenessProbe and a readinessProbe to every container.',
  appliesTo: [...SERVICE_WORKLOAD_KINDS, 'DaemonSet', 'Pod'],
  appliesWhen: (object) => object.kind !== 'Pod' || !RUN_TO_COMPLETION.includes(stringField(asObject(object.spec), 'restartPolicy', 'spec')),
  check: (object) => checkPod(object, (pod) => containersOf(pod, ['containers']).flatMap((c) => {
    const missing = ['livenessProbe', 'readinessProbe'].filter((p) => objectField(c.container, p, c.path) === undefined);
    return missing.length === 0 ? [] : [{ message: `${describeContainer(c)} has no ${missing.join(' or ')}`, path: `${c.path}.${missing[0]}` }];
  })),
};
