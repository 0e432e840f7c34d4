import { auditJson, tempDir } from './run-cli';

const DEPLOYMENT = 'test/audit/rules/KH-NET-001/fail-namespace-outside.yaml';

/** What `kubectl get namespace,networkpolicy,poddisruptionbudget,serviceaccount -n pay -o yaml` prints: a List, trimmed. */
const CLUSTER_DUMP = `apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: Namespace
  metadata:
    name: pay
    labels:
      kubernetes.io/metadata.name: pay
- apiVersion: networking.k8s.io/v1
  kind: NetworkPolicy
  metadata:
    name: default-deny
    namespace: pay
  spec:
    podSelector: {}
    policyTypes: [Ingress, Egress]
- apiVersion: policy/v1
  kind: PodDisruptionBudget
  metadata:
    name: api
    namespace: pay
  spec:
    maxUnavailable: 1
    selector:
      matchLabels:
        app: api
`;

describe('kube-harden audit --context', () => {
  test('objects from a cluster dump clear what they show, and are not audited themselves', async () => {
    // GIVEN a Deployment whose Namespace, policies and budgets live elsewhere
    const alone = await auditJson([DEPLOYMENT]);
    expect(alone.json.findings.filter((f) => f.ruleId === 'KH-NET-001' || f.ruleId === 'KH-WKL-004').map((f) => f.ruleId)).toEqual(['KH-NET-001', 'KH-NET-001', 'KH-WKL-004']);
    // WHEN the cluster's objects are passed with --context
    const dir = tempDir({ 'cluster.yaml': CLUSTER_DUMP });
    const { result, json } = await auditJson(['--context', dir, DEPLOYMENT]);
    // THEN the default-deny policy and the budget clear the Deployment's findings
    expect(result.code).toBe(0);
    expect(json.findings.filter((f) => f.ruleId === 'KH-NET-001' || f.ruleId === 'KH-WKL-004')).toEqual([]);
    // and the context objects are neither counted nor checked
    expect(json.inputs.objects).toBe(1);
    expect(json.findings.filter((f) => f.object?.kind !== 'Deployment')).toEqual([]);
  });

  test('an unreadable --context path is an input problem (exit 2), the audit still runs', async () => {
    const { result, json } = await auditJson(['--context', 'no-such-context-dir', DEPLOYMENT]);
    expect(result.code).toBe(2);
    expect(json.problems).toEqual([{ file: 'no-such-context-dir', message: 'no such file or directory' }]);
    expect(json.inputs.objects).toBe(1);
  });
});
