import { CONTEXT, MINIMAL, PINNED_IMAGE } from './fixtures';
import { audit, isCounted } from '../../lib/audit';
import {
  K8sObject,
  KubeHardenValidationError,
  RESTRICTED_PROFILE,
  SecureDeploymentProps,
  buildSecureDeployment,
  defaultSandboxRuntimesRef,
  renderSecureDeployment,
} from '../../lib/core';
import { expectValidKubernetesObjects } from '../conformance/k8s-schema';
import { expectPssRestricted } from '../conformance/pss';
import { containerOf, findObject, objectNames } from '../helpers/objects';

function errorOf(fn: () => unknown): KubeHardenValidationError {
  try {
    fn();
  } catch (error) {
    if (KubeHardenValidationError.isValidationError(error)) {
      return error;
    }
    throw error;
  }
  throw new Error('expected a KubeHardenValidationError');
}

describe('renderSecureDeployment defaults', () => {
  const objects = renderSecureDeployment(MINIMAL, CONTEXT);
  const deployment = findObject(objects, 'Deployment', 'api', 'shop');
  const pod = deployment.spec.template.spec;
  const container = containerOf(deployment);

  test('renders ServiceAccount, Service, Deployment and PodDisruptionBudget (snapshot)', () => {
    expect(objectNames(objects)).toEqual([
      'ServiceAccount/shop/api', 'Service/shop/api', 'Deployment/shop/api', 'PodDisruptionBudget/shop/api', 'NetworkPolicy/shop/api', 'CiliumNetworkPolicy/shop/api',
    ]);
    expect(objects).toMatchSnapshot();
  });

  test('the Deployment runs the medium tier: 2 replicas, gVisor, medium priority, RollingUpdate', () => {
    expect(deployment.spec.replicas).toBe(2);
    expect(pod.runtimeClassName).toBe('gvisor');
    expect(pod.priorityClassName).toBe('kube-harden-medium');
    expect(deployment.spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } });
    expect(container.resources).toEqual(RESTRICTED_PROFILE.tiers.medium.resources);
    expect(container.imagePullPolicy).toBe('Always');
  });

  test('the pod is PSS restricted with explicit values, a read-only root and /tmp on an emptyDir', () => {
    expect(pod.securityContext).toEqual({ runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, fsGroup: 10001, seccompProfile: { type: 'RuntimeDefault' } });
    expect(container.securityContext).toEqual({
      allowPrivilegeEscalation: false, privileged: false, runAsNonRoot: true, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] },
    });
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.serviceAccountName).toBe('api');
    expect(container.volumeMounts).toEqual([{ name: 'writable-0', mountPath: '/tmp' }]);
    expect(pod.volumes).toEqual([{ name: 'writable-0', emptyDir: {} }]);
    for (const field of ['hostNetwork', 'hostPID', 'hostIPC']) {
      expect(pod[field]).toBeUndefined();
    }
    expectPssRestricted(objects);
  });

  test('pods spread across nodes (required) and zones (preferred) by the selector labels', () => {
    const selector = { 'app.kubernetes.io/name': 'api', 'app.kubernetes.io/instance': 'api' };
    expect(deployment.spec.selector).toEqual({ matchLabels: selector });
    expect(pod.topologySpreadConstraints).toEqual([
      { maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: selector } },
      { maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: selector } },
    ]);
  });

  test('probes are tcpSocket on the first port with the profile timings', () => {
    expect(container.livenessProbe).toEqual({ tcpSocket: { port: 'http' }, initialDelaySeconds: 10, periodSeconds: 10, timeoutSeconds: 2, failureThreshold: 3 });
    expect(container.readinessProbe).toEqual({ tcpSocket: { port: 'http' }, initialDelaySeconds: 5, periodSeconds: 10, timeoutSeconds: 2, failureThreshold: 3 });
  });

  test('ServiceAccount does not automount its token; Service is ClusterIP with named ports; PDB allows one disruption', () => {
    expect(findObject(objects, 'ServiceAccount', 'api').automountServiceAccountToken).toBe(false);
    expect(findObject(objects, 'Service', 'api').spec).toEqual({
      type: 'ClusterIP',
      selector: deployment.spec.selector.matchLabels,
      ports: [{ name: 'http', port: 8080, targetPort: 'http', protocol: 'TCP' }],
    });
    expect(findObject(objects, 'PodDisruptionBudget', 'api').spec).toEqual({ maxUnavailable: 1, selector: deployment.spec.selector });
  });

  test('every object carries the recommended labels, the version from the image tag, and the sensitivity tier', () => {
    for (const obj of objects) {
      expect(obj.metadata.labels).toEqual({
        'app.kubernetes.io/name': 'api',
        'app.kubernetes.io/instance': 'api',
        'app.kubernetes.io/managed-by': 'kube-harden',
        'app.kubernetes.io/version': '1.4.2',
        'kube-harden.io/sensitivity': 'medium',
      });
    }
  });

  test('validates against the Kubernetes OpenAPI schema', () => {
    expectValidKubernetesObjects(objects);
  });

  test('is deterministic: two renders give the same bytes', () => {
    expect(JSON.stringify(renderSecureDeployment(MINIMAL, CONTEXT))).toBe(JSON.stringify(objects));
  });
});

