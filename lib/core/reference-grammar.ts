/**
 * Pieces of the docker/distribution reference grammar (`reference/regexp.go`), as regular-expression source text,
 * shared by the image parser (`image.ts`) and the CI gate's repository check (`ci-gate.ts`).
 */

/** A repository path component: lowercase alphanumerics joined by `.`, `_`, `__` or dashes (`pathComponent`). */
export const PATH_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*';

/** One component of a registry host name: alphanumerics, with dashes inside (`domainNameComponent`). */
export const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
