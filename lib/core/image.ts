import { DOMAIN_COMPONENT, PATH_COMPONENT } from './reference-grammar';
import { Problems } from './validation';

/**
 * A parsed container image reference, normalized as distribution/reference's `ParseNormalizedNamed` does
 * (`nginx`, `docker.io/nginx` and `index.docker.io/library/nginx` are all `docker.io/library/nginx`).
 */
export interface ImageReference {
  /** The reference as given. */
  readonly raw: string;
  /** Registry host (with port), `docker.io` when none is given (`index.docker.io` is `docker.io`). */
  readonly registry: string;
  /** Repository path without registry, tag or digest (`library/<name>` for Docker Hub official images). */
  readonly repository: string;
  /** Tag, when one is given. */
  readonly tag?: string;
  /** Digest (`sha256:<64 hex>`, `sha384:<96 hex>` or `sha512:<128 hex>`), when one is given. */
  readonly digest?: string;
}

// distribution/reference regexp.go, translated to JavaScript (RE2 `\w` and `[[:xdigit:]]` spelled out).
const DOMAIN_AND_PORT = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[(?:[a-fA-F0-9:]+)\\])(?::[0-9]+)?`;
const REMOTE_NAME = `${PATH_COMPONENT}(?:/${PATH_COMPONENT})*`;
const REFERENCE = new RegExp(`^((?:${DOMAIN_AND_PORT}/)?${REMOTE_NAME})(?::([0-9A-Za-z_][0-9A-Za-z_.-]{0,127}))?(?:@([A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}))?$`);
const ANCHORED_NAME = new RegExp(`^(?:(${DOMAIN_AND_PORT})/)?(${REMOTE_NAME})$`);
/** The digest algorithms opencontainers/go-digest registers, with their hex lengths. */
const DIGEST = /^(?:sha256:[a-f0-9]{64}|sha384:[a-f0-9]{96}|sha512:[a-f0-9]{128})$/;
/** distribution/reference `RepositoryNameTotalLengthMax`. */
const REPOSITORY_NAME_MAX = 255;
/** A bound on the whole reference (longest legal: 253-character host, port, 255-character path, tag, sha512). */
const REFERENCE_MAX = 1024;

/** distribution/reference `splitDockerDomain`: the registry and the rest, Docker Hub names made canonical. */
function splitDockerDomain(name: string): [string, string] {
  const slash = name.indexOf('/');
  if (slash < 0) return ['docker.io', `library/${name}`];
  const [maybeDomain, maybeRemote] = [name.slice(0, slash), name.slice(slash + 1)];
  let [domain, remote] = [maybeDomain, maybeRemote];
  if (maybeDomain === 'index.docker.io') {
    domain = 'docker.io';
  } else if (maybeDomain !== 'localhost' && !/[.:]/.test(maybeDomain) && maybeDomain.toLowerCase() === maybeDomain) {
    [domain, remote] = ['docker.io', name];
  }
  return [domain, domain === 'docker.io' && !remote.includes('/') ? `library/${remote}` : remote];
}

/**
 * Parses an image reference as distribution/reference's `ParseNormalizedNamed` does (the parser of the container
 * runtimes and registries). Returns `undefined` when it is not a well-formed reference.
 */
export function parseImageReference(raw: string): ImageReference | undefined {
  if (typeof raw !== 'string') return undefined;
  // a string longer than any reference is refused at once, and never remembered
  if (raw.length > REFERENCE_MAX) return undefined;
  let parsed = PARSED.get(raw);
  if (parsed === undefined) {
    parsed = parse(raw) ?? null;
    if (PARSED.size >= PARSED_CACHE_SIZE) PARSED.clear();
    PARSED.set(raw, parsed);
  }
  return parsed === null ? undefined : { ...parsed };
}

/**
 * References parsed lately (`null`: not a reference), so that the boundary, the workload's checks and its render
 * parse an image once. Parsing is a pure function of the string; each caller gets its own copy of the result.
 */
const PARSED = new Map<string, ImageReference | null>();
/** Bound of `PARSED` (cleared when full). */
const PARSED_CACHE_SIZE = 512;

/** Parses a string no longer than `REFERENCE_MAX` (`parseImageReference` refuses longer ones first). */
function parse(raw: string): ImageReference | undefined {
  if (raw.length === 0 || /^[a-f0-9]{64}$/.test(raw)) {
    return undefined;
  }
  const [domain, remainder] = splitDockerDomain(raw);
  const remote = remainder.split(':')[0];
  if (remote.toLowerCase() !== remote) return undefined;
  const match = REFERENCE.exec(`${domain}/${remainder}`);
  const name = match === null ? undefined : ANCHORED_NAME.exec(match[1]);
  if (match === null || name === null || name === undefined || name[1] === undefined || name[2].length > REPOSITORY_NAME_MAX) {
    return undefined;
  }
  const [, , tag, digest] = match;
  if (digest !== undefined && !DIGEST.test(digest)) return undefined;
  return { raw, registry: name[1], repository: name[2], tag, digest };
}

/** Rules an image reference must follow. */
export interface ImagePolicy {
  /** Require `@sha256:` digest pinning. */
  readonly requireDigest: boolean;
  /** Registries images may come from (host, optionally with path prefix); empty allows any. */
  readonly allowedRegistries: readonly string[];
}

/**
 * Whether `image` comes from one of `allowed` (a registry host, or a host/path prefix). Entries are normalized like
 * images: `index.docker.io` is `docker.io`, and `docker.io/nginx` also names the official `docker.io/library/nginx`.
 */
export function isRegistryAllowed(image: ImageReference, allowed: readonly string[]): boolean {
  if (allowed.length === 0) {
    return true;
  }
  const full = `${image.registry}/${image.repository}`;
  return allowed.some((entry) => {
    const prefix = entry.replace(/\/+$/, '').replace(/^index\.docker\.io(?=\/|$)/, 'docker.io');
    const official = /^docker\.io\/[^/]+$/.test(prefix) ? `docker.io/library/${prefix.slice('docker.io/'.length)}` : undefined;
    return full === prefix || full.startsWith(`${prefix}/`) || full === official;
  });
}

/**
 * Checks an image reference against the guide's build rules: no `latest`, never untagged,
 * digest when required, registry in the allow-list.
 */
export function checkImage(problems: Problems, field: string, raw: unknown, policy: ImagePolicy): void {
  const image = typeof raw === 'string' ? parseImageReference(raw) : undefined;
  if (!image) {
    problems.add(field, raw, 'is not a valid image reference',
      "write '<registry>/<repository>:<tag>@sha256:<64 hex digits>' (or '<repository>@sha256:<digest>').");
    return;
  }
  if (image.tag === 'latest') {
    problems.add(field, raw, "uses the mutable tag 'latest'",
      "pin a version tag and its digest, e.g. 'registry.example.com/app:1.4.2@sha256:<digest>'.");
  } else if (image.tag === undefined && image.digest === undefined) {
    problems.add(field, raw, 'has neither a tag nor a digest (it would pull latest)',
      "pin a version tag and its digest, e.g. 'registry.example.com/app:1.4.2@sha256:<digest>'.");
  }
  if (policy.requireDigest && image.digest === undefined) {
    problems.add(field, raw, 'is not pinned by digest, which this profile requires',
      "append '@sha256:<digest>' (see 'crane digest <image>' or 'docker buildx imagetools inspect <image>').");
  }
  if (!isRegistryAllowed(image, policy.allowedRegistries)) {
    problems.add(field, raw, `comes from registry '${image.registry}', which is not in the allow-list`,
      `use an image from one of: ${policy.allowedRegistries.join(', ')}; or add the registry to allowedRegistries.`);
  }
}
