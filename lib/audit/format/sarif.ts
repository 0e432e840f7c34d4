import { createHash } from 'crypto';
import * as path from 'path';
import { pathToFileURL } from 'url';
import type * as sarif from 'sarif';
import { describeObject, Finding } from '../finding';
import { FindingList } from '../finding-table';
import { RuleMetadata, Severity } from '../rule';
import { AuditRun, INFORMATION_URI } from './audit-run';
import { jsonChunks, StreamedArray } from './json-stream';
import { OccurrenceCounter } from './occurrences';

/** The SARIF 2.1.0 schema URI. */
export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

const LEVELS: Readonly<Record<Severity, sarif.Result.level>> = { error: 'error', warning: 'warning', info: 'note' };
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

/**
 * Where a rule is documented: its section of the RULES.md shipped in the npm package of this `version` (the same
 * rules that ran), e.g. `.../kube-harden@1.2.0/RULES.md#kh-pod-003`.
 */
export function ruleHelpUri(ruleId: string, version: string): string {
  return `https://unpkg.com/kube-harden@${encodeURIComponent(version)}/RULES.md#${ruleId.toLowerCase()}`;
}

function sarifRule(rule: RuleMetadata, version: string): sarif.ReportingDescriptor {
  return {
    id: rule.id,
    name: ruleName(rule.title),
    helpUri: ruleHelpUri(rule.id, version),
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
function artifactLocation(file: string, cwd: string): sarif.ArtifactLocation {
  if (file === '<stdin>') {
    return { uri: 'stdin' };
  }
  if (file === '..' || file.startsWith('../') || path.isAbsolute(file)) {
    return { uri: pathToFileURL(path.resolve(cwd, file)).href };
  }
  return { uri: file.split('/').map(encodeURIComponent).join('/'), uriBaseId: SRCROOT };
}

function physicalLocation(location: { readonly file: string; readonly line?: number; readonly column?: number }, cwd: string): sarif.Location {
  const region: sarif.Region = { startLine: Math.max(1, location.line ?? 1) };
  return {
    physicalLocation: {
      artifactLocation: artifactLocation(location.file, cwd),
      region: location.column === undefined ? region : { ...region, startColumn: Math.max(1, location.column) },
    },
  };
}

/** The key of `partialFingerprints`: our own, versioned, so a change of recipe is a new key. */
export const FINGERPRINT_KEY = 'kubeHardenFinding/v1';

/**
 * What identifies a finding across commits, without its line: rule, file, object and field (its message when it
 * names no field or object). Two findings with the same identity are told apart by their order.
 */
function findingIdentity(finding: Finding): string {
  const o = finding.object;
  const subject = o ? `${o.apiVersion}|${o.kind}|${o.namespace ?? ''}|${o.name}|${finding.path ?? finding.message}` : finding.message;
  return `${finding.ruleId}|${finding.location?.file ?? ''}|${subject}`;
}

function fingerprint(identity: string, occurrence: number): string {
  return createHash('sha256').update(`${identity}|${occurrence}`).digest('hex').slice(0, 32);
}

function result(finding: Finding, ruleIndex: number | undefined, cwd: string, print: string): sarif.Result {
  const text = `${finding.object ? `${describeObject(finding.object)}: ` : ''}${finding.unknown ? 'unknown: ' : ''}${finding.message}`;
  return {
    ruleId: finding.ruleId,
    ...(ruleIndex !== undefined ? { ruleIndex } : {}),
    level: finding.unknown ? 'note' : LEVELS[finding.severity],
    message: { text },
    ...(finding.location ? { locations: [physicalLocation(finding.location, cwd)] } : {}),
    partialFingerprints: { [FINGERPRINT_KEY]: print },
    ...(finding.acknowledged
      ? { suppressions: [{ kind: 'inSource', status: 'accepted', justification: finding.acknowledged.reason }] }
      : {}),
    ...(finding.unknown || finding.ruleError ? { properties: { unknown: finding.unknown === true, ruleError: finding.ruleError === true } } : {}),
  };
}

/** The SARIF results of `findings`, one at a time, each with its partial fingerprint. */
function* results(findings: FindingList, index: ReadonlyMap<string, number>, cwd: string): Generator<sarif.Result> {
  const occurrences = new OccurrenceCounter((i) => findingIdentity(findings.at(i)!), undefined, findings.length);
  for (let i = 0; i < findings.length; i++) {
    const finding = findings.at(i)!;
    const identity = findingIdentity(finding);
    yield result(finding, index.get(finding.ruleId), cwd, fingerprint(identity, occurrences.next(identity, i)));
  }
}

/**
 * The audit as a SARIF 2.1.0 log, in pieces (see `formatSarif`); written one after another they never make one
 * large string, so memory stays bounded by the largest result.
 */
export function* formatSarifChunks(run: AuditRun): Generator<string> {
  const cwd = run.cwd ?? process.cwd();
  const rules = run.report.rules;
  const index = new Map(rules.map((rule, i) => [rule.id, i]));
  const sarifRun = {
    tool: {
      driver: {
        name: 'kube-harden',
        informationUri: INFORMATION_URI,
        version: run.version,
        semanticVersion: run.version,
        rules: rules.map((rule) => sarifRule(rule, run.version)),
      },
    },
    invocations: [{
      executionSuccessful: run.problems.length === 0,
      toolExecutionNotifications: run.problems.map((problem): sarif.Notification => ({
        level: 'error',
        message: { text: problem.message },
        locations: [physicalLocation(problem, cwd)],
      })),
    }],
    originalUriBaseIds: { [SRCROOT]: { uri: directoryUri(cwd) } },
    results: new StreamedArray(results(run.report.findings, index, cwd)),
  } satisfies Omit<sarif.Run, 'results'> & { results: StreamedArray };
  yield* jsonChunks({ $schema: SARIF_SCHEMA, version: '2.1.0', runs: [sarifRun] });
  yield '\n';
}

/**
 * The audit as a SARIF 2.1.0 log that GitHub code scanning accepts: rule metadata with
 * `security-severity` and a `helpUri` to the rule's section of RULES.md, results with file, line and column
 * (the field a manifest finding judges) and `partialFingerprints` that do not change when lines move,
 * acknowledged findings as in-source suppressions, and unreadable inputs as tool execution notifications. Paths
 * under the working directory are relative to `%SRCROOT%`, which `originalUriBaseIds` maps to the working
 * directory's file URI.
 */
export function formatSarif(run: AuditRun): string {
  return [...formatSarifChunks(run)].join('');
}
