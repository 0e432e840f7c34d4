import fc from 'fast-check';
import { runDockerfileRules } from '../../lib/audit/dockerfile/run-dockerfile-rules';
import { buildReport, runManifestRules } from '../../lib/audit/engine';
import { Finding, ObjectRef, sortFindings } from '../../lib/audit/finding';
import { FindingTable } from '../../lib/audit/finding-table';
import { auditSources, auditSourcesView } from '../../lib/audit/input/audit-sources';
import { locateField, parseManifests } from '../../lib/audit/input/parse-manifests';
import { MANIFEST_RULES } from '../../lib/audit/registry';

/**
 * Issue 15 (a 60 MB input within 1.5 GB): 60 MB of one-line Pods that break every rule gives 6.8 million findings,
 * which as objects took 2.4 GB. The CLI keeps them in a `FindingTable` (rows of numbers) and makes each finding when
 * a format reads it. What it prints must not change: every finding read back must equal the one the engine made,
 * key order included (the JSON format writes keys in the order a finding has them), and the canonical order must be
 * `sortFindings`'s, ties included.
 */

const REFS: readonly (ObjectRef | undefined)[] = [
  undefined,
  { apiVersion: 'v1', kind: 'Pod', namespace: 'a', name: 'web' },
  // two objects with the same key: they compare equal, and the order added decides
  { apiVersion: 'v1', kind: 'Pod', namespace: 'a', name: 'web' },
  { apiVersion: 'apps/v1', kind: 'Deployment', name: 'api' },
];

/** A finding in the shape the engine makes (keys in its order), or, when `odd`, in another one (kept as it is). */
const finding = fc.record({
  ruleId: fc.constantFrom('KH-POD-001', 'KH-POD-002', 'KH-IMG-001'),
  severity: fc.constantFrom('error', 'warning', 'info') as fc.Arbitrary<Finding['severity']>,
  // upper case, accents and a lone surrogate: the order is `<` on UTF-16 code units, not a locale's
  message: fc.constantFrom('b', 'a', 'a b', '', 'B', 'é', '\ud800'),
  ref: fc.nat(REFS.length - 1),
  path: fc.option(fc.constantFrom('spec', 'spec.containers[0]', '', 'Spec'), { nil: undefined }),
  acknowledged: fc.option(fc.constantFrom('legacy', 'vendor image'), { nil: undefined }),
  unknown: fc.boolean(),
  ruleError: fc.boolean(),
  location: fc.option(fc.record({
    file: fc.constantFrom('b.yaml', 'a.yaml', '', 'B.yaml'),
    line: fc.option(fc.nat(3), { nil: undefined }),
    column: fc.option(fc.nat(3), { nil: undefined }),
  }), { nil: undefined }),
  // 0: the engine's shape; 1: a Dockerfile finding's (location before path); 2: a location of another key order;
  // 3: a line that is not a whole number (kept findings are compared as they are)
  odd: fc.constantFrom(0, 0, 0, 0, 0, 1, 2, 3),
}).map((f): Finding => {
  const object = REFS[f.ref];
  const line = f.odd === 3 ? { line: [2.5, '1', -1][f.ref % 3] as number } : f.location?.line !== undefined ? { line: f.location.line } : {};
  const location = f.location && (f.odd === 2
    ? { ...line, file: f.location.file }
    : { file: f.location.file, ...line, ...(f.location.column !== undefined ? { column: f.location.column } : {}) });
  const head = { ruleId: f.ruleId as Finding['ruleId'], area: 'pod' as const, severity: f.severity, title: 'T', message: f.message, remediation: 'R' };
  const rest = {
    ...(object ? { object } : {}),
    ...(f.path !== undefined ? { path: f.path } : {}),
    ...(f.acknowledged !== undefined ? { acknowledged: { reason: f.acknowledged } } : {}),
    ...(f.unknown ? { unknown: true } : {}),
    ...(f.ruleError ? { ruleError: true } : {}),
  };
  return f.odd === 1 ? { ...head, ...(location ? { location } : {}), ...rest } : { ...head, ...rest, ...(location ? { location } : {}) };
});

