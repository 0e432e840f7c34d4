/**
 * The kube-harden audit rules as a Pulumi CrossGuard policy pack: `kube-harden/pulumi/policy`.
 * Nothing runs at import time; a policy program calls `createPolicyPack()` in its `index.ts`.
 */
import { EnforcementLevel, PolicyPack, PolicyResource, ReportViolation, Severity as PolicySeverity, StackValidationArgs, StackValidationPolicy } from '@pulumi/policy';
import { audit, AuditOptions, AuditReport, isCounted, MANIFEST_RULES, selectRules, Severity } from '../audit';
import { K8sObject, objectKey } from '../core';
import { capture, CaptureOptions, CapturedResource } from './testing';

/** A stack resource as a policy sees it (the fields the pack reads). */
export interface StackResource {
  /** Type token, e.g. `kubernetes:apps/v1:Deployment`. */
  readonly type: string;
  /** Resource properties (for Kubernetes resources: the manifest). */
  readonly props: Readonly<Record<string, unknown>>;
  /** URN. */
  readonly urn: string;
}

const ENFORCEMENT: Readonly<Record<Severity, EnforcementLevel>> = { error: 'mandatory', warning: 'advisory', info: 'advisory' };
const POLICY_SEVERITY: Readonly<Record<Severity, PolicySeverity>> = { error: 'high', warning: 'medium', info: 'low' };

/** The Kubernetes manifests among `resources` (props with a kind and metadata), each with its URN. */
export function manifestsOfStack(resources: readonly StackResource[]): { readonly object: K8sObject; readonly urn: string }[] {
  return resources
    .filter((r) => r.type.startsWith('kubernetes:') && !r.type.startsWith('pulumi:providers:'))
    .filter((r) => typeof r.props.kind === 'string' && typeof r.props.metadata === 'object' && r.props.metadata !== null)
    .map((r) => ({ object: r.props as unknown as K8sObject, urn: r.urn }));
}

/**
 * One stack validation policy per selected rule (pack, ignore and severity overrides as in `audit`), named
 * after the rule id in lower case. Errors are mandatory, warnings and info advisory. Each policy audits every
 * Kubernetes resource of the stack (the others are its context) and reports counted findings on the
 * resource's URN; acknowledged and unknown findings are not reported.
 */
export function kubeHardenPolicies(options: AuditOptions = {}): StackValidationPolicy[] {
  return selectRules(options.rules ?? MANIFEST_RULES, options).map(({ rule, severity }) => ({
    name: rule.id.toLowerCase(),
    description: rule.title,
    enforcementLevel: ENFORCEMENT[severity],
    severity: POLICY_SEVERITY[severity],
    remediationSteps: rule.remediation,
    tags: [rule.area],
    validateStack: (args: { resources: readonly StackResource[] }, reportViolation: ReportViolation) => {
      const entries = manifestsOfStack(args.resources);
      const urns = new Map(entries.map((e) => [objectKey(e.object), e.urn]));
      const report = audit(entries.map((e) => e.object), {
        ...options,
        ignore: [],
        severityOverrides: {},
        pack: { id: rule.id, description: rule.title, rules: [rule.id], severities: { [rule.id]: severity } },
      });
      for (const finding of report.findings.filter(isCounted)) {
        const ref = finding.object;
        const urn = ref ? urns.get(`${ref.apiVersion}/${ref.kind}/${ref.namespace ?? ''}/${ref.name}`) : undefined;
        const path = finding.path ? ` (${finding.path})` : '';
        reportViolation(`${rule.id}: ${finding.message}${path}. Fix: ${rule.remediation}`, urn);
      }
    },
  }));
}

/** Creates (and serves) the kube-harden policy pack. Call it from a policy program, never from a library. */
export function createPolicyPack(name: string = 'kube-harden', options: AuditOptions = {}): PolicyPack {
  return new PolicyPack(name, {
    description: 'kube-harden: Pod Security restricted, images, workloads, sandboxes, namespaces, network, mesh, secrets and RBAC.',
    policies: kubeHardenPolicies(options),
  });
}

/** One violation a policy reported. */
export interface PolicyViolation {
  /** Policy name (the rule id in lower case). */
  readonly policy: string;
  /** Enforcement level of the policy. */
  readonly enforcementLevel: EnforcementLevel;
  /** The message. */
  readonly message: string;
  /** URN of the resource, when the violation names one. */
  readonly urn?: string;
}

/** Runs stack policies over captured resources (from `capture`), offline: what `pulumi preview --policy-pack` would report. */
export async function validateStackOffline(
  policies: readonly StackValidationPolicy[],
  resources: readonly CapturedResource[],
): Promise<PolicyViolation[]> {
  const stack = resources.map((r): StackResource => ({ type: r.type, props: r.inputs, urn: r.urn }));
  const violations: PolicyViolation[] = [];
  for (const policy of policies) {
    const enforcementLevel = policy.enforcementLevel ?? 'advisory';
    const report: ReportViolation = (message, urn) => violations.push({ policy: policy.name, enforcementLevel, message, urn });
    const args: StackValidationArgs = {
      resources: stack as unknown as PolicyResource[],
      stackTags: new Map(),
      getConfig: <T extends object>() => ({}) as T,
      notApplicable: (reason?: string) => {
        throw new Error(`not applicable: ${reason ?? ''}`);
      },
    };
    await policy.validateStack(args, report);
  }
  return violations;
}

/** Runs a Pulumi program under mocks (see `capture`) and audits the Kubernetes manifests it registers. */
export async function auditProgram(program: () => unknown, options: AuditOptions = {}, captureOptions: CaptureOptions = {}): Promise<AuditReport> {
  const captured = await capture(program, captureOptions);
  return audit(captured.manifests, options);
}
