/**
 * Audit subjects (see `measure.ts`) over one multi-document YAML file `params.file` (written by `writeAuditInput` or
 * the other writers here):
 * - `cli`: the `kube-harden audit <file> --format <params.format>` command (JSON by default) end to end, `bin/kube-harden`
 *   in a fresh process per round, as users run it (start, read, parse, audit, write to a pipe): the round's figures
 *   are that process's CPU time and peak RSS;
 * - `audit`: the in-memory audit of the objects js-yaml parsed beforehand;
 * - `report`: `kube-harden report <file> --format <params.format>` (Markdown by default) in a fresh process per round;
 * - `reach`: `kube-harden reach <file> --format <params.format>` (table by default) in a fresh process per round; an
 *   input that allows more than the default 5,000,000 flows lists none and exits 2 with the exposure (`limited: 1`).
 * The fast-parse references are in `parse.ts`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { loadAll } from 'js-yaml';
import { stringify } from 'yaml';
import { runFreshProcess } from './fresh-process';
import type { Subject, SubjectResult } from './measure';
import { serviceObjects } from './objects';
import { audit } from '../lib/audit';
import type { K8sObject } from '../lib/core';

/** Writes `objects` objects (SecureDeployments and PaymentServices) as multi-document YAML to `file`; returns its size in bytes. */
export function writeAuditInput(file: string, objects: number): number {
  const all: K8sObject[] = [];
  for (let i = 0; all.length < objects; i++) {
    all.push(...serviceObjects(i));
  }
  const yaml = all.slice(0, objects).map((obj) => stringify(obj)).join('---\n');
  writeFileSync(file, yaml);
  return Buffer.byteLength(yaml);
}

/**
 * `objects` objects of a findings-heavy input, each a YAML document: plain Deployments (no security context, no
 * resources, no policy) each with its Service, about 16 findings per Deployment.
 */
function plainDocuments(objects: number): string[] {
  const documents: string[] = [];
  for (let i = 0; documents.length < objects; i++) {
    const namespace = `team-${i % 50}`;
    documents.push(stringify({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: `web-${i}`, namespace, labels: { app: `web-${i}` } },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: `web-${i}` } },
        template: {
          metadata: { labels: { app: `web-${i}` } },
          spec: { containers: [{ name: 'web', image: 'nginx:1.25', ports: [{ containerPort: 80 }], env: [{ name: 'MODE', value: 'prod' }] }] },
        },
      },
    }), stringify({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: `web-${i}`, namespace },
      spec: { selector: { app: `web-${i}` }, ports: [{ port: 80, targetPort: 80 }] },
    }));
  }
  return documents.slice(0, objects);
}

/** Writes the plain input (`plainDocuments`) to `file`, one document per object. Returns its size in bytes. */
export function writePlainAuditInput(file: string, objects: number): number {
  const yaml = plainDocuments(objects).join('---\n');
  writeFileSync(file, yaml);
  return Buffer.byteLength(yaml);
}

/**
 * Writes the plain input (`plainDocuments`) to `file` as the items of one `List` document, the shape of
 * `kubectl get -A -o yaml`. Returns its size in bytes.
 */
export function writePlainListAuditInput(file: string, objects: number): number {
  const items = plainDocuments(objects).map((document) => `- ${document.replace(/\n(?=.)/g, '\n  ')}`);
  const yaml = `apiVersion: v1\nkind: List\nitems:\n${items.join('')}`;
  writeFileSync(file, yaml);
  return Buffer.byteLength(yaml);
}

/**
 * Writes `objects` Pods that break nearly every rule (one container, an image without a tag, nothing else) to `file`,
 * each a one-line JSON document: about 15 findings in 140 bytes, as many findings as a 60 MB file can hold (6.8
 * million). Returns its size in bytes.
 */
