import * as fs from 'fs';
import * as path from 'path';
import * as fc from 'fast-check';
import { FIXTURES_DIR, findingsOf, loadYaml } from './helpers';
import {
  audit, auditFindings, auditLocated, BASELINE_FAILURE_CEILING, buildReport, CheckOutcome, computeScore, exceedsThreshold, Finding, findingStatus,
  isCounted, ManifestRule, MANIFEST_RULES, ObjectRef, PACKS, runDockerfileRules, runManifestRules, scoreFormulaMarkdown, SEVERITY_WEIGHTS,
  sortFindings, compareFindings,
} from '../../lib/audit';
import { objectField, stringField } from '../../lib/audit/field-types';
import { K8sObject } from '../../lib/core';

const privileged = () => loadYaml(path.join(FIXTURES_DIR, 'KH-POD-003', 'fail-init.yaml'))[0];

function withAnnotations(obj: K8sObject, annotations: Record<string, unknown>, where: 'object' | 'template'): K8sObject {
  const copy = JSON.parse(JSON.stringify(obj));
  const meta = where === 'object' ? copy.metadata : copy.spec.template.metadata;
  meta.annotations = { ...meta.annotations, ...annotations };
  return copy;
}

const throwing: ManifestRule = {
  ...MANIFEST_RULES.find((r) => r.id === 'KH-POD-003')!,
  check: () => {
    throw new Error('boom');
  },
};

