import { isDeepStrictEqual } from 'node:util';
import * as pulumi from '@pulumi/pulumi';
import { ObjectInputs } from './emit';
import { K8sObject } from '../core/manifest';
import { KubeHardenValidationError } from '../core/validation';

/** Props whose `image` may be a Pulumi Input (an image built in the same program). */
export type WithImageInput<P extends { readonly image: string }> = Omit<P, 'image'> & {
  /** Container image: a reference, or an Output of one (validated with the same rules once resolved). */
  readonly image: pulumi.Input<string>;
};

/** What a core build returns: at least the objects. */
export interface Rendered {
  /** The rendered objects. */
  readonly objects: K8sObject[];
}

/** A render whose image may not be known yet. */
export interface ImageRender<R extends Rendered> {
  /** The core's result (its objects carry a placeholder image when the image is an Output). */
  readonly rendered: R;
  /** The image, validated once known: rejects with the library's `KubeHardenValidationError` when invalid. */
  readonly image: pulumi.Output<string>;
  /** Replaces the placeholder with `image` in the resource inputs (only the image fields carry the Output). */
  readonly inputs: ObjectInputs;
}

const PLACEHOLDER_DIGEST = `sha256:${'0'.repeat(64)}`;

/** A reference that passes the image rules of `props` (digest pinned, from the first allowed registry). */
function placeholderImage(props: { readonly allowedRegistries?: readonly string[] }): string {
  const registry = (props.allowedRegistries?.[0] ?? 'registry.invalid').replace(/\/+$/, '');
  return `${registry}/kube-harden-image-placeholder:0@${PLACEHOLDER_DIGEST}`;
}

function replaceValue(value: unknown, from: string, to: unknown): any {
  if (value === from) return to;
  if (Array.isArray(value)) return value.map((v) => replaceValue(v, from, to));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replaceValue(v, from, to)]));
  }
  return value;
}

function containsValue(value: unknown, target: string): boolean {
  if (value === target) return true;
  if (typeof value === 'object' && value !== null) return Object.values(value).some((v) => containsValue(v, target));
  return false;
}

/**
 * Renders `props` whose image may be a Pulumi Input, without ever creating resources inside `apply`.
 * A plain string is rendered as is. Otherwise the core renders once with a valid placeholder image (the resource
 * graph never depends on the Output); the image fields then carry an Output that, once the image is known,
 * re-renders with it (same rules: an invalid image rejects with `KubeHardenValidationError`) and checks that
 * nothing but the image changed. In a preview with an unknown image, nothing is checked and the field stays unknown.
 * `version` must then be given: the version label is otherwise derived from the image tag.
 */
export function renderWithImageInput<
  P extends { readonly image: string; readonly version?: string; readonly allowedRegistries?: readonly string[] },
  R extends Rendered,
>(subject: string, props: WithImageInput<P>, render: (props: P) => R): ImageRender<R> {
  // Anything but an Output or a promise (a string, or props or an image of the wrong type) goes to the core as it is:
  // its boundary renders it or rejects it before anything registers.
  const given: unknown = typeof props === 'object' && props !== null ? props.image : undefined;
  if (!pulumi.Output.isInstance(given) && !(given instanceof Promise)) {
    return { rendered: render(props as unknown as P), image: pulumi.output(given as string), inputs: () => undefined };
  }
  if (props.version === undefined) {
    throw new KubeHardenValidationError(subject, [{
      field: 'version',
      value: undefined,
      message: 'must be given when image is a Pulumi Output (the version label is otherwise read from the image tag)',
      fix: "set version, e.g. version: '1.4.2'.",
    }]);
  }
  const placeholder = placeholderImage(props);
  const rendered = render({ ...props, image: placeholder } as unknown as P);
  const objects = rendered.objects;
  const image = pulumi.output(given as pulumi.Input<string>).apply((resolved: string) => {
    const actual = render({ ...props, image: resolved } as unknown as P).objects;
    if (!isDeepStrictEqual(actual, replaceValue(objects, placeholder, resolved))) {
      throw new Error(`${subject}: the rendered objects depend on the image beyond its image fields; give those props explicitly`);
    }
    return resolved;
  });
  const inputs: ObjectInputs = (obj) => {
    const fields = Object.entries(obj).filter(([, value]) => containsValue(value, placeholder));
    return fields.length === 0 ? undefined : Object.fromEntries(fields.map(([key, value]) => [key, replaceValue(value, placeholder, image)]));
  };
  return { rendered, image, inputs };
}
