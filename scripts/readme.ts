/**
 * The generated sections of README.md (the YAML the example payment platform emits, abridged; its audit and MLPS
 * scores; its lateral-movement exposure), of docs/compliance-report.md (every standard's score) and of
 * docs/network-semantics.md (`kube-harden reach` of the example), measured against the same platform written with
 * plain cdk8s-plus-27. `npx projen docgen` rewrites them (`ts-node scripts/readme.ts`); `test/docs/readme.test.ts`
 * fails when either file is stale.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { App } from 'cdk8s';
import { stringify } from 'yaml';
import { buildPaymentPlatform } from '../examples/cdk8s-payment-platform/main';
import { buildBaselinePlatform } from '../examples/cdk8s-plus-baseline/main';
import { audit, complianceReport, STANDARD_IDS } from '../lib/audit';
import { compareExposure, computeReach, Exposure, formatReachTable } from '../lib/audit/reach';
import { K8sObject } from '../lib/core';

const README = path.join(__dirname, '..', 'README.md');

function synthesize(build: (app: App) => unknown): K8sObject[] {
  const app = new App({ outdir: path.join(tmpdir(), 'kube-harden-readme') });
  build(app);
  return app.charts.flatMap((chart) => chart.toJson() as K8sObject[]);
}

function find(objects: readonly K8sObject[], kind: string, name: string): any {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
  if (!found) throw new Error(`the example has no ${kind} '${name}'`);
  return found;
}

/** The payment-service Deployment with its security-relevant fields only, and the count of every kind emitted. */
function exampleYaml(objects: readonly K8sObject[]): string {
  const deployment = find(objects, 'Deployment', 'payment-service');
  const pod = deployment.spec.template.spec;
  const container = pod.containers[0];
  const abridged = {
    apiVersion: deployment.apiVersion,
    kind: deployment.kind,
    metadata: { name: deployment.metadata.name, namespace: deployment.metadata.namespace },
    spec: {
      replicas: deployment.spec.replicas,
      template: {
        spec: {
          automountServiceAccountToken: pod.automountServiceAccountToken,
          serviceAccountName: pod.serviceAccountName,
          runtimeClassName: pod.runtimeClassName,
          priorityClassName: pod.priorityClassName,
          securityContext: pod.securityContext,
          containers: [{
            name: container.name,
            image: container.image,
            imagePullPolicy: container.imagePullPolicy,
            securityContext: container.securityContext,
            resources: container.resources,
          }],
        },
      },
    },
  };
  const counts = new Map<string, number>();
  for (const obj of objects) counts.set(obj.kind, (counts.get(obj.kind) ?? 0) + 1);
  const summary = [...counts].map(([kind, n]) => `${kind} ${n}`).join(', ');
  return [
    '```yaml',
    `# ${objects.length} objects: ${summary}`,
    '# The payment-service Deployment, abridged to its hardening:',
    stringify(abridged).trimEnd(),
    '```',
  ].join('\n');
}

/** Audit and MLPS 2.0 level 3 scores, before (plain cdk8s-plus-27) and after (kube-harden). */
function scores(hardened: readonly K8sObject[], baseline: readonly K8sObject[]): string {
  const before = audit(baseline);
  const after = audit(hardened);
  const counted = (r: typeof before, severity: string) => r.findings.filter((f) => f.severity === severity && !f.acknowledged && !f.unknown).length;
  const mlps = complianceReport(hardened, { standard: 'mlps2-l3', baseline });
  const row = (label: string, b: string | number, a: string | number) => `| ${label} | ${b} | ${a} |`;
  return [
    '| | plain cdk8s-plus-27 (`examples/cdk8s-plus-baseline`) | kube-harden (`examples/cdk8s-payment-platform`) |',
    '| --- | --- | --- |',
    row('objects', baseline.length, hardened.length),
    row('audit score (0-100), coverage', `${before.score} (coverage ${before.coverage} %)`, `${after.score} (coverage ${after.coverage} %)`),
    row('audit errors / warnings', `${counted(before, 'error')} / ${counted(before, 'warning')}`, `${counted(after, 'error')} / ${counted(after, 'warning')}`),
    row('MLPS 2.0 level 3 controls satisfied', `${mlps.baseline!.satisfied} of ${mlps.baseline!.scored} (${mlps.baseline!.score} %)`,
      `${mlps.current.satisfied} of ${mlps.current.scored} (${mlps.current.score} %)`),
  ].join('\n');
}

/** Every standard's score, before (plain cdk8s-plus-27) and after (kube-harden). */
function standardsTable(hardened: readonly K8sObject[], baseline: readonly K8sObject[]): string {
  const rows = STANDARD_IDS.map((standard) => {
    const report = complianceReport(hardened, { standard, baseline });
    const before = report.baseline!;
    const after = report.current;
    const manual = report.controls.filter((c) => c.status === 'manual').length;
    return `| ${report.title} (${after.scored} scored controls${manual > 0 ? `, ${manual} manual` : ''}) `
      + `| ${before.score} % (${before.satisfied}/${before.scored}) | ${after.score} % (${after.satisfied}/${after.scored}) `
      + `| +${after.score - before.score} points |`;
  });
  return ['| standard | baseline | hardened | change |', '| --- | --- | --- | --- |', ...rows].join('\n');
}

