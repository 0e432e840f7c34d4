import * as pulumi from '@pulumi/pulumi';
import { capture, outputValue } from './harness';
import { checkImage } from '../../lib/core/image';
import { K8sObject } from '../../lib/core/manifest';
import { Problems } from '../../lib/core/validation';
import { renderWithImageInput } from '../../lib/pulumi/image-input';

interface FakeProps {
  readonly image: string;
  readonly version?: string;
  readonly allowedRegistries?: readonly string[];
  readonly annotateDigest?: boolean;
}

/** A stand-in for a core render: validates the image with the core rules (digest required) and puts it in a pod. */
function fakeRender(props: FakeProps): { objects: K8sObject[] } {
  const problems = new Problems();
  checkImage(problems, 'image', props.image, { requireDigest: true, allowedRegistries: props.allowedRegistries ?? [] });
  problems.throwIfAny('Fake');
  const annotations = props.annotateDigest ? { digest: props.image.split('@')[1] } : undefined;
  return { objects: [{ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', annotations }, spec: { containers: [{ name: 'c', image: props.image }] } }] };
}

const IMAGE = `registry.example.com/team/app:2.0.0@sha256:${'b'.repeat(64)}`;

describe('renderWithImageInput |', () => {
  test('a plain image renders directly, with no input replacement', () => {
    const render = renderWithImageInput('Fake', { image: IMAGE }, fakeRender);
    const [fake] = render.rendered.objects;

    expect(render.rendered.objects).toHaveLength(1);
    expect(fake.spec).toEqual({ containers: [{ name: 'c', image: IMAGE }] });
    expect(render.inputs(fake)).toBeUndefined();
  });

  test('an Output image renders a placeholder that passes the registry allow-list, and only the image field is replaced', async () => {
    const program = await capture(() => renderWithImageInput('Fake', {
      image: pulumi.output(IMAGE), version: '2.0.0', allowedRegistries: ['registry.example.com/team'],
    }, fakeRender));
    const { rendered, inputs, image } = program.result;
    const [fake] = rendered.objects;

    expect((fake.spec as any).containers[0].image).toMatch(/^registry\.example\.com\/team\//);
    expect(Object.keys(inputs(fake)!)).toEqual(['spec']);
    await expect(outputValue(image)).resolves.toBe(IMAGE);
  });

  test('an image that other fields are derived from is refused once resolved (they would keep the placeholder)', async () => {
    const attempt = capture(() => outputValue(renderWithImageInput('Fake', {
      image: pulumi.output(IMAGE), version: '2.0.0', annotateDigest: true,
    }, fakeRender).image));

    await expect(attempt).rejects.toThrow(/depend on the image beyond its image fields/);
  });
});