describe('renderSecureDeployment options', () => {
  const full: SecureDeploymentProps = {
    ...MINIMAL,
    namespace: 'payments',
    appName: 'shop',
    component: 'api',
    partOf: 'payment-platform',
    ports: [{ name: 'https', port: 443, servicePort: 8443 }, { name: 'metrics', port: 9090 }],
    command: ['/app/server'],
    args: ['--port', '443'],
    env: { LOG_LEVEL: 'info', DB_PASSWORD: { secret: 'db', key: 'password' }, FEATURE: { configMap: 'flags', key: 'feature', optional: true } },
    configMaps: [{ configMap: 'api-config', mountPath: '/etc/api' }],
    secrets: [{ secret: 'api-tls', mountPath: '/etc/tls', items: [{ key: 'tls.crt', path: 'cert.pem' }] }],
    volumes: [{ name: 'data', mountPath: '/data', readOnly: false, source: { persistentVolumeClaim: { claimName: 'data' } } }],
    writablePaths: ['/var/cache/api'],
    probes: { httpPath: '/healthz', readiness: { httpPath: '/ready', port: 'metrics', periodSeconds: 5 } },
    resources: { limits: { memory: '1Gi' } },
  };
  const objects = renderSecureDeployment(full, { namespace: 'ignored', labels: { 'team': 'payments', 'app.kubernetes.io/name': 'chart-wins-not' } });
  const deployment = findObject(objects, 'Deployment', 'api', 'payments');
  const container = containerOf(deployment);

  test('props.namespace wins over the context namespace; object labels win over context labels', () => {
    expect(objects.every((o) => o.metadata.namespace === 'payments')).toBe(true);
    expect(deployment.metadata.labels).toEqual({
      'team': 'payments',
      'app.kubernetes.io/name': 'shop',
      'app.kubernetes.io/instance': 'api',
      'app.kubernetes.io/component': 'api',
      'app.kubernetes.io/part-of': 'payment-platform',
      'app.kubernetes.io/managed-by': 'kube-harden',
      'app.kubernetes.io/version': '1.4.2',
      'kube-harden.io/sensitivity': 'medium',
    });
  });

  test('a port below 1024 adds NET_BIND_SERVICE and nothing else', () => {
    expect(container.securityContext.capabilities).toEqual({ drop: ['ALL'], add: ['NET_BIND_SERVICE'] });
    expect(findObject(objects, 'Service', 'api').spec.ports).toEqual([
      { name: 'https', port: 8443, targetPort: 'https', protocol: 'TCP' },
      { name: 'metrics', port: 9090, targetPort: 'metrics', protocol: 'TCP' },
    ]);
  });

  test('env, command, args, mounts and writable paths are rendered as users expect', () => {
    expect(container.command).toEqual(['/app/server']);
    expect(container.args).toEqual(['--port', '443']);
    expect(container.env).toEqual([
      { name: 'LOG_LEVEL', value: 'info' },
      { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } },
      { name: 'FEATURE', valueFrom: { configMapKeyRef: { name: 'flags', key: 'feature', optional: true } } },
    ]);
    expect(container.volumeMounts).toEqual([
      { name: 'writable-0', mountPath: '/tmp' },
      { name: 'writable-1', mountPath: '/var/cache/api' },
      { name: 'config-0', mountPath: '/etc/api', readOnly: true },
      { name: 'secret-0', mountPath: '/etc/tls', readOnly: true },
      { name: 'data', mountPath: '/data', readOnly: false },
    ]);
    expect(deployment.spec.template.spec.volumes).toEqual([
      { name: 'writable-0', emptyDir: {} },
      { name: 'writable-1', emptyDir: {} },
      { name: 'config-0', configMap: { name: 'api-config' } },
      { name: 'secret-0', secret: { secretName: 'api-tls', items: [{ key: 'tls.crt', path: 'cert.pem' }] } },
      { name: 'data', persistentVolumeClaim: { claimName: 'data' } },
    ]);
  });

  test('probes use the HTTP paths and ports given', () => {
    expect(container.livenessProbe.httpGet).toEqual({ path: '/healthz', port: 'https', scheme: 'HTTP' });
    expect(container.readinessProbe).toEqual({ httpGet: { path: '/ready', port: 'metrics', scheme: 'HTTP' }, initialDelaySeconds: 5, periodSeconds: 5, timeoutSeconds: 2, failureThreshold: 3 });
  });

  test('resource overrides merge with the tier', () => {
    expect(container.resources).toEqual({ requests: { cpu: '250m', memory: '256Mi' }, limits: { cpu: '1', memory: '1Gi' } });
  });

  test('stays PSS restricted and schema-valid', () => {
    expectPssRestricted(objects);
    expectValidKubernetesObjects(objects);
  });

  test.each([
    ['low', undefined, 'kube-harden-low', 2],
    ['medium', 'gvisor', 'kube-harden-medium', 2],
    ['high', 'kata', 'kube-harden-high', 3],
    ['critical', 'kata', 'kube-harden-critical', 3],
  ] as const)('sensitivity %s picks runtime class %s, priority class %s and %d replicas', (sensitivity, runtimeClass, priorityClass, replicas) => {
    const d = findObject(renderSecureDeployment({ ...MINIMAL, sensitivity }, CONTEXT), 'Deployment', 'api');
    expect(d.spec.template.spec.runtimeClassName).toBe(runtimeClass);
    expect(d.spec.template.spec.priorityClassName).toBe(priorityClass);
    expect(d.spec.replicas).toBe(replicas);
  });

  test('class names come from the sandbox reference given', () => {
    const sandbox = {
      runtimeClassNames: { gvisor: 'gvisor-prod', kata: 'kata-clh' },
      priorityClassNames: { ...defaultSandboxRuntimesRef().priorityClassNames, high: 'tier-high' },
    };
    const d = findObject(renderSecureDeployment({ ...MINIMAL, sensitivity: 'high', sandbox }, CONTEXT), 'Deployment', 'api');
    expect(d.spec.template.spec.runtimeClassName).toBe('kata-clh');
    expect(d.spec.template.spec.priorityClassName).toBe('tier-high');
  });

  test('explicit replicas above the tier are kept', () => {
    expect(findObject(renderSecureDeployment({ ...MINIMAL, replicas: 5 }, CONTEXT), 'Deployment', 'api').spec.replicas).toBe(5);
  });

  test('the reference names the pods as a network peer', () => {
    expect(buildSecureDeployment(full, CONTEXT).ref).toEqual({
      name: 'api',
      namespace: 'payments',
      appName: 'shop',
      selector: { 'app.kubernetes.io/name': 'shop', 'app.kubernetes.io/instance': 'api' },
      serviceAccountName: 'api',
      ports: [{ name: 'https', port: 443, protocol: 'TCP' }, { name: 'metrics', port: 9090, protocol: 'TCP' }],
    });
  });
});