describe('engine |', () => {
  test('fails closed: a rule that throws becomes an error finding', () => {
    // GIVEN a rule that throws WHEN it runs THEN the object gets an error finding that names the exception
    const report = audit([privileged()], { rules: [throwing] });
    expect(report.findings).toEqual([expect.objectContaining({ ruleId: 'KH-POD-003', severity: 'error', ruleError: true })]);
    expect(report.findings[0].message).toContain('boom');
    expect(report.summary.error).toBe(1);
    expect(report.score).toBe(0);
  });

  test('appliesWhen: an object it excludes gets no check (not a pass); a predicate that throws still runs the check', () => {
    const pod003 = MANIFEST_RULES.find((r) => r.id === 'KH-POD-003')!;
    const excluded = audit([privileged()], { rules: [{ ...pod003, appliesWhen: () => false }] });
    expect({ checks: excluded.checks, rules: excluded.rules, findings: excluded.findings }).toEqual({ checks: 0, rules: [], findings: [] });
    const broken = audit([privileged()], { rules: [{ ...pod003, appliesWhen: () => { throw new Error('no labels'); } }] });
    expect(broken.checks).toBe(1);
    expect(broken.summary.error).toBeGreaterThan(0);
  });

  test('a field of the wrong type that appliesWhen or check read is an unknown finding naming it; such a predicate cannot rule the object out', () => {
    // GIVEN a Namespace whose label is a boolean (Kubernetes takes label values as strings only) and rules that read it
    const namespace: K8sObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'pay', labels: { team: true } as never } };
    const base: ManifestRule = { ...MANIFEST_RULES.find((r) => r.id === 'KH-NS-002')!, check: () => [] };
    const team = (object: K8sObject) => stringField(objectField(object.metadata as never, 'labels', 'metadata'), 'team', 'metadata.labels');
    const unknownTeam = {
      path: 'metadata.labels.team', unknown: true, message: 'metadata.labels.team is a boolean, not a string: Kubernetes rejects the object, and the rule cannot judge it',
    };
    // WHEN a predicate reads it (it reads as absent, so the predicate says no) THEN the check runs anyway and reports it
    const predicate = audit([namespace], { rules: [{ ...base, appliesWhen: (object) => team(object) === 'payments' }] });
    expect(predicate.checks).toBe(1);
    expect(predicate.findings).toEqual([expect.objectContaining({ ruleId: 'KH-NS-002', ...unknownTeam })]);
    // WHEN a check of a kind without a pod spec reads it THEN it is reported beside the check's own violations
    const checked = audit([namespace], { rules: [{ ...base, check: (object) => (team(object) === undefined ? [{ message: 'no team' }] : []) }] });
    expect(checked.findings.map((f) => f.message).sort()).toEqual([unknownTeam.message, 'no team']);
    // WHEN the label is a string THEN nothing is noted: the predicate rules the object out
    const valid = { ...namespace, metadata: { name: 'pay', labels: { team: 'web' } } };
    expect(audit([valid], { rules: [{ ...base, appliesWhen: (object) => team(object) === 'payments' }] }).checks).toBe(0);
  });

  // (review: the engine's reading and checkPod's each report what they noted, so a field that a pod rule's appliesWhen
  // (isPaymentWorkload) and its checkPod both read was two unknown findings of the same rule)
  test('a field of the wrong type that a pod rule\'s appliesWhen and checkPod both read is one unknown finding', () => {
    const objects: K8sObject[] = [
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } },
      {
        apiVersion: 'kyverno.io/v1',
        kind: 'ClusterPolicy',
        metadata: { name: 'verify' },
        spec: { validationFailureAction: 'Enforce', rules: [{ name: 'verify', match: { any: [{ resources: { kinds: ['Pod'] } }] }, verifyImages: [{ imageReferences: ['*'] }] }] },
      },
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'pay', namespace: 'shop', labels: { 'kube-harden.io/payment': 'true' } }, spec: { template: 'oops' } },
    ];
    expect(findingsOf(audit(objects), 'KH-SUP-002').map((f) => [findingStatus(f), f.path])).toEqual([['unknown', 'spec.template']]);
  });

  test('a finding carries rule id, severity, title, message, remediation, object ref and path', () => {
    const finding = findingsOf(audit([privileged()]), 'KH-POD-003')[0];
    expect(finding).toEqual({
      ruleId: 'KH-POD-003',
      area: 'pod',
      severity: 'error',
      title: 'No privileged containers',
      message: "initContainer 'init' is privileged",
      remediation: 'Remove securityContext.privileged (or set it to false) on every container.',
      object: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'pay', name: 'api' },
      path: 'spec.template.spec.initContainers[0].securityContext.privileged',
    });
  });

  test('a kind outside the workload kinds that carries a pod template (an Argo Rollout) is judged by the pod rules', () => {
    // Argo Rollouts keep a Deployment's pod template at spec.template
    // (https://github.com/argoproj/argo-rollouts/blob/master/pkg/apis/rollouts/v1alpha1/types.go, RolloutSpec.Template).
    const rollout = { ...privileged(), apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout' } as K8sObject;
    const finding = findingsOf(audit([rollout]), 'KH-POD-003')[0];
    expect(finding).toMatchObject({ object: { kind: 'Rollout', name: 'api' }, path: 'spec.template.spec.initContainers[0].securityContext.privileged' });
    // rules of some workload kinds only (replicas, disruption budgets) do not guess at it; a kind without a template is untouched
    expect(findingsOf(audit([rollout]), 'KH-WKL-003')).toEqual([]);
    expect(audit([{ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec: { template: { spec: {} } } }]).checks).toBe(0);
  });

  describe('acknowledgements |', () => {
    test.each(['object', 'template'] as const)('an annotation with a reason on the %s acknowledges: visible, not counted', (where) => {
      const obj = withAnnotations(privileged(), { 'kube-harden.io/acknowledge.KH-POD-003': 'CNI installer needs it' }, where);
      const report = audit([obj], { rules: MANIFEST_RULES.filter((r) => r.id === 'KH-POD-003') });
      expect(report.findings).toEqual([expect.objectContaining({ ruleId: 'KH-POD-003', acknowledged: { reason: 'CNI installer needs it' } })]);
      expect(report.summary).toEqual({ error: 0, warning: 0, info: 0, acknowledged: 1, unknown: 0 });
      expect(report.score).toBe(100);
      expect(exceedsThreshold(report, 'warning')).toBe(false);
    });

    // (the test construction applies to a reason: isPrintableReason in lib/core/acknowledgements.ts)
    test.each(['', '   ', '\u200B', '\u202Eok', 'a\nb', 'ok\u0007'])('a reason that is not printable (%j) acknowledges nothing, and the message says so', (reason) => {
      const obj = withAnnotations(privileged(), { 'kube-harden.io/acknowledge.KH-POD-003': reason }, 'object');
      const finding = findingsOf(audit([obj]), 'KH-POD-003')[0];
      expect(finding.acknowledged).toBeUndefined();
      expect(isCounted(finding)).toBe(true);
      expect(finding.message).toMatch(/\(the annotation kube-harden\.io\/acknowledge\.KH-POD-003 acknowledges nothing: its reason is blank, invisible or holds control characters\)$/);
    });

    test('an unprintable reason on the object leaves a printable one on the pod template to acknowledge', () => {
      const template = withAnnotations(privileged(), { 'kube-harden.io/acknowledge.KH-POD-003': 'CNI installer needs it' }, 'template');
      const obj = withAnnotations(template, { 'kube-harden.io/acknowledge.KH-POD-003': '\u200B' }, 'object');
      const finding = findingsOf(audit([obj]), 'KH-POD-003')[0];
      expect(finding.acknowledged).toEqual({ reason: 'CNI installer needs it' });
      expect(finding.message).not.toContain('acknowledges nothing');
    });

    test('a Dockerfile comment with an invisible reason acknowledges nothing', () => {
      const report = (reason: string) => runDockerfileRules([{ file: 'Dockerfile', text: `# kube-harden.io/acknowledge.KH-DKR-001: ${reason}\nFROM node\n` }])
        .flatMap((o) => o.findings).filter((f) => f.ruleId === 'KH-DKR-001');
      expect(report('pinned by the base image job').map((f) => f.acknowledged)).toEqual([{ reason: 'pinned by the base image job' }]);
      expect(report('\u200B').map((f) => f.acknowledged)).toEqual([undefined]);
    });

    // (Kubernetes rejects an annotation that is not a string; the reason in the other place acknowledged the finding)
    test('an acknowledgement of the wrong type, or in an annotations map of the wrong type, acknowledges nothing: the finding stays counted', () => {
      const key = 'kube-harden.io/acknowledge.KH-POD-003';
      const template = withAnnotations(privileged(), { [key]: 'CNI installer needs it' }, 'template');
      const wrongOwn = withAnnotations(template, { [key]: 1 }, 'object');
      const wrongMap = withAnnotations(privileged(), { [key]: 'CNI installer needs it' }, 'object') as unknown as { spec: { template: { metadata: object } } };
      wrongMap.spec.template.metadata = { ...wrongMap.spec.template.metadata, annotations: [`${key}=CNI installer needs it`] };
      for (const obj of [wrongOwn, wrongMap as unknown as K8sObject]) {
        const report = audit([obj], { rules: MANIFEST_RULES.filter((r) => r.id === 'KH-POD-003') });
        expect(report.findings.map((f) => [f.acknowledged, isCounted(f)])).toEqual([[undefined, true]]);
      }
    });

    test('an acknowledgement of another rule does not apply', () => {
      const obj = withAnnotations(privileged(), { 'kube-harden.io/acknowledge.KH-POD-002': 'unrelated' }, 'object');
      expect(findingsOf(audit([obj]), 'KH-POD-003')[0].acknowledged).toBeUndefined();
    });
  });

  test('missing context yields an unknown: shown and counted as unknown, never under a severity', () => {
    // GIVEN a RoleBinding to a ClusterRole that is not part of the audit
    const report = audit(loadYaml(path.join(FIXTURES_DIR, 'KH-RBAC-004', 'unknown.yaml')));
    const rbac = findingsOf(report, 'KH-RBAC-004');
    expect(rbac.map(findingStatus)).toEqual(['unknown']);
    expect(rbac[0].severity).toBe('error');
    expect(report.summary).toMatchObject({ error: 0, unknown: 1 });
  });

  test('what the input shows is judged even without the Namespace: no policy selects the pods is a finding, with a note', () => {
    // GIVEN a lone Deployment (its Namespace and policies are not part of the audit)
    const report = audit(loadYaml(path.join(FIXTURES_DIR, 'KH-NET-001', 'fail-namespace-outside.yaml')));
    const net = findingsOf(report, 'KH-NET-001');
    // THEN ingress and egress are each reported open, at the rule's severity, and the message says what would clear it
    expect(net.map((f) => [findingStatus(f), f.message.split(':')[0]])).toEqual([['error', 'egress is open'], ['error', 'ingress is open']]);
    expect(net[0].message).toContain("namespace 'pay' is not part of the audit: a namespace-wide policy outside the input would clear this");
    expect(net[0].path).toBe('spec.template.metadata.labels');
  });

  test('context objects (e.g. from --context) are seen by the rules but not audited', () => {
    // GIVEN the lone Deployment, and as context its Namespace with a default-deny policy for ingress and egress
    const deployment = loadYaml(path.join(FIXTURES_DIR, 'KH-NET-001', 'fail-namespace-outside.yaml'));
    const context = loadYaml(path.join(FIXTURES_DIR, 'KH-NET-001', 'pass-namespace-deny.yaml')).filter((o) => o.kind !== 'Deployment');
    const report = audit(deployment, { context });
    // THEN the policy clears KH-NET-001, and the context objects are not checked themselves
    expect(findingsOf(report, 'KH-NET-001')).toEqual([]);
    expect(report.findings.filter((f) => f.object?.kind === 'Namespace' || f.object?.kind === 'NetworkPolicy')).toEqual([]);
  });

  describe('options |', () => {
    test('ignore removes a rule; an unknown id is an error', () => {
      expect(findingsOf(audit([privileged()], { ignore: ['KH-POD-003'] }), 'KH-POD-003')).toEqual([]);
      expect(() => audit([privileged()], { ignore: ['KH-POD-999'] })).toThrow(/unknown rule id 'KH-POD-999'/);
      // a known id the pack does not run would disable nothing: an error too
      expect(() => audit([privileged()], { pack: 'pss-baseline', ignore: ['KH-WKL-004'] })).toThrow(/'KH-WKL-004': pack 'pss-baseline' does not run it/);
    });

    test('a pack selects rules; an unknown pack is an error', () => {
      const report = audit([privileged()], { pack: 'pss-baseline' });
      expect(report.pack).toBe('pss-baseline');
      expect(new Set(report.findings.map((f) => f.area))).toEqual(new Set(['pod']));
      expect(report.rules.map((r) => r.id)).not.toContain('KH-POD-014');
      expect(() => audit([], { pack: 'nope' })).toThrow(/unknown rule pack 'nope'/);
    });

    test('a custom pack applies its severity overrides, and option overrides win', () => {
      const pack = { id: 'custom', description: 'test', rules: ['KH-POD-003', 'KH-POD-019'] as const, severities: { 'KH-POD-003': 'warning' as const } };
      expect(findingsOf(audit([privileged()], { pack }), 'KH-POD-003')[0].severity).toBe('warning');
      expect(findingsOf(audit([privileged()], { pack, severityOverrides: { 'KH-POD-003': 'info' } }), 'KH-POD-003')[0].severity).toBe('info');
    });
  });

  test('findings are in canonical order and audits are deterministic', () => {
    const objects = loadYaml(path.join(FIXTURES_DIR, 'KH-WKL-003', 'fail.yaml'));
    const a = audit(objects);
    expect(audit([...objects].reverse())).toEqual(a);
    const ranks = a.findings.map((f) => ['error', 'warning', 'info'].indexOf(f.severity));
    expect(ranks).toEqual([...ranks].sort());
  });
});