function tableOf(findings: readonly Finding[]): FindingTable {
  const table = new FindingTable();
  findings.forEach((f) => table.add(f));
  return table;
}

describe('FindingTable', () => {
  test('reads back every finding as it was added, keys in the same order, object references the same objects', () => {
    fc.assert(fc.property(fc.array(finding, { maxLength: 60 }), (findings) => {
      const table = tableOf(findings);
      expect(table.length).toBe(findings.length);
      const read = [...table];
      expect(JSON.stringify(read)).toBe(JSON.stringify(findings));
      read.forEach((f, i) => expect(f.object).toBe(findings[i].object));
    }), { numRuns: 300 });
  });

  test('sorts into the order of sortFindings, findings that compare equal in the order added', () => {
    fc.assert(fc.property(fc.array(finding, { maxLength: 80 }), (findings) => {
      const table = tableOf(findings);
      table.sort();
      const expected = sortFindings([...findings]);
      const sorted = [...table];
      expect(JSON.stringify(sorted)).toBe(JSON.stringify(expected));
      // equal keys but other objects (REFS[1] and REFS[2]): the order added decides, as in a stable sort
      sorted.forEach((f, i) => expect(f.object).toBe(expected[i].object));
    }), { numRuns: 300 });
  });

  test('sorts 40,000 findings (three chunks of rows) as sortFindings does', () => {
    const findings = fc.sample(finding, { numRuns: 40_000, seed: 15 });
    const table = tableOf(findings);
    table.sort();
    expect(JSON.stringify([...table])).toBe(JSON.stringify(sortFindings([...findings])));
  });

  test('at() answers as Array.prototype.at does, negative and fractional indexes included', () => {
    const findings = fc.sample(finding, { numRuns: 5, seed: 7 });
    const table = tableOf(findings);
    for (const index of [-6, -5, -1, -0.5, 0, 0.9, 1, 4, 5, Number.NaN]) {
      expect(JSON.stringify(table.at(index))).toBe(JSON.stringify(findings.at(index)));
    }
    expect(() => findings.at(1n as unknown as number)).toThrow(TypeError);
    expect(() => table.at(1n as unknown as number)).toThrow(TypeError);
  });

  test('keeps a finding of any other shape as the very object added', () => {
    const extra = { ...fc.sample(finding, { numRuns: 1, seed: 1 })[0], note: 'added by a caller' };
    const reordered = { message: 'm', ruleId: 'KH-POD-001', area: 'pod', severity: 'error', title: 'T', remediation: 'R' } as Finding;
    const table = tableOf([extra, reordered]);
    expect(table.at(0)).toBe(extra);
    expect(table.at(1)).toBe(reordered);
  });
});

/** Pods and Deployments in two files (the second named first), some acknowledging rules, some sharing a name. */
const manifestFile = fc.array(fc.record({
  kind: fc.constantFrom('Pod', 'Deployment'),
  name: fc.constantFrom('web', 'api', 'db'),
  image: fc.constantFrom('nginx', 'registry.example.com/app:1.2@sha256:' + 'a'.repeat(64), 'busybox:latest'),
  runAsNonRoot: fc.boolean(),
  acknowledge: fc.option(fc.constantFrom('KH-POD-014', 'KH-IMG-002', 'KH-NET-001'), { nil: undefined }),
}), { maxLength: 6 }).map((objects) => objects.map((o) => {
  const pod = { containers: [{ name: 'c', image: o.image, securityContext: { runAsNonRoot: o.runAsNonRoot } }] };
  const metadata = { name: o.name, namespace: 'shop', ...(o.acknowledge ? { annotations: { [`kube-harden.io/acknowledge.${o.acknowledge}`]: 'accepted' } } : {}) };
  const spec = o.kind === 'Pod' ? pod : { selector: { matchLabels: { app: o.name } }, template: { metadata: { labels: { app: o.name } }, spec: pod } };
  return JSON.stringify({ apiVersion: o.kind === 'Pod' ? 'v1' : 'apps/v1', kind: o.kind, metadata, spec }, null, 1);
}).join('\n---\n'));

