import { baseImagePinned } from './base-image-pinned';
import { DockerfileRule } from './dockerfile-rule';
import { fewLayers } from './few-layers';
import { noAddFromUrl } from './no-add-from-url';
import { noCompilersShipped } from './no-compilers-shipped';
import { noSecretsInEnvArg } from './no-secrets-in-env-arg';
import { nonRootUser } from './non-root-user';
import { packageInstallsPinned } from './package-installs-pinned';

/** Every Dockerfile rule, in id order. */
export const DOCKERFILE_RULES: readonly DockerfileRule[] = [
  baseImagePinned,
  nonRootUser,
  fewLayers,
  packageInstallsPinned,
  noAddFromUrl,
  noSecretsInEnvArg,
  noCompilersShipped,
];