describe('acknowledged weakenings', () => {
  const weakened: SecureDeploymentProps = {
    ...MINIMAL,
    sensitivity: 'high',
    replicas: 1,
    podDisruptionBudget: false,
    runtime: 'runc',
    priority: 'low',
    requireDigest: false,
    image: 'registry.example.com/shop/api:1.4.2',
    imagePullPolicy: 'IfNotPresent',
    automountServiceAccountToken: true,
    env: { API_TOKEN: 'literal' },
    securityContext: { runAsUser: 0, runAsNonRoot: false, runAsGroup: 0, readOnlyRootFilesystem: false, addCapabilities: ['SYS_PTRACE'] },
  };
  const ids = ['KH-WKL-003', 'KH-WKL-004', 'KH-SBX-001', 'KH-WKL-007', 'KH-IMG-003', 'KH-IMG-005', 'KH-WKL-005', 'KH-SEC-001',
    'KH-POD-015', 'KH-POD-016', 'KH-POD-020', 'KH-POD-019', 'KH-POD-018', 'KH-POD-004'] as const;

  test('every weakening without an acknowledgement is reported at once, naming its control', () => {
    const error = errorOf(() => renderSecureDeployment(weakened, CONTEXT));
    for (const id of ids) {
      expect(error.problems.some((p) => p.message.includes(`control ${id}`) && p.fix.includes(`'${id}': { reason:`))).toBe(true);
    }
  });

  test('acknowledged weakenings render and are written as annotations on the Deployment and its pods', () => {
    const acknowledgements = Object.fromEntries(ids.map((id) => [id, { reason: `reason for ${id}` }]));
    const objects = renderSecureDeployment({ ...weakened, acknowledgements }, CONTEXT);
    const deployment = findObject(objects, 'Deployment', 'api');
    const expected = Object.fromEntries(ids.map((id) => [`kube-harden.io/acknowledge.${id}`, `reason for ${id}`]));
    expect(deployment.metadata.annotations).toEqual(expected);
    expect(deployment.spec.template.metadata.annotations).toEqual(expected);
    expect(deployment.spec.template.spec.runtimeClassName).toBeUndefined();
    expect(containerOf(deployment).securityContext.capabilities).toEqual({ drop: ['ALL'], add: ['SYS_PTRACE'] });
    expect(objects.some((o) => o.kind === 'PodDisruptionBudget')).toBe(false);
    expectValidKubernetesObjects(objects);
  });
});

