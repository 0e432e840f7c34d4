/**
 * `npm run bench`: runs each comparison in its own process (several rounds, medians), prints a table of ratios
 * against their targets and, last, one summary line. `--write-readme` records the table in README.md's
 * performance section (between the `bench:start` / `bench:end` markers).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { Measurement } from './measure';

interface SynthResult {
  objects: number;
  count: number;
  paymentObjects: number;
  ours: Measurement;
  floor: Measurement;
  core: Measurement;
  payment: Measurement;
  cdk8sPlus: Measurement;
  cdk8sPlusObjects: number;
  maxRssMiB: number;
}
interface PulumiResult { objects: number; ours: Measurement; raw: Measurement; maxRssMiB: number }
interface AuditResult { objects: number; audit: Measurement; parse: Measurement; yamlMiB: number; maxRssMiB: number }

const root = path.resolve(__dirname, '..');

function runComparison<T>(file: string): T {
  const out = execFileSync(process.execPath, ['--expose-gc', '-r', 'ts-node/register/transpile-only', path.join(__dirname, file)], {
    cwd: root,
    env: { ...process.env, TS_NODE_PROJECT: path.join(root, 'test', 'tsconfig.json') },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = out.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]) as T;
}

interface Row { metric: string; value: number; target: string; ok: boolean; detail: string }

function ratioRow(metric: string, value: number, max: number, detail: string): Row {
  return { metric, value, target: `<= ${max}`, ok: value <= max, detail };
}

const ms = (m: Measurement) => `${m.medianMs.toFixed(0)} ms`;

function main(): void {
  const synth = runComparison<SynthResult>('synth.ts');
  const pulumi = runComparison<PulumiResult>('pulumi.ts');
  const auditRun = runComparison<AuditResult>('audit.ts');

  const perObjectOurs = synth.ours.medianMs / synth.objects;
  const perObjectPlus = synth.cdk8sPlus.medianMs / synth.cdk8sPlusObjects;
  const perServiceOurs = synth.payment.medianMs / synth.count;
  const perServicePlus = synth.cdk8sPlus.medianMs / synth.count;
  const auditPerSecond = Math.round(auditRun.objects / (auditRun.audit.medianMs / 1000));
  const rows: Row[] = [
    ratioRow('synth_vs_floor', synth.ours.medianMs / synth.floor.medianMs, 1.2,
      `${synth.count} PaymentServices + ${synth.count} SecureDeployments (${synth.objects} objects): ${ms(synth.ours)} vs bare ApiObjects ${ms(synth.floor)}`),
    ratioRow('per_object_vs_cdk8s_plus', perObjectOurs / perObjectPlus, 0.6,
      `${(perObjectOurs * 1000).toFixed(0)} us/object vs cdk8s-plus-27 ${(perObjectPlus * 1000).toFixed(0)} us/object`),
    ratioRow('per_service_vs_cdk8s_plus', perServiceOurs / perServicePlus, 3.0,
      `PaymentService ${(perServiceOurs * 1000).toFixed(0)} us (${synth.paymentObjects / synth.count} objects) vs Deployment+Service ${(perServicePlus * 1000).toFixed(0)} us`),
    ratioRow('render_share', synth.core.medianMs / synth.ours.medianMs, 0.1,
      `core render alone ${ms(synth.core)} of synth ${ms(synth.ours)}`),
    ratioRow('pulumi_vs_raw', pulumi.ours.medianMs / pulumi.raw.medianMs, 1.3,
      `${pulumi.objects} objects under mocks: components ${ms(pulumi.ours)} vs raw resources ${ms(pulumi.raw)}`),
    ratioRow('audit_vs_parse', auditRun.audit.medianMs / auditRun.parse.medianMs, 1.5,
      `${auditRun.objects} objects (${auditRun.yamlMiB.toFixed(1)} MiB YAML): audit ${ms(auditRun.audit)} vs parse ${ms(auditRun.parse)}`),
  ];
  const memory = [
    `synth process peak RSS ${synth.maxRssMiB.toFixed(0)} MiB (heap growth per round: ours ${synth.ours.peakHeapMiB.toFixed(0)} MiB, floor ${synth.floor.peakHeapMiB.toFixed(0)} MiB, cdk8s-plus ${synth.cdk8sPlus.peakHeapMiB.toFixed(0)} MiB)`,
    `pulumi process peak RSS ${pulumi.maxRssMiB.toFixed(0)} MiB (heap growth per round: components ${pulumi.ours.peakHeapMiB.toFixed(0)} MiB, raw ${pulumi.raw.peakHeapMiB.toFixed(0)} MiB)`,
    `audit process peak RSS ${auditRun.maxRssMiB.toFixed(0)} MiB (heap growth per round: audit ${auditRun.audit.peakHeapMiB.toFixed(0)} MiB, parse ${auditRun.parse.peakHeapMiB.toFixed(0)} MiB)`,
  ];
  const table = [
    '| metric | value | target | met | measured |',
    '| --- | --- | --- | --- | --- |',
    ...rows.map((r) => `| ${r.metric} | ${r.value.toFixed(2)} | ${r.target} | ${r.ok ? 'yes' : 'no'} | ${r.detail} |`),
    `| audit_objects_per_s | ${auditPerSecond} | | | objects audited per second |`,
  ].join('\n');
  const summary = `bench synth_vs_floor=${rows[0].value.toFixed(2)} per_object_vs_cdk8s_plus=${rows[1].value.toFixed(2)} `
    + `per_service_vs_cdk8s_plus=${rows[2].value.toFixed(2)} pulumi_vs_raw=${rows[4].value.toFixed(2)} `
    + `audit_vs_parse=${rows[5].value.toFixed(2)} audit_objects_per_s=${auditPerSecond}`;

  console.log(table);
  console.log('');
  memory.forEach((line) => console.log(line));
  if (process.argv.includes('--write-readme')) {
    writeReadme(table, memory);
  }
  console.log(summary);
}

function writeReadme(table: string, memory: readonly string[]): void {
  const readmePath = path.join(root, 'README.md');
  const readme = readFileSync(readmePath, 'utf8');
  const start = '<!-- bench:start -->';
  const end = '<!-- bench:end -->';
  const from = readme.indexOf(start);
  const to = readme.indexOf(end);
  if (from === -1 || to === -1) {
    throw new Error(`README.md has no ${start} ... ${end} section`);
  }
  const section = [
    start,
    `Measured by \`npm run bench -- --write-readme\` on ${process.platform}/${process.arch}, Node ${process.version}, medians of several rounds; each comparison runs in its own process.`,
    '',
    table,
    '',
    ...memory.map((line) => `- ${line}`),
    end,
  ].join('\n');
  writeFileSync(readmePath, readme.slice(0, from) + section + readme.slice(to + end.length));
}

main();
