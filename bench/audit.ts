/**
 * Audit subjects (see `measure.ts`) over one multi-document YAML file of `params.objects` objects (written by
 * `writeAuditInput`):
 * - `cli`: the `kube-harden audit <file> --format <params.format>` command (JSON by default) end to end, in process
 *   (read, parse, audit, format);
 * - `parse`: js-yaml parsing the same file (read + `loadAll`), the fast-parse reference;
 * - `audit`: the in-memory audit of the parsed objects.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { loadAll } from 'js-yaml';
import { stringify } from 'yaml';
import { Subject } from './measure';
import { BENCH_NAMESPACE, paymentServiceProps, secureDeploymentProps } from './workloads';
import { audit } from '../lib/audit';
import { run } from '../lib/cli/main';
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

function parse(file: string): K8sObject[] {
  return loadAll(readFileSync(file, 'utf8')) as K8sObject[];
}

/** Prepares the audit subject `name` over `params.file`. */
export function prepare(name: string, params: { file?: string; format?: string }): Subject {
  const file = String(params.file);
  const format = params.format ?? 'json';
  switch (name) {
    case 'cli':
      return async () => {
        let bytes = 0;
        const code = await run(['audit', file, '--format', format, '--fail-on', 'never'], {
          cwd: process.cwd(),
          stdout: (text) => { bytes += text.length; },
          stderr: () => undefined,
          readStdin: async () => '',
        });
        return { exitCode: code, outputChars: bytes };
      };
    case 'parse':
      return () => ({ objects: parse(file).length });
    case 'audit': {
      const objects = parse(file);
      return () => ({ findings: audit(objects).findings.length, objects: objects.length });
    }
    default:
      throw new Error(`unknown audit subject '${name}'`);
  }
}