describe('auditFindings |', () => {
  // Every object of every rule fixture: passes, failures, unknowns and acknowledgements of every rule.
  const fixtures = fs.readdirSync(FIXTURES_DIR).sort().flatMap((id) => fs.readdirSync(path.join(FIXTURES_DIR, id)).sort()
    .filter((file) => file.endsWith('.yaml')).flatMap((file) => loadYaml(path.join(FIXTURES_DIR, id, file))));

  test('returns exactly the findings of audit(), in the same order, for any objects and options', () => {
    const options = fc.record({
      pack: fc.constantFrom(undefined, ...PACKS.map((p) => p.id)),
      allowedRegistries: fc.constantFrom(undefined, ['registry.example.com']),
      ignore: fc.constantFrom(undefined, ['KH-POD-003']),
      rules: fc.constantFrom(undefined, [...MANIFEST_RULES, throwing]),
    }, { requiredKeys: [] });
    fc.assert(fc.property(fc.shuffledSubarray(fixtures), fc.nat(), options, (objects, split, opts) => {
      // some objects audited, the rest as context
      const cut = split % (objects.length + 1);
      const withContext = { ...opts, context: objects.slice(cut) };
      expect(auditFindings(objects.slice(0, cut), withContext)).toEqual(audit(objects.slice(0, cut), withContext).findings);
    }), { numRuns: 60 });
  });

  test('auditLocated is buildReport of runManifestRules then the extra outcomes, without the list of outcomes', () => {
    const locate = (index: number, p: string | undefined) => ({ file: `f${index % 3}.yaml`, line: index + 1, ...(p ? { column: p.length } : {}) });
    const extra = [...runManifestRules(fixtures.slice(0, 5), {})].reverse();
    fc.assert(fc.property(fc.shuffledSubarray(fixtures), fc.constantFrom(undefined, ...PACKS.map((p) => p.id)), (objects, pack) => {
      const expected = buildReport([...runManifestRules(objects, { pack }, locate), ...extra], pack);
      expect(auditLocated(objects, { pack }, locate, () => extra)).toEqual(expected);
    }), { numRuns: 40 });
  });

  test('sortFindings orders like compareFindings (object keys made once per reference)', () => {
    // references shared by findings of one object, and names that sort differently field by field and joined
    const refs: ObjectRef[] = [
      { apiVersion: 'v1', kind: 'A', name: 'b' }, { apiVersion: 'v1', kind: 'A-b', name: 'a' }, { apiVersion: 'v1', kind: 'A', namespace: 'x', name: 'a' },
    ];
    const findingArb = fc.record({
      severity: fc.constantFrom('error' as const, 'warning' as const, 'info' as const),
      ruleId: fc.constantFrom('KH-POD-001' as const, 'KH-NET-001' as const),
      object: fc.option(fc.constantFrom(...refs), { nil: undefined }),
      path: fc.option(fc.constantFrom('spec', 'metadata'), { nil: undefined }),
      message: fc.constantFrom('m', 'n'),
      unknown: fc.option(fc.constant(true), { nil: undefined }),
    }).map((f): Finding => ({ area: 'pod', title: 't', remediation: 'r.', ...f }));
    fc.assert(fc.property(fc.array(findingArb, { maxLength: 20 }), (findings) => {
      expect(sortFindings([...findings])).toEqual([...findings].sort(compareFindings));
    }), { numRuns: 200 });
  });

  test('fails like audit() on an unknown pack or ignored rule id', () => {
    expect(() => auditFindings([privileged()], { pack: 'nope' })).toThrow(/unknown rule pack 'nope'/);
    expect(() => auditFindings([privileged()], { ignore: ['KH-POD-999'] })).toThrow(/unknown rule id 'KH-POD-999'/);
  });
});

