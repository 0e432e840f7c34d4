import { Problems } from './validation';

/** A parsed container image reference: `[registry/]repository[:tag][@sha256:<64 hex>]`. */
export interface ImageReference {
  /** The reference as given. */
  readonly raw: string;
  /** Registry host (with port), `docker.io` when none is given. */
  readonly registry: string;
  /** Repository path without registry, tag or digest. */
  readonly repository: string;
  /** Tag, when one is given. */
  readonly tag?: string;
  /** Digest (`sha256:<64 hex>`), when one is given. */
  readonly digest?: string;
}

const DIGEST = /^sha256:[a-f0-9]{64}$/;
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;

/** Parses an image reference. Returns `undefined` when it is not a well-formed reference. */
export function parseImageReference(raw: string): ImageReference | undefined {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > 512 || /\s/.test(raw)) {
    return undefined;
  }
  const [name, digest, extra] = raw.split('@');
  if (extra !== undefined || (digest !== undefined && !DIGEST.test(digest))) {
    return undefined;
  }
  const slash = name.lastIndexOf('/');
  const colon = name.lastIndexOf(':');
  const tag = colon > slash ? name.slice(colon + 1) : undefined;
  const path = colon > slash ? name.slice(0, colon) : name;
  if (tag !== undefined && !TAG.test(tag)) {
    return undefined;
  }
  const parts = path.split('/');
  const first = parts[0];
  const hasRegistry = parts.length > 1 && (first.includes('.') || first.includes(':') || first === 'localhost');
  const registry = hasRegistry ? first : 'docker.io';
  const repoParts = hasRegistry ? parts.slice(1) : parts;
  if (repoParts.length === 0 || !repoParts.every((p) => PATH_COMPONENT.test(p))) {
    return undefined;
  }
  const repository = !hasRegistry && repoParts.length === 1 ? `library/${repoParts[0]}` : repoParts.join('/');
  return { raw, registry, repository, tag, digest };
}

/** Rules an image reference must follow. */
export interface ImagePolicy {
  /** Require `@sha256:` digest pinning. */
  readonly requireDigest: boolean;
  /** Registries images may come from (host, optionally with path prefix); empty allows any. */
  readonly allowedRegistries: readonly string[];
}

/** Whether `image` comes from one of `allowed` (a registry host, or a host/path prefix). */
export function isRegistryAllowed(image: ImageReference, allowed: readonly string[]): boolean {
  if (allowed.length === 0) {
    return true;
  }
  const full = `${image.registry}/${image.repository}`;
  return allowed.some((entry) => {
    const prefix = entry.replace(/\/+$/, '');
    return full === prefix || full.startsWith(`${prefix}/`);
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
