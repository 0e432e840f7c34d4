import * as fs from 'fs';
import * as path from 'path';
import { failsPssBaseline, polarisResults, polarisScore, spearman } from './corpus/polaris-judge';
import { loadYaml } from './helpers';
import { audit, AuditReport, BASELINE_FAILURE_CEILING, isCounted } from '../../lib/audit';
import { K8sObject } from '../../lib/core';

/**
 * Score calibration on the corpus in `test/audit/corpus/`: eleven manifest sets written for this test in the style of
 * public charts (none copied from a public project). The independent judge is `./corpus/polaris-judge.ts` (Polaris'
 * default checks and severities, FairwindsOps/polaris pkg/config/default.yaml and checks/*.yaml, and its score,
 * pkg/validator/summary.go), plus an independent reading of the PSS baseline controls.
 */
const CORPUS = path.join(__dirname, 'corpus');

interface Judged {
  readonly set: string;
  readonly objects: K8sObject[];
  readonly report: AuditReport;
  readonly polaris: number;
  readonly failsBaseline: boolean;
}

const sets: Judged[] = fs.readdirSync(CORPUS).filter((d) => fs.statSync(path.join(CORPUS, d)).isDirectory()).sort().map((set) => {
  const objects = fs.readdirSync(path.join(CORPUS, set)).filter((f) => f.endsWith('.yaml')).sort().flatMap((f) => loadYaml(path.join(CORPUS, set, f)));
  return { set, objects, report: audit(objects), polaris: polarisScore(polarisResults(objects)), failsBaseline: failsPssBaseline(objects) };
});

const named = (set: string): Judged => sets.find((s) => s.set === set)!;
const table = (): string => sets.map((s) => `${s.set}: kube-harden ${s.report.score} (coverage ${s.report.coverage}%), polaris ${s.polaris}`).join('\n');

describe('score calibration on the corpus |', () => {
  test('the corpus has about ten sets, on both sides of PSS baseline', () => {
    expect(sets.length).toBeGreaterThanOrEqual(10);
    expect(sets.filter((s) => s.failsBaseline).length).toBeGreaterThanOrEqual(3);
    expect(sets.filter((s) => !s.failsBaseline).length).toBeGreaterThanOrEqual(5);
  });

  test('the engine finds the same PSS baseline failures as the independent reading', () => {
    expect(sets.map((s) => [s.set, s.report.failsBaseline])).toEqual(sets.map((s) => [s.set, s.failsBaseline]));
  });

  test('every set that fails PSS baseline scores below every set that passes it', () => {
    const failing = sets.filter((s) => s.failsBaseline).map((s) => s.report.score);
    const passing = sets.filter((s) => !s.failsBaseline).map((s) => s.report.score);
    expect(Math.max(...failing)).toBeLessThanOrEqual(BASELINE_FAILURE_CEILING);
    // (the scores are part of the compared value so that a failure shows them)
    expect({ ordered: Math.max(...failing) < Math.min(...passing), scores: table() }).toEqual({ ordered: true, scores: table() });
  });

  test('the scores rank the sets like the Polaris-style judge: Spearman ≥ 0.9', () => {
    const rho = spearman(sets.map((s) => s.report.score), sets.map((s) => s.polaris));
    // the scores, for the failure message
    expect({ rho: rho >= 0.9, scores: table() }).toEqual({ rho: true, scores: table() });
  });

  test('issue 13 acceptance: privileged host access scores below a set that only lacks a restricted securityContext', () => {
    // the CNI agent (privileged, hostNetwork, hostPID, 11 hostPath volumes) against the plain web app (nothing
    // privileged, no securityContext at all)
    expect(named('cni-agent').report.score).toBeLessThan(named('plain-webapp').report.score);
    // and within the failing band, more host access weighs more: the CNI agent below the log shipper (hostPath only)
    expect(named('cni-agent').report.score).toBeLessThan(named('log-shipper').report.score);
  });

  test('issue 13 acceptance: each pod selected only by ingress-only policies gets an egress finding', () => {
    // GIVEN the GitOps controller: seven workloads, each selected only by a `policyTypes: [Ingress]` NetworkPolicy
    const { objects, report } = named('gitops-controller');
    const workloads = objects.filter((o) => ['Deployment', 'StatefulSet'].includes(o.kind)).map((o) => o.metadata.name).sort();
    expect(workloads).toHaveLength(7);
    // THEN each has a counted KH-NET-001 finding for egress, and none for ingress
    const net = report.findings.filter((f) => f.ruleId === 'KH-NET-001' && isCounted(f));
    expect(net.filter((f) => f.message.startsWith('egress is open')).map((f) => f.object?.name).sort()).toEqual(workloads);
    expect(net.filter((f) => f.message.startsWith('ingress is open'))).toEqual([]);
  });

  test('a demo app with no policies and no budgets does not get a top score: what the input shows is judged', () => {
    const demo = named('bookstore-demo').report;
    expect(demo.findings.filter((f) => f.ruleId === 'KH-WKL-004' && isCounted(f))).toHaveLength(6);
    expect(demo.coverage).toBe(100);
    expect(demo.score).toBeLessThan(named('hardened-api').report.score);
    expect(demo.score).toBeLessThan(named('gitops-controller').report.score);
  });
});
