import * as path from 'node:path';
import * as pulumi from '@pulumi/pulumi';
import { DIGEST } from './fixtures';
import { capture } from './harness';
import { PaymentService } from '../../lib/pulumi/payment-service';
import { SecureDeployment } from '../../lib/pulumi/secure-deployment';
import { PAYMENT_TRAFFIC } from '../core/fixtures';

/**
 * Pulumi records the whole stack of every resource it registers (`Resource.callsites` lifts `Error.stackTraceLimit`
 * to Infinity, and every frame is source-mapped), so each frame of ours between the user's `new` and a child's
 * registration costs once per child: the component constructor, the shared component shell and the emitting loop,
 * and nothing more (no intermediate constructor, no `createResource` helper).
 * (@pulumi/pulumi resource.ts: `Resource.stackTrace` / `Resource.callsites`.)
 */
const LIB = path.resolve(__dirname, '../../lib/pulumi');

/** Per registered resource, its Pulumi name and the files of its registration stack in lib/pulumi (the capture harness aside). */
async function libFramesByResource(program: () => void): Promise<[string, string[]][]> {
  const resourceClass = pulumi.Resource as unknown as { callsites(): { file?: string }[] };
  const callsites = resourceClass.callsites;
  const frames: string[][] = [];
  resourceClass.callsites = function (this: unknown) {
    const sites = callsites.call(this);
    frames.push(sites.map((s) => s.file ?? '').filter((file) => file.startsWith(LIB) && !file.endsWith('testing.ts')).map((file) => path.basename(file)));
    return sites;
  };
  try {
    const captured = await capture(program);
    return captured.resources.map((r, i) => [r.name, frames[i]]);
  } finally {
    resourceClass.callsites = callsites;
  }
}

describe('registration stacks of the Pulumi components |', () => {
  test.each([
    ['SecureDeployment', 'secure-deployment.ts', () => new SecureDeployment('api', {
      name: 'api', namespace: 'shop', image: `registry.example.com/shop/api:1.4.2@${DIGEST}`, ports: [{ name: 'http', port: 8080 }],
    })],
    ['PaymentService', 'payment-service.ts', () => new PaymentService('pay', {
      ...PAYMENT_TRAFFIC,
      name: 'payment-service',
      namespace: 'payments',
      image: `registry.example.com/payments/api:1.4.2@${DIGEST}`,
      ports: [{ name: 'http', port: 8080 }],
    })],
  ])('a %s child is registered three frames of ours below the user\'s call', async (_, componentFile, create) => {
    const frames = await libFramesByResource(() => void create());
    const children = frames.filter(([name]) => name.includes(':'));
    expect(children.length).toBeGreaterThanOrEqual(4);
    for (const [, files] of children) {
      expect(files).toEqual(['emit.ts', 'component.ts', componentFile]);
    }
  });
});
