import { DockerfileSource, runDockerfileRules } from '../dockerfile/run-dockerfile-rules';
import { AuditOptions, AuditReport, buildReport, runManifestRules } from '../engine';
import { Finding, objectRef } from '../finding';
import { LocatedObject } from './parse-manifests';

/** Manifests and Dockerfiles read from files. */
export interface AuditSources {
  /** Kubernetes objects with the file and line they start at. */
  readonly manifests: readonly LocatedObject[];
  /** Dockerfiles. */
  readonly dockerfiles: readonly DockerfileSource[];
}

/**
 * Audits manifests and Dockerfiles together in one report (one score). Manifest findings get the file and
 * line of their object. Throws like `audit()` on an unknown pack or ignored rule id.
 */
export function auditSources(sources: AuditSources, options: AuditOptions = {}): AuditReport {
  const locations = new Map<string, LocatedObject['location']>();
  for (const { object, location } of sources.manifests) {
    const key = refKey(objectRef(object));
    if (!locations.has(key)) {
      locations.set(key, location);
    }
  }
  const manifestOutcomes = runManifestRules(sources.manifests.map((m) => m.object), options).map((outcome) => ({
    ...outcome,
    findings: outcome.findings.map((finding): Finding => {
      const location = finding.object ? locations.get(refKey(finding.object)) : undefined;
      return location && !finding.location ? { ...finding, location } : finding;
    }),
  }));
  const packId = typeof options.pack === 'object' ? options.pack.id : options.pack;
  return buildReport([...manifestOutcomes, ...runDockerfileRules(sources.dockerfiles, options)], packId);
}

function refKey(ref: NonNullable<Finding['object']>): string {
  return `${ref.apiVersion}/${ref.kind}/${ref.namespace ?? ''}/${ref.name}`;
}
