import { ImageReference, parseImageReference } from '../../../core/image';
import { ownField, stringAt } from '../../field-types';
import { ContainerRef, containersOf, podFact, PodSpecRef } from '../../pod-spec';

/** A container's image, parsed (`ref` undefined when the reference is malformed or missing). */
export interface ContainerImage {
  /** The container. */
  readonly container: ContainerRef;
  /** The image string as written. */
  readonly raw: string;
  /** The parsed reference. */
  readonly ref?: ImageReference;
  /** Path of the `image` field. */
  readonly path: string;
}

/** The images of every container of `pod` (init, app and ephemeral), parsed once per pod spec and audit. */
export function imagesOf(pod: PodSpecRef): readonly ContainerImage[] {
  return podFact(pod, parseImages);
}

function parseImages(pod: PodSpecRef): readonly ContainerImage[] {
  return containersOf(pod).map((c) => {
    const image = ownField(c.container, 'image');
    // an image of the wrong type (`1`) is noted (unknown for every image rule) and read as unset
    const raw = typeof image === 'string' ? image : stringAt(image, c.path, 'image') ?? '';
    return { container: c, raw, ref: parseImageReference(raw), path: `${c.path}.image` };
  });
}
