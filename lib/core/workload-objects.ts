import { K8sObject } from './manifest';
import { MESH_LABELS } from './mesh';
import { containerSecurityContext, needsNetBindService, podSecurityContext, writableMounts } from './pod-security';
import { ResolvedProbe, ResolvedWorkload } from './resolved-workload';
import { EnvKeyRef } from './workload-props';

/** The sub-renderers of a SecureDeployment: each turns a resolved workload into its objects. */

function probe(p: ResolvedProbe): Record<string, unknown> {
  return {
    ...(p.httpPath !== undefined ? { httpGet: { path: p.httpPath, port: p.port, scheme: 'HTTP' } } : { tcpSocket: { port: p.port } }),
    initialDelaySeconds: p.initialDelaySeconds,
    periodSeconds: p.periodSeconds,
    timeoutSeconds: p.timeoutSeconds,
    failureThreshold: p.failureThreshold,
  };
}

function env(w: ResolvedWorkload): Record<string, unknown>[] | undefined {
  const entries = Object.entries(w.props.env ?? {});
  if (entries.length === 0) {
    return undefined;
  }
  return entries.map(([name, value]) => {
    if (typeof value === 'string') {
      return { name, value };
    }
    const ref = value as EnvKeyRef;
    return ref.secret !== undefined
      ? { name, valueFrom: { secretKeyRef: { name: ref.secret, key: ref.key, optional: ref.optional } } }
      : { name, valueFrom: { configMapKeyRef: { name: ref.configMap, key: ref.key, optional: ref.optional } } };
  });
}

function volumes(w: ResolvedWorkload): { volumes: Record<string, unknown>[]; mounts: Record<string, unknown>[] } {
  const props = w.props;
  const items = (list: readonly { key: string; path: string }[] | undefined) => list?.map((i) => ({ key: i.key, path: i.path }));
  const config = (props.configMaps ?? []).map((m, i) => ({
    volume: { name: `config-${i}`, configMap: { name: m.configMap, items: items(m.items) } },
    mount: { name: `config-${i}`, mountPath: m.mountPath, readOnly: true },
  }));
  const secrets = (props.secrets ?? []).map((m, i) => ({
    volume: { name: `secret-${i}`, secret: { secretName: m.secret, items: items(m.items) } },
    mount: { name: `secret-${i}`, mountPath: m.mountPath, readOnly: true },
  }));
  const others = (props.volumes ?? []).map((v) => ({
    volume: { name: v.name, ...v.source },
    mount: { name: v.name, mountPath: v.mountPath, readOnly: v.readOnly ?? true },
  }));
  const all = [...writableMounts(w.profile, props.writablePaths), ...config, ...secrets, ...others];
  return { volumes: all.map((m) => m.volume), mounts: all.map((m) => m.mount) };
}

/** The Deployment: hardened pod template, RollingUpdate, topology spread, probes, resources. */
export function renderDeployment(w: ResolvedWorkload): K8sObject {
  const profile = w.profile;
  const { volumes: podVolumes, mounts } = volumes(w);
  const annotations = Object.keys(w.annotations).length > 0 ? w.annotations : undefined;
  const [strictKey, ...preferredKeys] = profile.workload.spreadTopologyKeys;
  const spread = (topologyKey: string, whenUnsatisfiable: string) => ({
    maxSkew: 1,
    topologyKey,
    whenUnsatisfiable,
    labelSelector: { matchLabels: w.selector },
  });
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: w.name, namespace: w.namespace, labels: w.labels, annotations },
    spec: {
      replicas: w.replicas,
      selector: { matchLabels: w.selector },
      strategy: {
        type: 'RollingUpdate',
        rollingUpdate: { maxSurge: profile.workload.maxSurge, maxUnavailable: profile.workload.maxUnavailable },
      },
      template: {
        metadata: { labels: w.labels, annotations },
        spec: {
          serviceAccountName: w.serviceAccountName,
          automountServiceAccountToken: w.automountServiceAccountToken,
          runtimeClassName: w.runtimeClassName,
          priorityClassName: w.priorityClassName,
          terminationGracePeriodSeconds: profile.workload.terminationGracePeriodSeconds,
          securityContext: podSecurityContext(profile, w.security),
          topologySpreadConstraints: [
            ...(strictKey !== undefined ? [spread(strictKey, 'DoNotSchedule')] : []),
            ...preferredKeys.map((key) => spread(key, 'ScheduleAnyway')),
          ],
          containers: [{
            name: w.name,
            image: w.props.image,
            imagePullPolicy: w.imagePullPolicy,
            command: w.props.command && [...w.props.command],
            args: w.props.args && [...w.props.args],
            env: env(w),
            ports: w.ports.map((p) => ({ name: p.name, containerPort: p.port, protocol: p.protocol })),
            resources: {
              requests: { ...w.resources.requests },
              limits: { ...w.resources.limits },
            },
            livenessProbe: probe(w.liveness),
            readinessProbe: probe(w.readiness),
            securityContext: containerSecurityContext(profile, w.security, needsNetBindService(w.ports.map((p) => p.port))),
            volumeMounts: mounts,
          }],
          volumes: podVolumes,
        },
      },
    },
  };
}

/** The workload's own ServiceAccount, with token automount off. */
export function renderServiceAccount(w: ResolvedWorkload): K8sObject {
  return {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: { name: w.serviceAccountName, namespace: w.namespace, labels: w.labels },
    automountServiceAccountToken: w.automountServiceAccountToken,
  };
}

/**
 * The ClusterIP Service with named ports targeting the container ports by name; in ambient mode with a waypoint it
 * carries `istio.io/use-waypoint` so that calls go through the waypoint (where the `targetRefs` policies run).
 */
export function renderService(w: ResolvedWorkload): K8sObject {
  const meshMode = w.props.meshMode ?? w.profile.namespace.meshMode;
  const waypoint = meshMode === 'ambient' ? w.props.waypoint : undefined;
  const labels = waypoint === undefined ? w.labels : { ...w.labels, [MESH_LABELS.useWaypoint]: waypoint };
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: w.name, namespace: w.namespace, labels },
    spec: {
      type: 'ClusterIP',
      selector: w.selector,
      ports: w.ports.map((p) => ({ name: p.name, port: p.servicePort, targetPort: p.name, protocol: p.protocol })),
    },
  };
}

/** The PodDisruptionBudget: one voluntary disruption at a time (none when disabled with an acknowledgement). */
export function renderPodDisruptionBudget(w: ResolvedWorkload): K8sObject[] {
  if (!w.podDisruptionBudget) {
    return [];
  }
  return [{
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name: w.name, namespace: w.namespace, labels: w.labels },
    spec: {
      maxUnavailable: w.profile.workload.disruptionsAllowed,
      selector: { matchLabels: w.selector },
    },
  }];
}