export function writeDenseAuditInput(file: string, objects: number): number {
  const documents: string[] = [];
  for (let i = 0; i < objects; i++) {
    const metadata = { name: `p${i}`, namespace: `ns${i % 50}` };
    documents.push(JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata, spec: { containers: [{ name: 'c', image: 'nginx' }] } }));
  }
  const text = `${documents.join('\n---\n')}\n`;
  writeFileSync(file, text);
  return Buffer.byteLength(text);
}

/**
 * Runs `<bin> audit <file> --format <format> --fail-on never` (`bin/kube-harden`) in a fresh process, as users run it (see
 * `runFreshProcess`; a refused or unreadable input exits 2 and rejects), and returns the bytes written, the objects
 * audited and the findings (the report summary's counts of every status; JSON only, `NaN` otherwise) and the
 * process's CPU time and peak RSS.
 */
async function runCli(bin: string, file: string, format: string): Promise<SubjectResult> {
  const { head, outputBytes, processCpuMs, processMaxRssMiB } = await runFreshProcess([bin, 'audit', file, '--format', format, '--fail-on', 'never']);
  const count = (pattern: RegExp) => (format === 'json' ? Number(pattern.exec(head)?.[1]) : NaN);
  const objects = count(/"inputs": \{\s*"objects": (\d+)/);
  const summary = (status: string) => count(new RegExp(`"summary": \\{[^}]*"${status}": (\\d+)`));
  const findings = ['error', 'warning', 'info', 'acknowledged', 'unknown'].reduce((sum, status) => sum + summary(status), 0);
  return { outputBytes, objects, findings, processCpuMs, processMaxRssMiB };
}

/**
 * Runs `<bin> report <file> --format <format>` in a fresh process and returns the bytes written and the process's CPU
 * time and peak RSS; rejects unless it exits 0 with the start of a report (Markdown: its heading; JSON: its standard).
 */
async function runReport(bin: string, file: string, format: string): Promise<SubjectResult> {
  const { head, outputBytes, processCpuMs, processMaxRssMiB } = await runFreshProcess([bin, 'report', file, '--format', format]);
  const start = { json: /^\{\s*"standard": /, html: /^<!DOCTYPE html>/, markdown: /^# Compliance report/ }[format];
  if (start === undefined) throw new Error(`unknown report format '${format}'`);
  if (!start.test(head)) throw new Error(`report wrote no ${format} report: ${head.slice(0, 200)}`);
  return { outputBytes, processCpuMs, processMaxRssMiB };
}

/**
 * Runs `<bin> reach <file> --format <format>` in a fresh process: exit 0 with the flows, or exit 2 with the exposure
 * when the input allows more flows than the default limit (`limited: 1`); anything else rejects.
 */
async function runReach(bin: string, file: string, format: string): Promise<SubjectResult> {
  const { exitCode, stderr, outputBytes, processCpuMs, processMaxRssMiB } = await runFreshProcess([bin, 'reach', file, '--format', format], [0, 2]);
  if (exitCode === 2 && !/Exposure: \d+\/\d+ workload pairs reachable/.test(stderr)) {
    throw new Error(`reach exited 2 without the exposure: ${stderr.slice(0, 300)}`);
  }
  return { outputBytes, processCpuMs, processMaxRssMiB, limited: exitCode === 2 ? 1 : 0 };
}

/** Prepares the audit subject `name` over `params.file`. */
export function prepare(name: string, params: { file?: string; format?: string; bin?: string }): Subject {
  const file = String(params.file);
  const format = params.format ?? 'json';
  switch (name) {
    case 'cli':
      return () => runCli(String(params.bin), file, format);
    case 'report':
      return () => runReport(String(params.bin), file, params.format ?? 'markdown');
    case 'reach':
      return () => runReach(String(params.bin), file, params.format ?? 'table');
    case 'audit': {
      const objects = loadAll(readFileSync(file, 'utf8')) as K8sObject[];
      return () => ({ findings: audit(objects).findings.length, objects: objects.length });
    }
    default:
      throw new Error(`unknown audit subject '${name}'`);
  }
}
