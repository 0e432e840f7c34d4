/**
 * The labels and annotations the constructs write for the audit to read. Kept apart from the constructs that write
 * them, so that the audit's rules read them without loading the rendering code.
 */

/** Annotation listing a workload's allowed executables (JSON array), read by the audit (KH-RUN-001). */
export const EXEC_ALLOWLIST_ANNOTATION = 'kube-harden.io/exec-allowlist';
/** Annotation with the exec allow-list mode. */
export const EXEC_MODE_ANNOTATION = 'kube-harden.io/exec-mode';
/** Annotation with the signature admission engine a workload requires (KH-SUP-002). */
export const SIGNATURE_VERIFICATION_ANNOTATION = 'kube-harden.io/signature-verification';
/** Label of the ConfigMap that records which workloads are watched, and how. */
export const RUNTIME_COVERAGE_LABEL = 'kube-harden.io/runtime-coverage';