describe('acknowledged weakenings in the audit |', () => {
  const reason = (id: string) => ({ [id]: { reason: `reason for ${id}` } });
  /** The audit's KH findings on the Deployment `api` for `id`, as [acknowledged reason, counted]. */
  const onDeployment = (objects: readonly K8sObject[], id: string) => audit(objects).findings
    .filter((f) => f.ruleId === id && f.object?.kind === 'Deployment' && f.object.name === 'api')
    .map((f) => [f.acknowledged?.reason, isCounted(f)]);

  test('every weakening of the acknowledged-weakenings props shows up as an acknowledged finding, none counted', () => {
    const weakened: SecureDeploymentProps = {
      ...MINIMAL, sensitivity: 'high', runtime: 'runc', priority: 'low', replicas: 1, podDisruptionBudget: false, automountServiceAccountToken: true,
    };
    const ids = ['KH-SBX-001', 'KH-WKL-007', 'KH-WKL-003', 'KH-WKL-004', 'KH-WKL-005'];
    const objects = renderSecureDeployment({ ...weakened, acknowledgements: Object.assign({}, ...ids.map(reason)) }, CONTEXT);
    for (const id of ids) {
      const findings = onDeployment(objects, id);
      expect({ id, findings: findings.length > 0 && findings.every(([why, counted]) => why === `reason for ${id}` && !counted) }).toEqual({ id, findings: true });
    }
  });

  test.each<[string, Partial<SecureDeploymentProps>, string]>([
    ['a lower priority', { priority: 'low' }, 'KH-WKL-007'],
    ['gVisor on the high tier', { sensitivity: 'high', runtime: 'gvisor' }, 'KH-SBX-001'],
    ['a projected service-account token', {
      volumes: [{ name: 'tok', mountPath: '/var/run/tok', source: { projected: { sources: [{ serviceAccountToken: { path: 'token', audience: 'vault' } }] } } }],
    }, 'KH-WKL-005'],
  ])('%s (acknowledged) is reported as acknowledged, and is a finding without the annotation', (_, weakening, id) => {
    const objects = renderSecureDeployment({ ...MINIMAL, ...weakening, acknowledgements: reason(id) }, CONTEXT);
    expect(onDeployment(objects, id)).toEqual([[`reason for ${id}`, false]]);
    const unannotated = objects.map((o) => JSON.parse(JSON.stringify(o).replaceAll(`kube-harden.io/acknowledge.${id}`, 'example.com/note')));
    expect(onDeployment(unannotated, id)).toEqual([[undefined, true]]);
  });
});

