/**
 * A workload may not take the name of one of its namespace's ZeroTrustNamespace policies: its own policies of that
 * name would replace them. `kubectl apply -f` applies the objects of its input in order (kubernetes/kubernetes
 * staging/src/k8s.io/kubectl/pkg/cmd/apply/apply.go: `Run` calls `applyOneObject` for each object of the resource
 * builder, which patches the live object of that name when there is one), so the one applied last is what stays. Within one cdk8s app the audit guard refuses the collision
 * (test/cdk8s/audit-guard.test.ts); across apps or stacks only this check sees it.
 */
import {
  NAMESPACE_POLICY_NAMES, RESERVED_WORKLOAD_NAMES, renderPaymentService, renderSecureDeployment, renderZeroTrustNamespace,
} from '../../lib/core';
import { problemsOf } from '../helpers/problems';
import { VALID_PAYMENT_SERVICE, VALID_SECURE_DEPLOYMENT } from '../helpers/valid-props';

describe('reserved workload names |', () => {
  test.each([
    ['default-deny', "the namespace's default-deny NetworkPolicy and CiliumNetworkPolicy"],
    ['allow-nothing', "the namespace's allow-nothing AuthorizationPolicy (Istio deny-all)"],
  ])('a SecureDeployment or PaymentService named %s is refused: it would replace %s', (name, what) => {
    const problem = `name: is reserved: the workload's policies of its name would replace ${what} when applied after them`;
    expect(problemsOf(() => renderSecureDeployment({ ...VALID_SECURE_DEPLOYMENT, name }))).toEqual([problem]);
    expect(problemsOf(() => renderPaymentService({ ...VALID_PAYMENT_SERVICE, name }))).toContain(problem);
    expect(() => renderSecureDeployment({ ...VALID_SECURE_DEPLOYMENT, name })).toThrow('Fix: choose another name (reserved: default-deny, allow-nothing).');
  });

  test('every namespace policy of a kind a workload emits under its own name is reserved, and no other name', () => {
    const namespace = VALID_SECURE_DEPLOYMENT.namespace as string;
    const workload = renderSecureDeployment({ ...VALID_SECURE_DEPLOYMENT, name: 'probe' });
    const ownKinds = new Set(workload.filter((o) => o.metadata?.name === 'probe' && o.metadata?.namespace === namespace).map((o) => o.kind));
    const fixed = renderZeroTrustNamespace({ name: namespace, meshMode: 'sidecar' })
      .filter((o) => o.metadata?.namespace === namespace && ownKinds.has(o.kind));
    expect(fixed.map((o) => `${o.kind}/${o.metadata?.name}`).sort()).toEqual([
      `AuthorizationPolicy/${NAMESPACE_POLICY_NAMES.allowNothing}`,
      `CiliumNetworkPolicy/${NAMESPACE_POLICY_NAMES.defaultDeny}`,
      `NetworkPolicy/${NAMESPACE_POLICY_NAMES.defaultDeny}`,
    ]);
    expect([...new Set(fixed.map((o) => o.metadata?.name as string))].sort()).toEqual([...RESERVED_WORKLOAD_NAMES.keys()].sort());
  });

  test('names that only resemble them pass', () => {
    for (const name of ['default-deny-api', 'allow', 'deny']) expect(() => renderSecureDeployment({ ...VALID_SECURE_DEPLOYMENT, name })).not.toThrow();
  });
});
