import { DockerfileSource, runDockerfileRules } from '../dockerfile/run-dockerfile-rules';
import { AuditOptions, AuditReport, AuditReportView, auditLocated, auditLocatedView } from '../engine';
import { FindingTable } from '../finding-table';
import { LocatedObject, locateField } from './parse-manifests';

/** Manifests and Dockerfiles read from files. */
export interface AuditSources {
  /** Kubernetes objects with the file and line they start at. */
  readonly manifests: readonly LocatedObject[];
  /** Dockerfiles. */
  readonly dockerfiles: readonly DockerfileSource[];
}

/**
 * Audits manifests and Dockerfiles together in one report (one score). A manifest finding is located at the field
 * it judges (file, line, column) in its own copy of the object, or at the object's first line when the rule names
 * no field. Throws like `audit()` on an unknown pack or ignored rule id.
 */
export function auditSources(sources: AuditSources, options: AuditOptions = {}): AuditReport {
  return auditLocated(...located(sources, options));
}

/**
 * `auditSources`, its findings a `FindingTable` (each made when it is read): what the CLI prints, in a fraction of
 * the memory of an array of findings.
 */
export function auditSourcesView(sources: AuditSources, options: AuditOptions = {}): AuditReportView & { readonly findings: FindingTable } {
  return auditLocatedView(...located(sources, options));
}

/** The arguments of `auditLocated` for `sources`: their objects, each finding located in its object's text, and the Dockerfile rules. */
function located(sources: AuditSources, options: AuditOptions): Parameters<typeof auditLocated> {
  const { manifests } = sources;
  const locate = (index: number, path: string | undefined) => locateField(manifests[index], path);
  return [manifests.map((m) => m.object), options, locate, () => runDockerfileRules(sources.dockerfiles, options)];
}
