import { DockerfileRule, DockerfileViolation } from './dockerfile-rule';
import { DockerStage } from './parse-dockerfile';
import { parseImageReference } from '../../core/image';

/**
 * KH-DKR-001: every base image (`FROM`) has a version tag, not `latest`, and a digest: a tag without a digest is
 * as much a finding (and of the same severity) as `latest`, since the tag can be moved.
 * `scratch` and earlier build stages are not images. A base image left to an `ARG` without a default cannot
 * be judged: unknown.
 */
export const baseImagePinned: DockerfileRule = {
  id: 'KH-DKR-001',
  area: 'dockerfile',
  title: 'Base image is pinned (no latest, tagged, digest)',
  severity: 'error',
  guideSection: '2.1',
  controls: { nsa: ['Kubernetes Pod security: building secure container images'], mlps: ['8.1.4.6'] },
  remediation: "Pin every base image to a version tag and its digest, e.g. 'FROM golang:1.22.5@sha256:<digest>'.",
  check: (dockerfile) => dockerfile.stages.flatMap(checkStage),
};

function checkStage(stage: DockerStage): DockerfileViolation[] {
  const { image, line } = stage;
  if (stage.parentStage !== undefined || image.toLowerCase() === 'scratch') {
    return [];
  }
  if (image.includes('$')) {
    return [{ line, unknown: true, message: `base image '${image}' comes from a build ARG without a default and cannot be verified` }];
  }
  const ref = parseImageReference(image);
  if (!ref) {
    return [{ line, message: `base image '${image}' is not a valid image reference` }];
  }
  if (ref.tag === 'latest') {
    return [{ line, message: `base image '${image}' uses the mutable tag 'latest'` }];
  }
  if (ref.tag === undefined && ref.digest === undefined) {
    return [{ line, message: `base image '${image}' has neither a tag nor a digest (it pulls latest)` }];
  }
  if (ref.digest === undefined) {
    return [{ line, message: `base image '${image}' is not pinned by digest (its tag can be moved)` }];
  }
  return [];
}
