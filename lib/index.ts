// The framework-free entry point: the core and the audit. Adapters live in `kube-harden/cdk8s` and `kube-harden/pulumi`.
export * from './core';
// The audit's main API (everything else: `kube-harden/audit`).
export {
  audit, AuditOptions, AuditReport, AuditSummary, exceedsThreshold, FailOn, Finding, ObjectRef, SourceLocation,
  ManifestRule, RuleMetadata, RuleViolation, Severity, AuditContext, MANIFEST_RULES, PACKS, RulePack,
  SEVERITY_WEIGHTS, AreaScore, computeScore, findingStatus, FindingStatus,
} from './audit';
