import { expectPssRestricted, podTemplatesOf, pssViolations } from './pss';
import { SENSITIVITIES, renderPaymentService, renderSecureDeployment } from '../../lib/core';
import { CONTEXT, MINIMAL, PAYMENT_TRAFFIC, PINNED_IMAGE } from '../core/fixtures';

/** A pod spec that meets PSS restricted, to break one control at a time. */
function compliant(): Record<string, any> {
  return {
    securityContext: { runAsNonRoot: true, runAsUser: 10001, seccompProfile: { type: 'RuntimeDefault' } },
    containers: [{
      name: 'app',
      image: PINNED_IMAGE,
      securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
    }],
    volumes: [{ name: 'tmp', emptyDir: {} }],
  };
}

describe('pssViolations (the checker itself)', () => {
  test('a compliant pod has no violation', () => {
    expect(pssViolations(compliant())).toEqual([]);
  });

  const container = (spec: Record<string, any>) => spec.containers[0];
  test.each<[string, (spec: Record<string, any>) => void, Record<string, string>]>([
    ['windowsHostProcess', (s) => { s.securityContext.windowsOptions = { hostProcess: true }; }, {}],
    ['hostNamespaces', (s) => { s.hostPID = true; }, {}],
    ['privileged', (s) => { container(s).securityContext.privileged = true; }, {}],
    ['capabilities_baseline', (s) => { container(s).securityContext.capabilities.add = ['NET_RAW']; }, {}],
    ['hostPathVolumes', (s) => { s.volumes.push({ name: 'h', hostPath: { path: '/' } }); }, {}],
    ['hostPorts', (s) => { container(s).ports = [{ containerPort: 80, hostPort: 80 }]; }, {}],
    ['hostProbesAndHostLifecycle', (s) => { container(s).livenessProbe = { httpGet: { host: '10.0.0.1', port: 80 } }; }, {}],
    ['appArmorProfile', (s) => { s.securityContext.appArmorProfile = { type: 'Unconfined' }; }, {}],
    ['appArmorProfile', () => undefined, { 'container.apparmor.security.beta.kubernetes.io/app': 'unconfined' }],
    ['seLinuxOptions', (s) => { container(s).securityContext.seLinuxOptions = { type: 'spc_t' }; }, {}],
    ['procMount', (s) => { container(s).securityContext.procMount = 'Unmasked'; }, {}],
    ['seccompProfile_baseline', (s) => { container(s).securityContext.seccompProfile = { type: 'Unconfined' }; }, {}],
    ['sysctls', (s) => { s.securityContext.sysctls = [{ name: 'kernel.msgmax', value: '1' }]; }, {}],
    ['restrictedVolumes', (s) => { s.volumes.push({ name: 'n', nfs: { server: 'x', path: '/' } }); }, {}],
    ['allowPrivilegeEscalation', (s) => { delete container(s).securityContext.allowPrivilegeEscalation; }, {}],
    ['runAsNonRoot', (s) => { delete s.securityContext.runAsNonRoot; }, {}],
    ['runAsUser', (s) => { container(s).securityContext.runAsUser = 0; }, {}],
    ['seccompProfile_restricted', (s) => { delete s.securityContext.seccompProfile; }, {}],
    ['capabilities_restricted', (s) => { container(s).securityContext.capabilities = { drop: ['all'] }; }, {}],
    ['capabilities_restricted', (s) => { container(s).securityContext.capabilities.add = ['CHOWN']; }, {}],
  ])('detects %s', (check, breakIt, annotations) => {
    const spec = compliant();
    breakIt(spec);
    expect(pssViolations(spec, annotations)).toEqual(expect.arrayContaining([expect.stringMatching(new RegExp(`^${check}: `))]));
  });

  test('checks init and ephemeral containers too', () => {
    const spec = compliant();
    spec.initContainers = [{ name: 'init', image: PINNED_IMAGE, securityContext: { capabilities: { drop: ['ALL'] } } }];
    expect(pssViolations(spec)).toEqual(['allowPrivilegeEscalation: initContainers[0].securityContext.allowPrivilegeEscalation = undefined']);
  });
});

describe('every pod template kube-harden workloads emit is PSS restricted', () => {
  test.each(SENSITIVITIES)('SecureDeployment at sensitivity %s, with the options that touch the pod', (sensitivity) => {
    const objects = renderSecureDeployment({
      ...MINIMAL,
      sensitivity,
      ports: [{ name: 'http', port: 80 }, { name: 'metrics', port: 9090 }],
      writablePaths: ['/var/cache/app'],
      configMaps: [{ configMap: 'cfg', mountPath: '/etc/app' }],
      secrets: [{ secret: 'tls', mountPath: '/etc/tls' }],
      volumes: [{ name: 'data', mountPath: '/data', readOnly: false, source: { persistentVolumeClaim: { claimName: 'data' } } }],
      securityContext: { runAsUser: 20000, runAsGroup: 20000, fsGroup: 20000 },
    }, CONTEXT);
    expect(podTemplatesOf(objects)).toHaveLength(1);
    expectPssRestricted(objects);
  });

  test('PaymentService', () => {
    expectPssRestricted(renderPaymentService({ ...MINIMAL, ...PAYMENT_TRAFFIC, name: 'payment-service' }, CONTEXT));
  });
});
