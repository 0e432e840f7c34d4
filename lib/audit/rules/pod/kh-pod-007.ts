import { objectField, ownField, stringAt } from '../../field-types';
import { checkPod, ContainerRef, containersOf, describeContainer, Json, WORKLOAD_KINDS } from '../../pod-spec';
import { ManifestRule, RuleViolation } from '../../rule';

const PROBES = ['livenessProbe', 'readinessProbe', 'startupProbe'] as const;
const HANDLERS = ['postStart', 'preStop'] as const;
const ACTIONS = ['httpGet', 'tcpSocket'] as const;

/** Where probes and lifecycle handlers sit in a container: the path below it and the words for messages. */
const PROBE_FIELDS: readonly (readonly [string, string])[] = PROBES.map((p) => [p, p]);
const HANDLER_FIELDS: readonly (readonly [string, string])[] = HANDLERS.map((h) => [`lifecycle.${h}`, `lifecycle ${h}`]);

/** Adds to `out` a violation per action of `handler` (at `path` below container `c`, named `words` in messages) that targets a host. */
function hostOf(out: RuleViolation[], handler: Json | undefined, c: ContainerRef, [path, words]: readonly [string, string]): void {
  if (handler === undefined) return;
  for (const action of ACTIONS) {
    const target = objectField(handler, action, `${c.path}.${path}`);
    const host = ownField(target, 'host');
    if (typeof host === 'string' ? host !== '' : host !== undefined && host !== null) {
      // a host of the wrong type (`1`) is noted (unknown) and still fails: a host that is set fails closed
      const shown = typeof host === 'string' ? `'${host}'` : (stringAt(host, `${c.path}.${path}.${action}`, 'host'), JSON.stringify(host));
      out.push({ message: `${describeContainer(c)} ${words} ${action} targets host ${shown}`, path: `${c.path}.${path}.${action}.host` });
    }
  }
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
  check: (object) => checkPod(object, (pod) => {
    const out: RuleViolation[] = [];
    for (const c of containersOf(pod)) {
      PROBES.forEach((p, i) => hostOf(out, objectField(c.container, p, c.path), c, PROBE_FIELDS[i]));
      const lifecycle = objectField(c.container, 'lifecycle', c.path);
      if (lifecycle !== undefined) HANDLERS.forEach((h, i) => hostOf(out, objectField(lifecycle, h, `${c.path}.lifecycle`), c, HANDLER_FIELDS[i]));
    }
    return out;
  }),
};
