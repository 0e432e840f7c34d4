/**
 * Audit subjects (see `measure.ts`) over one multi-document YAML file `params.file` (written by `writeAuditInput` or
 * the other writers here):
 * - `cli`: the `kube-harden audit <file> --format <params.format>` command (JSON by default) end to end, in a fresh
 *   process per round, as users run it (start, read, parse, audit, write to a pipe): the round's figures are that
 *   process's CPU time and peak RSS;
 * - `audit`: the in-memory audit of the objects js-yaml parsed beforehand.
 * The fast-parse reference is in `parse.ts`.
 */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { loadAll } from 'js-yaml';
import { stringify } from 'yaml';
import type { Subject, SubjectResult } from './measure';
import { BENCH_NAMESPACE, paymentServiceProps, secureDeploymentProps } from './workloads';
import { audit } from '../lib/audit';
import { K8sObject, buildSecureDeployment, renderPaymentService } from '../lib/core';

/** Writes `objects` objects (SecureDeployments and PaymentServices) as multi-document YAML to `file`; returns its size in bytes. */
export function writeAuditInput(file: string, objects: number): number {
  const all: K8sObject[] = [];
  for (let i = 0; all.length < objects; i++) {
    const caller = buildSecureDeployment(secureDeploymentProps(i), { namespace: BENCH_NAMESPACE });
    all.push(...caller.objects, ...renderPaymentService(paymentServiceProps(i, caller.ref), { namespace: BENCH_NAMESPACE }));
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

/** How much of the output's start `runCli` keeps (where the JSON report gives its counts). */
const HEAD_BYTES = 64 * 1024;

/**
 * Runs `kube-harden audit <file> --format <format> --fail-on never` in a fresh process (`cli-process.ts`), its
 * output read through a pipe, and returns the bytes written, the objects audited and the findings (the report summary's
 * counts of every status; JSON only, `NaN` otherwise) and the process's CPU time and peak RSS. Rejects unless the command exits 0 (a refused or unreadable input exits 2).
 */
function runCli(file: string, format: string): Promise<SubjectResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(__dirname, 'cli-process.js'), 'audit', file, '--format', format, '--fail-on', 'never'], {
      stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
    });
    let outputBytes = 0;
    let head = '';
    let stderr = '';
    let usage = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      if (outputBytes < HEAD_BYTES) head += chunk.subarray(0, HEAD_BYTES - outputBytes).toString('utf8');
      outputBytes += chunk.length;
    });
    child.stderr!.setEncoding('utf8').on('data', (text: string) => {
      if (stderr.length < HEAD_BYTES) stderr += text;
    });
    (child.stdio[3] as Readable).setEncoding('utf8').on('data', (text: string) => {
      usage += text;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) {
        reject(new Error(`kube-harden audit ${file} --format ${format} exited with ${code}: ${stderr.trim()}`));
        return;
      }
      const { cpuMs, maxRssMiB } = JSON.parse(usage) as { cpuMs: number; maxRssMiB: number };
      const count = (pattern: RegExp) => (format === 'json' ? Number(pattern.exec(head)?.[1]) : NaN);
      const objects = count(/"inputs": \{\s*"objects": (\d+)/);
      const summary = (status: string) => count(new RegExp(`"summary": \\{[^}]*"${status}": (\\d+)`));
      const findings = ['error', 'warning', 'info', 'acknowledged', 'unknown'].reduce((sum, status) => sum + summary(status), 0);
      resolve({ outputBytes, objects, findings, processCpuMs: cpuMs, processMaxRssMiB: maxRssMiB });
    });
  });
}

/** Prepares the audit subject `name` over `params.file`. */
export function prepare(name: string, params: { file?: string; format?: string }): Subject {
  const file = String(params.file);
  const format = params.format ?? 'json';
  switch (name) {
    case 'cli':
      return () => runCli(file, format);
    case 'audit': {
      const objects = loadAll(readFileSync(file, 'utf8')) as K8sObject[];
      return () => ({ findings: audit(objects).findings.length, objects: objects.length });
    }
    default:
      throw new Error(`unknown audit subject '${name}'`);
  }
}