describe('score |', () => {
  const rule = (severity: 'error' | 'warning' | 'info', area: 'pod' | 'rbac' = 'pod', id: ManifestRule['id'] = 'KH-WKL-001') => ({ ...MANIFEST_RULES[0], id, severity, area });
  const finding = (severity: 'error' | 'warning' | 'info', extra: Partial<Finding> = {}): Finding =>
    ({ ruleId: 'KH-WKL-001', area: 'pod', severity, title: 't', message: 'm', remediation: 'r.', ...extra });

  test('weights error 10, warning 5, info 0 over applicable checks: 50 + floor(50 × r) when baseline passes', () => {
    // 2 error checks (1 failed) + 2 warning checks (1 failed): lost 15 of 30, r = 0.5 -> 50 + 25
    const outcomes: CheckOutcome[] = [
      { rule: rule('error'), severity: 'error', findings: [finding('error')] },
      { rule: rule('error'), severity: 'error', findings: [] },
      { rule: rule('warning'), severity: 'warning', findings: [finding('warning')] },
      { rule: rule('warning'), severity: 'warning', findings: [] },
      { rule: rule('info'), severity: 'info', findings: [finding('info')] },
    ];
    expect(computeScore(outcomes).overall).toBe(75);
    // one passed error, one failed and one passed warning: lost 5 of 20, r = 0.75 -> 50 + floor(37.5) = 87
    expect(computeScore(outcomes.slice(1, 4)).overall).toBe(87);
  });

  test('a failed PSS baseline check puts the score at floor(49 × r): below any set that passes baseline', () => {
    // GIVEN one failed baseline check (KH-POD-003, privileged) among 9 passed error checks: r = 0.9
    const privilegedCheck: CheckOutcome = { rule: rule('error', 'pod', 'KH-POD-003'), severity: 'error', findings: [finding('error', { ruleId: 'KH-POD-003' })] };
    const passed: CheckOutcome[] = Array.from({ length: 9 }, () => ({ rule: rule('error'), severity: 'error', findings: [] }));
    const failing = computeScore([privilegedCheck, ...passed]);
    expect({ overall: failing.overall, failsBaseline: failing.failsBaseline }).toEqual({ overall: 44, failsBaseline: true });
    expect(failing.overall).toBeLessThanOrEqual(BASELINE_FAILURE_CEILING);
    // WHEN another set fails every one of its (non-baseline) error checks THEN it still scores above
    const restrictedOnly = computeScore([{ rule: rule('error'), severity: 'error', findings: [finding('error')] }]);
    expect(restrictedOnly.overall).toBe(50);
    expect(restrictedOnly.overall).toBeGreaterThan(failing.overall);
    // an acknowledged baseline finding does not count
    expect(computeScore([{ ...privilegedCheck, findings: [finding('error', { ruleId: 'KH-POD-003', acknowledged: { reason: 'CNI' } })] }]).failsBaseline).toBe(false);
  });

  test('a baseline check counts once per finding: three privileged containers weigh more than one', () => {
    const passed: CheckOutcome[] = Array.from({ length: 7 }, () => ({ rule: rule('error'), severity: 'error', findings: [] }));
    const privilegedContainers = (containers: number): CheckOutcome => ({
      rule: rule('error', 'pod', 'KH-POD-003'), severity: 'error', findings: Array.from({ length: containers }, () => finding('error', { ruleId: 'KH-POD-003' })),
    });
    // one: lost 10 of 80 -> floor(49 × 0.875) = 42; three: lost 30 of 100 -> floor(49 × 0.7) = 34
    expect(computeScore([privilegedContainers(1), ...passed]).overall).toBe(42);
    expect(computeScore([privilegedContainers(3), ...passed]).overall).toBe(34);
  });

  test('acknowledged findings do not lower the score; an undecided check never raises it and shows in the coverage', () => {
    const acknowledged: CheckOutcome = { rule: rule('error'), severity: 'error', findings: [finding('error', { acknowledged: { reason: 'why' } })] };
    const unknown: CheckOutcome = { rule: rule('error'), severity: 'error', findings: [finding('error', { unknown: true })] };
    const passed: CheckOutcome = { rule: rule('error'), severity: 'error', findings: [] };
    const failed: CheckOutcome = { rule: rule('error'), severity: 'error', findings: [finding('error')] };
    expect(computeScore([acknowledged]).overall).toBe(100);
    // an undecided check is never counted as a pass: adding one to a set never raises its score
    for (const set of [[passed], [failed], [passed, failed]]) {
      expect(computeScore([...set, unknown]).overall).toBe(computeScore(set).overall);
    }
    expect(computeScore([failed, unknown]).overall).toBeLessThan(computeScore([failed, passed]).overall);
    // and the coverage says how much was decided: one of two checks
    expect(computeScore([passed, unknown])).toMatchObject({ overall: 100, coverage: 50 });
    expect(computeScore([])).toMatchObject({ overall: 100, coverage: 100 });
  });

  test('per-area scores', () => {
    const report = buildReport([
      { rule: rule('error', 'pod'), severity: 'error', findings: [finding('error')] },
      { rule: rule('error', 'rbac'), severity: 'error', findings: [] },
      { rule: rule('error', 'rbac'), severity: 'error', findings: [finding('error', { unknown: true })] },
    ]);
    expect(report.areas).toEqual([
      { area: 'pod', score: 50, checks: 1, failedChecks: 1, unknownChecks: 0 },
      { area: 'rbac', score: 100, checks: 2, failedChecks: 0, unknownChecks: 1 },
    ]);
    // lost 10 of the 20 decided: r = 0.5 -> 75; two of three checks decided
    expect({ score: report.score, coverage: report.coverage }).toEqual({ score: 75, coverage: 66 });
  });

  test('exceedsThreshold follows --fail-on', () => {
    const report = buildReport([{ rule: rule('warning'), severity: 'warning', findings: [finding('warning')] }]);
    expect([exceedsThreshold(report, 'error'), exceedsThreshold(report, 'warning'), exceedsThreshold(report, 'never')]).toEqual([false, true, false]);
  });
});

describe('score documentation |', () => {
  test('the generated formula states the weights in use', () => {
    const doc = scoreFormulaMarkdown();
    expect(doc).toContain(`error ${SEVERITY_WEIGHTS.error}, warning ${SEVERITY_WEIGHTS.warning}, info ${SEVERITY_WEIGHTS.info}`);
    expect(doc).toContain(`score = floor(${BASELINE_FAILURE_CEILING} × r)`);
    expect(doc).toContain('KH-POD-001, KH-POD-002, KH-POD-003');
  });
});
