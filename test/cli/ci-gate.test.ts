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
    expect(pipeline.push.script.join('\n')).toContain('registry.example.cn/pay/api');
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
    expect(parse(result.stdout).deploy.script.join('\n')).toContain(image);
    const unpinned = await cli(['ci-gate', '--ci', 'gitlab', '--kubectl-image', 'registry.k8s.io/kubectl:v1.31.4']);
    expect(unpinned.code).toBe(2);
    expect(unpinned.stderr).toMatch(/kubectlImage: is not pinned by digest/);
  });
});
