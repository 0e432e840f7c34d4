import * as k8s from '@pulumi/kubernetes';
import { MANIFEST_RULES } from '../../lib/audit';
import { auditProgram, kubeHardenPolicies, validateStackOffline } from '../../lib/pulumi/policy-pack';
import { SecureDeployment } from '../../lib/pulumi/secure-deployment';
import { capture } from '../../lib/pulumi/testing';

const IMAGE = `registry.example.com/shop/api:1.4.2@sha256:${'a'.repeat(64)}`;

/** A hardened Deployment; `privileged` weakens it, `acknowledged` records the weakening. */
function deploymentArgs(privileged: boolean, acknowledged = false): k8s.apps.v1.DeploymentArgs {
  return {
    metadata: {
      name: 'api',
      namespace: 'shop',
      annotations: acknowledged ? { 'kube-harden.io/acknowledge.KH-POD-003': 'node agent' } : undefined,
    },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'api' } },
      template: {
        metadata: { labels: { app: 'api' } },
        spec: {
          serviceAccountName: 'api',
          automountServiceAccountToken: false,
          securityContext: { runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, seccompProfile: { type: 'RuntimeDefault' } },
          containers: [{
            name: 'api',
            image: IMAGE,
            securityContext: { privileged, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
          }],
        },
      },
    },
  };
}

describe('CrossGuard policy pack |', () => {
  test('one policy per rule: errors mandatory, warnings and info advisory', () => {
    const policies = kubeHardenPolicies();
    expect(policies.map((p) => p.name)).toEqual(MANIFEST_RULES.map((r) => r.id.toLowerCase()));
    expect(policies.find((p) => p.name === 'kh-pod-003')).toMatchObject({ enforcementLevel: 'mandatory', severity: 'high', description: 'No privileged containers' });
    expect(policies.find((p) => p.name === 'kh-wkl-002')).toMatchObject({ enforcementLevel: 'advisory', severity: 'medium' });
  });

  test('the pack honours audit options (pack selection, ignore)', () => {
    expect(kubeHardenPolicies({ pack: 'pss-baseline', ignore: ['KH-POD-001'] })).toHaveLength(11);
  });

  test('a privileged Deployment violates kh-pod-003 (mandatory) on its own URN', async () => {
    const program = await capture(() => new k8s.apps.v1.Deployment('api', deploymentArgs(true)));
    const violations = await validateStackOffline(kubeHardenPolicies(), program.resources);
    const privileged = violations.filter((v) => v.policy === 'kh-pod-003');
    expect(privileged).toEqual([{
      policy: 'kh-pod-003',
      enforcementLevel: 'mandatory',
      message: expect.stringContaining("KH-POD-003: container 'api' is privileged"),
      urn: program.resources.find((r) => r.type === 'kubernetes:apps/v1:Deployment')?.urn,
    }]);
  });

  test('an acknowledged weakening is not a violation', async () => {
    const program = await capture(() => new k8s.apps.v1.Deployment('api', deploymentArgs(true, true)));
    const violations = await validateStackOffline(kubeHardenPolicies(), program.resources);
    expect(violations.filter((v) => v.policy === 'kh-pod-003')).toEqual([]);
  });

  test('a SecureDeployment has no mandatory violation', async () => {
    const program = await capture(() => new SecureDeployment('api', {
      name: 'api', namespace: 'shop', image: IMAGE, ports: [{ name: 'http', port: 8080, servicePort: 80 }],
    }));
    const violations = await validateStackOffline(kubeHardenPolicies(), program.resources);
    expect(violations.filter((v) => v.enforcementLevel === 'mandatory')).toEqual([]);
  });

  test('auditProgram audits what a program registers', async () => {
    const report = await auditProgram(() => new k8s.apps.v1.Deployment('api', deploymentArgs(false)));
    // the only errors: no network policy in the program isolates the pods (ingress and egress)
    expect(report.findings.filter((f) => f.severity === 'error' && f.unknown !== true).map((f) => f.ruleId)).toEqual(['KH-NET-001', 'KH-NET-001']);
    expect(report.checks).toBeGreaterThan(0);
    // a namespace-wide default deny that lives elsewhere, given as audit context, clears them
    const namespace = report.findings[0].object?.namespace;
    const denyAll = {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'default-deny', namespace },
      spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
    };
    const withContext = await auditProgram(() => new k8s.apps.v1.Deployment('api', deploymentArgs(false)), { context: [denyAll] });
    expect(withContext.findings.filter((f) => f.severity === 'error' && f.unknown !== true)).toEqual([]);
  });
});
