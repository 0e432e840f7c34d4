/**
 * Audit comparison (one process): auditing 10,000 objects against parsing the same multi-document YAML alone.
 */
import { parseAllDocuments, stringify } from 'yaml';
import { measure, report } from './measure';
import { BENCH_NAMESPACE, paymentServiceProps, secureDeploymentProps } from './workloads';
import { audit } from '../lib/audit';
import { K8sObject, buildSecureDeployment, renderPaymentService } from '../lib/core';

const OBJECTS = Number(process.env.BENCH_AUDIT_OBJECTS ?? 10000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

function objectsToAudit(): K8sObject[] {
  const objects: K8sObject[] = [];
  for (let i = 0; objects.length < OBJECTS; i++) {
    const caller = buildSecureDeployment(secureDeploymentProps(i), { namespace: BENCH_NAMESPACE });
    objects.push(...caller.objects, ...renderPaymentService(paymentServiceProps(i, caller.ref), { namespace: BENCH_NAMESPACE }));
  }
  return objects.slice(0, OBJECTS);
}

function parse(yamlText: string): unknown[] {
  return parseAllDocuments(yamlText).map((doc) => doc.toJS());
}

async function main(): Promise<void> {
  const objects = objectsToAudit();
  const yamlText = objects.map((obj) => stringify(obj)).join('---\n');
  const parsed = parse(yamlText) as K8sObject[];
  const auditTime = await measure(ROUNDS, () => audit(parsed));
  const parseTime = await measure(ROUNDS, () => parse(yamlText));
  report({
    comparison: 'audit',
    objects: parsed.length,
    rounds: ROUNDS,
    yamlMiB: Buffer.byteLength(yamlText) / (1024 * 1024),
    audit: auditTime,
    parse: parseTime,
    findings: audit(parsed).findings.length,
  });
}

void main();