describe('the CLI audit through a FindingTable', () => {
  test('gives the findings the engine made, located and in canonical order (manifests and Dockerfiles)', () => {
    fc.assert(fc.property(manifestFile, manifestFile, fc.boolean(), (first, second, dockerfile) => {
      const manifests = [...parseManifests(first, 'z.yaml').objects, ...parseManifests(second, 'a.yaml').objects];
      const dockerfiles = dockerfile ? [{ file: 'Dockerfile', text: 'FROM node\n# kube-harden.io/acknowledge.KH-DKR-003: accepted\nRUN npm ci\n' }] : [];
      const sources = { manifests, dockerfiles };
      // the oracle: the engine's own finding objects, located, sorted with sortFindings
      const outcomes = [
        ...runManifestRules(manifests.map((m) => m.object), {}, (index, path) => locateField(manifests[index], path)),
        ...runDockerfileRules(dockerfiles, {}),
      ];
      const expected = JSON.stringify(sortFindings(outcomes.flatMap((o) => [...o.findings])));
      expect(JSON.stringify([...auditSourcesView(sources).findings])).toBe(expected);
      expect(JSON.stringify(auditSources(sources).findings)).toBe(expected);
    }), { numRuns: 60 });
  });
});

describe('reports of the public API keep the findings they are given', () => {
  test('buildReport returns the very objects, frozen ones and class instances included, in canonical order', () => {
    class Noted {
      public readonly ruleId = 'KH-POD-001' as Finding['ruleId'];
      public readonly area = 'pod' as const;
      public readonly severity = 'error' as const;
      public readonly title = 'T';
      public readonly message = 'b';
      public readonly remediation = 'R';
      public note(): string {
        return 'kept';
      }
    }
    const frozen = Object.freeze({ ...new Noted(), message: 'a' });
    const instance = new Noted();
    const report = buildReport([{ rule: MANIFEST_RULES[0], severity: 'error', findings: [instance, frozen] }]);
    expect(report.findings[0]).toBe(frozen);
    expect(report.findings[1]).toBe(instance);
    expect((report.findings[1] as Noted).note()).toBe('kept');
  });

  test('the summary counts as it is defined, whatever a JavaScript caller puts in a finding', () => {
    const base = fc.sample(finding, { numRuns: 1, seed: 3 })[0];
    const odd = (changes: Record<string, unknown>) => ({ ...base, acknowledged: undefined, unknown: undefined, ...changes }) as unknown as Finding;
    const findings = [
      odd({ severity: 'unknown' }), odd({ severity: 'acknowledged' }), odd({ severity: 'critical' }), odd({ severity: 'warning' }),
      odd({ unknown: 1 }), odd({ unknown: true }), odd({ acknowledged: null }), odd({ acknowledged: { reason: 'r' }, unknown: true }),
    ];
    const { summary } = buildReport([{ rule: MANIFEST_RULES[0], severity: 'error', findings }]);
    // counted: not acknowledged, not unknown (=== true); then by severity, one of the three
    const counted = findings.filter((f) => f.acknowledged === undefined && f.unknown !== true);
    expect(summary).toEqual({
      error: counted.filter((f) => f.severity === 'error').length,
      warning: counted.filter((f) => f.severity === 'warning').length,
      info: counted.filter((f) => f.severity === 'info').length,
      acknowledged: findings.filter((f) => f.acknowledged !== undefined).length,
      unknown: findings.filter((f) => f.unknown === true && f.acknowledged === undefined).length,
    });
  });
});