/** Lateral-movement exposure (`kube-harden reach`), before (plain cdk8s-plus-27) and after (kube-harden), per policy engine. */
function exposureTable(hardened: readonly K8sObject[], baseline: readonly K8sObject[]): string {
  const pct = (share: number) => `${(share * 100).toFixed(1)} %`;
  const cell = (e: Exposure) => `${e.reachablePairs} of ${e.pairs} pairs (${pct(e.pairShare)}), ${e.reachablePortPairs} of ${e.portPairs} pair-ports (${pct(e.portShare)})`;
  const rows = (['cilium', 'kubernetes'] as const).map((cni) => {
    const change = compareExposure(computeReach(baseline, { cni }), computeReach(hardened, { cni }));
    return `| \`--cni ${cni}\` | ${cell(change.before)} | ${cell(change.after)} | -${pct(change.pairReduction)} pairs, -${pct(change.portReduction)} pair-ports |`;
  });
  return [
    '| policy engine | plain cdk8s-plus-27 (`examples/cdk8s-plus-baseline`) | kube-harden (`examples/cdk8s-payment-platform`) | change |',
    '| --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}

/** `kube-harden reach` of the example, as a table, under each policy engine. */
function reachExample(hardened: readonly K8sObject[], baseline: readonly K8sObject[]): string {
  return (['cilium', 'kubernetes'] as const).map((cni) => {
    const result = computeReach(hardened, { cni });
    const change = compareExposure(computeReach(baseline, { cni }), result);
    return [
      `\`kube-harden reach examples/cdk8s-payment-platform/dist --baseline examples/cdk8s-plus-baseline/dist --cni ${cni}\`:`,
      '',
      '```text',
      formatReachTable({ result, change }).trimEnd(),
      '```',
    ].join('\n');
  }).join('\n\n');
}

/** The supported versions table, from package.json: engines, peer ranges and the tool versions CI runs. */
function supportedVersions(pkg: {
  readonly engines: Record<string, string>;
  readonly peerDependencies: Record<string, string>;
  readonly devDependencies: Record<string, string>;
}): string {
  const rows: [string, string, string][] = [
    ['Node.js', pkg.engines.node, 'CI runs 24 (everything) and 22 (adapters, CLI, the packed package, the floor versions)'],
    ...Object.entries(pkg.peerDependencies).map(([name, range]): [string, string, string] => [
      `\`${name}\``, range, `optional peer; CI runs ${pkg.devDependencies[name]} and the floor ${range.replace(/^\^/, '')}`,
    ]),
    ['TypeScript', pkg.devDependencies.typescript, 'the version CI compiles with; consumers type-check under node10 (cdk8s template), node16, nodenext and bundler resolution; TypeScript 7 (native) is not supported: ts-node, which `cdk8s synth` uses, does not run on it'],
    ['jest / ts-jest', `${pkg.devDependencies.jest} / ${pkg.devDependencies['ts-jest']}`, 'what our tests run on; `kube-harden/pulumi/testing` needs no test framework'],
  ];
  return ['| | supported | notes |', '| --- | --- | --- |', ...rows.map((row) => `| ${row.join(' | ')} |`)].join('\n');
}

/** Rewrites the `<!-- generated:NAME:start -->` ... `end` sections of `text` with `sections`. */
function rewriteSections(text: string, sections: Readonly<Record<string, string>>, file: string): string {
  let out = text;
  for (const [name, body] of Object.entries(sections)) {
    const start = `<!-- generated:${name}:start -->`;
    const end = `<!-- generated:${name}:end -->`;
    const from = out.indexOf(start);
    const to = out.indexOf(end);
    if (from === -1 || to < from) throw new Error(`${file} has no ${start} ... ${end} section`);
    out = `${out.slice(0, from + start.length)}\n${body}\n${out.slice(to)}`;
  }
  return out;
}

/** The texts of the files with generated sections. */
export interface GeneratedDocs {
  /** README.md. */
  readonly readme: string;
  /** docs/compliance-report.md. */
  readonly complianceReport: string;
  /** docs/network-semantics.md. */
  readonly networkSemantics: string;
}

/** The generated files: README.md, docs/compliance-report.md and docs/network-semantics.md, with every generated section rewritten from `texts`. */
export function renderGeneratedDocs(texts: GeneratedDocs): GeneratedDocs {
  const hardened = synthesize(buildPaymentPlatform);
  const baseline = synthesize(buildBaselinePlatform);
  return {
    readme: rewriteSections(texts.readme, {
      'example-yaml': exampleYaml(hardened),
      'scores': scores(hardened, baseline),
      'exposure': exposureTable(hardened, baseline),
      'versions': supportedVersions(JSON.parse(readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8'))),
    }, 'README.md'),
    complianceReport: rewriteSections(texts.complianceReport, { standards: standardsTable(hardened, baseline) }, 'docs/compliance-report.md'),
    networkSemantics: rewriteSections(texts.networkSemantics, { 'reach-example': reachExample(hardened, baseline) }, 'docs/network-semantics.md'),
  };
}

/** Where the generated files live. */
export const GENERATED_FILES = {
  readme: README,
  complianceReport: path.join(__dirname, '..', 'docs', 'compliance-report.md'),
  networkSemantics: path.join(__dirname, '..', 'docs', 'network-semantics.md'),
} as const;

if (require.main === module) {
  const warn = console.warn;
  console.warn = () => undefined;
  const next = renderGeneratedDocs({
    readme: readFileSync(GENERATED_FILES.readme, 'utf8'),
    complianceReport: readFileSync(GENERATED_FILES.complianceReport, 'utf8'),
    networkSemantics: readFileSync(GENERATED_FILES.networkSemantics, 'utf8'),
  });
  console.warn = warn;
  writeFileSync(GENERATED_FILES.readme, next.readme);
  writeFileSync(GENERATED_FILES.complianceReport, next.complianceReport);
  writeFileSync(GENERATED_FILES.networkSemantics, next.networkSemantics);
}
