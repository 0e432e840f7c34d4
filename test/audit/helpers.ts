import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { AuditReport, Finding } from '../../lib/audit';
import { K8sObject } from '../../lib/core';

/** Root of the per-rule fixtures: `test/audit/rules/<RULE-ID>/{pass,fail,unknown}*.yaml`. */
export const FIXTURES_DIR = path.join(__dirname, 'rules');

/** Reads every document of a YAML fixture. */
export function loadYaml(file: string): K8sObject[] {
  return parseAllDocuments(fs.readFileSync(file, 'utf8'))
    .map((doc) => doc.toJS() as K8sObject)
    .filter((obj) => obj !== null && obj !== undefined);
}

/** Findings of `report` for rule `id`. */
export function findingsOf(report: AuditReport, id: string): Finding[] {
  return report.findings.filter((f) => f.ruleId === id);
}

/** Finds the object of `kind` named `name` (never by index). */
export function objectNamed(objects: readonly K8sObject[], kind: string, name: string): K8sObject {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
  if (!found) {
    throw new Error(`no ${kind} named ${name}`);
  }
  return found;
}

/**
 * A Kyverno ClusterPolicy named `verify` that enforces image signatures (`verifyImages` of every image) on the Pods of
 * each namespace whose label `key` is not among `values` (a `NotIn` namespaceSelector).
 */
export function kyvernoVerifyingPodsOutside(key: string, values: readonly string[]): K8sObject {
  return {
    apiVersion: 'kyverno.io/v1',
    kind: 'ClusterPolicy',
    metadata: { name: 'verify' },
    spec: {
      validationFailureAction: 'Enforce',
      rules: [{
        name: 'verify',
        match: { any: [{ resources: { kinds: ['Pod'], namespaceSelector: { matchExpressions: [{ key, operator: 'NotIn', values: [...values] }] } } }] },
        verifyImages: [{ imageReferences: ['*'] }],
      }],
    },
  };
}