describe('validation', () => {
  test.each<[string, Partial<SecureDeploymentProps>, string]>([
    ['name', { name: 'API_1' }, 'name'],
    ['image latest', { image: 'nginx:latest' }, 'image'],
    ['untagged image', { image: 'nginx' }, 'image'],
    ['registry allow-list', { allowedRegistries: ['registry.internal'] }, 'image'],
    ['no ports', { ports: [] }, 'ports'],
    ['port name', { ports: [{ name: 'HTTP', port: 8080 }] }, 'ports[0].name'],
    ['port number', { ports: [{ name: 'http', port: 70000 }] }, 'ports[0].port'],
    ['duplicate port name', { ports: [{ name: 'http', port: 8080 }, { name: 'http', port: 8081 }] }, 'ports[1].name'],
    ['namespace', { namespace: 'Bad_NS' }, 'namespace'],
    ['sensitivity', { sensitivity: 'extreme' as never }, 'sensitivity'],
    ['replicas', { replicas: 0 }, 'replicas'],
    ['probe port', { probes: { liveness: { port: 'nope' } } }, 'probes.liveness.port'],
    ['probe path', { probes: { httpPath: 'healthz' } }, 'probes.liveness.httpPath'],
    ['UDP probe', { ports: [{ name: 'dns', port: 5353, protocol: 'UDP' }] }, 'probes.liveness.port'],
    ['quantity', { resources: { requests: { cpu: 'lots' } } }, 'resources.requests.cpu'],
    ['request above limit', { resources: { requests: { memory: '2Gi' } } }, 'resources.requests.memory'],
    ['env name', { env: { '1BAD': 'x' } }, 'env.1BAD'],
    ['env ref', { env: { A: { key: 'k' } } }, 'env.A'],
    ['mount path', { configMaps: [{ configMap: 'c', mountPath: 'etc/app' }] }, 'configMaps[0].mountPath'],
    ['mount twice', { secrets: [{ secret: 's', mountPath: '/tmp' }] }, 'secrets[0].mountPath'],
    ['hostPath volume', { volumes: [{ name: 'host', mountPath: '/host', source: { hostPath: { path: '/' } } }] }, 'volumes[0].source'],
    ['reserved volume name', { volumes: [{ name: 'writable-0', mountPath: '/w', source: { emptyDir: {} } }] }, 'volumes[0].name'],
    ['capability name', { securityContext: { addCapabilities: ['ALL'] }, acknowledgements: { 'KH-POD-018': { reason: 'x' } } }, 'securityContext.addCapabilities[0]'],
    ['root with runAsNonRoot', { securityContext: { runAsUser: 0 }, acknowledgements: { 'KH-POD-016': { reason: 'x' } } }, 'securityContext.runAsUser'],
    ['unknown acknowledgement', { acknowledgements: { 'KH-NOPE-1': { reason: 'x' } } as never }, 'acknowledgements.KH-NOPE-1'],
    ['empty reason', { replicas: 1, podDisruptionBudget: false, acknowledgements: { 'KH-WKL-003': { reason: ' ' }, 'KH-WKL-004': { reason: 'x' } } }, 'acknowledgements.KH-WKL-003.reason'],
    ['PDB over one replica', { replicas: 1, acknowledgements: { 'KH-WKL-003': { reason: 'x' } } }, 'podDisruptionBudget'],
  ])('%s: the error names the field and the fix, and nothing is rendered', (_, patch, field) => {
    const error = errorOf(() => renderSecureDeployment({ ...MINIMAL, ...patch }, CONTEXT));
    const problem = error.problems.find((p) => p.field === field);
    expect(problem).toBeDefined();
    expect(problem!.fix.length).toBeGreaterThan(10);
    expect(error.message).toContain(`${field}: `);
    expect(error.message).toContain('Fix: ');
  });

  test('context labels are validated like object labels', () => {
    const error = errorOf(() => renderSecureDeployment(MINIMAL, { namespace: 'shop', labels: { team: 'a b' } }));
    expect(error.problems.map((p) => p.field)).toEqual(['context.labels.team']);
  });

  test('requireDigest: true on a tier without the rule refuses a tag-only image, with no acknowledgement offered', () => {
    const error = errorOf(() => renderSecureDeployment({ ...MINIMAL, image: 'registry.example.com/shop/api:1.4.2', requireDigest: true }, CONTEXT));
    expect(error.problems).toEqual([expect.objectContaining({ field: 'image', message: expect.stringContaining('requireDigest: true') })]);
    expect(error.message).not.toContain('acknowledge');
  });

  test('a missing namespace (none in props or context) is an error', () => {
    const error = errorOf(() => renderSecureDeployment(MINIMAL));
    expect(error.problems.map((p) => p.field)).toEqual(['namespace']);
    expect(error.message).toMatch(/namespace: is not set.*Fix: set namespace on the props, or give the cdk8s chart/);
  });

  test('every problem is reported at once', () => {
    const error = errorOf(() => renderSecureDeployment({
      name: 'Bad', image: 'nginx:latest', ports: [{ name: 'http', port: 0 }], replicas: -1, writablePaths: ['relative'],
    }, CONTEXT));
    expect(error.problems.map((p) => p.field)).toEqual(expect.arrayContaining(['name', 'image', 'ports[0].port', 'replicas', 'writablePaths[0]']));
    expect(error.message).toMatch(/^Invalid SecureDeployment 'Bad': \d+ problems/);
  });

  test('the digest rule follows the tier, and requireDigest turns it on for lower tiers', () => {
    const tagged = { ...MINIMAL, image: 'registry.example.com/shop/api:1.4.2' };
    expect(() => renderSecureDeployment(tagged, CONTEXT)).not.toThrow();
    expect(errorOf(() => renderSecureDeployment({ ...tagged, sensitivity: 'high' }, CONTEXT)).problems.map((p) => p.field)).toEqual(['image']);
    expect(errorOf(() => renderSecureDeployment({ ...tagged, requireDigest: true }, CONTEXT)).problems.map((p) => p.field)).toEqual(['image']);
    expect(() => renderSecureDeployment({ ...MINIMAL, image: PINNED_IMAGE, sensitivity: 'high' }, CONTEXT)).not.toThrow();
  });
});
