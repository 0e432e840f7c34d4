import { DockerfileSource, runDockerfileRules } from '../dockerfile/run-dockerfile-rules';
import { AuditOptions, AuditReport, buildReport, runManifestRules } from '../engine';
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
  const { manifests } = sources;
  const manifestOutcomes = runManifestRules(manifests.map((m) => m.object), options, (index, path) => locateField(manifests[index], path));
  const packId = typeof options.pack === 'object' ? options.pack.id : options.pack;
  return buildReport([...manifestOutcomes, ...runDockerfileRules(sources.dockerfiles, options)], packId);
}
