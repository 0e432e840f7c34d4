import { capture, componentContract, findManifest, outputValue } from './harness';
import { renderSandboxRuntimes } from '../../lib/core/sandbox-runtimes';
import { KubeHardenValidationError } from '../../lib/core/validation';
import { SandboxRuntimes } from '../../lib/pulumi/sandbox-runtimes';

const ARGS = {
  kata: { handler: 'kata-clh', nodeSelector: { 'sandbox.example.com/kata': 'true' } },
  context: { labels: { team: 'platform' } },
};

describe('SandboxRuntimes (Pulumi) |', () => {
  componentContract({
    type: SandboxRuntimes.TYPE,
    create: (name, opts) => new SandboxRuntimes(name, ARGS, opts),
    expected: () => renderSandboxRuntimes({ kata: ARGS.kata }, ARGS.context),
  });

  test('renders the RuntimeClasses and PriorityClasses of the props', async () => {
    const program = await capture(() => new SandboxRuntimes('runtimes', ARGS));

    expect(program.manifests).toMatchSnapshot();
    expect(findManifest(program.manifests, 'RuntimeClass', 'kata').handler).toBe('kata-clh');
    expect(findManifest(program.manifests, 'PriorityClass', 'kube-harden-critical').metadata.labels).toMatchObject({ team: 'platform' });
  });

  test('exposes the class names and the ref as outputs', async () => {
    const program = await capture(() => new SandboxRuntimes('runtimes', { gvisor: { name: 'sandboxed' } }));
    const runtimes = program.result;

    await expect(outputValue(runtimes.ref)).resolves.toMatchObject({ runtimeClassNames: { gvisor: 'sandboxed' } });
    await expect(outputValue(runtimes.runtimeClassNames)).resolves.toEqual({ gvisor: 'sandboxed', kata: 'kata' });
    await expect(outputValue(runtimes.priorityClassNames)).resolves.toMatchObject({ critical: 'kube-harden-critical' });
  });

  test('invalid props throw the library error at construction, before any resource is registered', async () => {
    const attempt = capture(() => new SandboxRuntimes('runtimes', { kata: { name: 'gvisor' } }));

    await expect(attempt).rejects.toThrow(KubeHardenValidationError);
  });
});
