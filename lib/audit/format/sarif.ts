import * as path from 'path';
import { pathToFileURL } from 'url';
import { describeObject, Finding } from '../finding';
import { RuleMetadata, Severity } from '../rule';
import { AuditRun, INFORMATION_URI } from './audit-run';

/** The SARIF 2.1.0 schema URI. */
export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

const LEVELS: Readonly<Record<Severity, string>> = { error: 'error', warning: 'warning', info: 'note' };
/** GitHub code scanning ranks security results by this 0-10 score (as a string). */
const SECURITY_SEVERITY: Readonly<Record<Severity, string>> = { error: '8.0', warning: '5.0', info: '2.0' };

/** `Base image is pinned (no latest, ...)` -> `BaseImageIsPinnedNoLatest...`: a SARIF rule name. */
function ruleName(title: string): string {
  return title.split(/[^A-Za-z0-9]+/).filter(Boolean).map((w) => w[0].toUpperCase() + w.slice(1)).join('');
}

function controlsText(rule: RuleMetadata): string {
  const c = rule.controls;
  const parts = [
    c.pss ? `PSS ${c.pss}` : undefined,
    c.cis?.length ? `CIS Kubernetes ${c.cis.join(', ')}` : undefined,
    c.nsa?.length ? `NSA/CISA ${c.nsa.join('; ')}` : undefined,
    c.mlps?.length ? `MLPS 2.0 ${c.mlps.join(', ')}` : undefined,
  ].filter((p): p is string => p !== undefined);
  return parts.length > 0 ? parts.join('. ') : 'none';
}

function sarifRule(rule: RuleMetadata): object {
  return {
    id: rule.id,
    name: ruleName(rule.title),
    shortDescription: { text: rule.title },
    fullDescription: { text: `${rule.title} (security guide section ${rule.guideSection}; controls: ${controlsText(rule)}).` },
    help: { text: rule.remediation, markdown: `**Remediation:** ${rule.remediation}` },
    defaultConfiguration: { level: LEVELS[rule.severity] },
    properties: {
      'tags': ['security', `kube-harden/${rule.area}`],
      'security-severity': SECURITY_SEVERITY[rule.severity],
    },
  };
}

/** The base id of paths relative to the working directory (the source root, as GitHub code scanning expects). */
export const SRCROOT = '%SRCROOT%';

/** The file URI of a directory, ending with `/` (SARIF requires it of a base URI). */
function directoryUri(dir: string): string {
  const uri = pathToFileURL(dir).href;
  return uri.endsWith('/') ? uri : `${uri}/`;
}

/**
 * The artifact location of a displayed path (relative to `cwd`): under the working directory a relative URI on
 * `%SRCROOT%`; outside it an absolute file URI; `<stdin>` becomes `stdin`.
 */
function artifactLocation(file: string, cwd: string): object {
  if (file === '<stdin>') {
    return { uri: 'stdin' };
  }
  if (file === '..' || file.startsWith('../') || path.isAbsolute(file)) {
    return { uri: pathToFileURL(path.resolve(cwd, file)).href };
  }
  return { uri: file.split('/').map(encodeURIComponent).join('/'), uriBaseId: SRCROOT };
}

function physicalLocation(location: { readonly file: string; readonly line?: number }, cwd: string): object {
  return {
    physicalLocation: {
      artifactLocation: artifactLocation(location.file, cwd),
      region: { startLine: Math.max(1, location.line ?? 1) },
    },
  };
}

function result(finding: Finding, ruleIndex: number | undefined, cwd: string): object {
  const text = `${finding.object ? `${describeObject(finding.object)}: ` : ''}${finding.unknown ? 'unknown: ' : ''}${finding.message}`;
  return {
    ruleId: finding.ruleId,
    ...(ruleIndex !== undefined ? { ruleIndex } : {}),
    level: finding.unknown ? 'note' : LEVELS[finding.severity],
    message: { text },
    ...(finding.location ? { locations: [physicalLocation(finding.location, cwd)] } : {}),
    ...(finding.acknowledged
      ? { suppressions: [{ kind: 'inSource', status: 'accepted', justification: finding.acknowledged.reason }] }
      : {}),
    ...(finding.unknown || finding.ruleError ? { properties: { unknown: finding.unknown === true, ruleError: finding.ruleError === true } } : {}),
  };
}

/**
 * The audit as a SARIF 2.1.0 log that GitHub code scanning accepts: rule metadata with
 * `security-severity`, results with file and line, acknowledged findings as in-source suppressions, and
 * unreadable inputs as tool execution notifications. Paths under the working directory are relative to
 * `%SRCROOT%`, which `originalUriBaseIds` maps to the working directory's file URI.
 */
export function formatSarif(run: AuditRun): string {
  const cwd = run.cwd ?? process.cwd();
  const rules = run.report.rules;
  const index = new Map(rules.map((rule, i) => [rule.id, i]));
  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'kube-harden',
          informationUri: INFORMATION_URI,
          version: run.version,
          semanticVersion: run.version,
          rules: rules.map(sarifRule),
        },
      },
      invocations: [{
        executionSuccessful: run.problems.length === 0,
        toolExecutionNotifications: run.problems.map((problem) => ({
          level: 'error',
          message: { text: problem.message },
          locations: [physicalLocation(problem, cwd)],
        })),
      }],
      originalUriBaseIds: { [SRCROOT]: { uri: directoryUri(cwd) } },
      results: run.report.findings.map((finding) => result(finding, index.get(finding.ruleId), cwd)),
    }],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
