import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse } from 'yaml';
import { CI_GATE_STAGES, CI_GATE_TOOLS, KUBECTL_DIGEST_PLACEHOLDER, renderCiGate } from '../../lib/core/ci-gate';

/** Walks `needs` back from `job` and returns the chain of jobs it depends on, first job first. */
function chain(jobs: Record<string, any>, job: string): string[] {
  const needs: string[] = [].concat(jobs[job].needs ?? []);
  const previous = needs.filter((n) => n !== 'build' || needs.length === 1);
  return previous.length === 0 ? [job] : [...chain(jobs, previous[0]), job];
}

describe('CI gate | github', () => {
  const text = renderCiGate({ ci: 'github' });
  const workflow = parse(text);

  test('is valid YAML whose jobs run build, scan, sign, verify, push, deploy in that order', () => {
    expect(text).toMatchSnapshot();
    expect(chain(workflow.jobs, 'deploy')).toEqual([...CI_GATE_STAGES]);
  });

  test('the scan fails on any critical finding and its report becomes a signed vuln attestation', () => {
    expect(workflow.jobs.scan.steps[1].run).toMatch(/TRIVY_USERNAME="\$REGISTRY_USER"[^\n]*trivy:0\.57\.1 image --exit-code 1 --severity CRITICAL/);
    expect(workflow.jobs.sign.env.REGISTRY_PASSWORD).toBe('${{ secrets.REGISTRY_PASSWORD }}');
    expect(workflow.jobs.sign.steps.at(-1).run).toMatch(/attest --yes --key env:\/\/COSIGN_PRIVATE_KEY --type vuln --predicate vuln\.json/);
    expect(workflow.jobs.verify.steps.at(-1).run).toMatch(/verify-attestation --key cosign\.pub --type vuln/);
    expect(workflow.jobs.sign.steps).toContainEqual({ uses: 'actions/download-artifact@v4', with: { name: 'vuln-report' } });
  });

  test('every tool is pinned and nothing uses latest', () => {
    for (const image of Object.values(CI_GATE_TOOLS)) expect(text).toContain(image);
    expect(text).not.toMatch(/:latest\b/);
  });
});

describe('CI gate | deploy', () => {
  const digest = `sha256:${'c'.repeat(64)}`;
  const pipeline = parse(renderCiGate({ ci: 'gitlab', releaseImage: 'registry.example.cn/pay/api' }));

  test('deploys exactly the verified digest: the release image is set to <repo>@$DIGEST and checked before apply', () => {
    const script: string[] = pipeline.deploy.script;
    const render = script.findIndex((c) => / kustomize dist > deploy\.yaml$/.test(c));
    const check = script.indexOf('grep -qF "image: registry.example.cn/pay/api@$DIGEST" deploy.yaml');
    const apply = script.findIndex((c) => / apply --server-side -f deploy\.yaml$/.test(c));
    expect([render, check, apply].every((i) => i >= 0)).toBe(true);
    expect(render < check && check < apply).toBe(true);
    expect(script.some((c) => / apply [^|]*-f dist\b/.test(c))).toBe(false);
  });

  test('the shell steps write a kustomization over the synthesized manifests that pins the digest', () => {
    // GIVEN a synthesized dist with two manifests, and the digest the gate verified
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kh-gate-'));
    try {
      fs.mkdirSync(path.join(dir, 'dist'));
      fs.writeFileSync(path.join(dir, 'dist', 'app.k8s.yaml'), 'kind: Deployment\n');
      fs.writeFileSync(path.join(dir, 'dist', 'platform.k8s.yaml'), 'kind: Namespace\n');
      // WHEN the deploy stage's shell steps (not the docker ones) run
      const shell = (pipeline.deploy.script as string[]).filter((c) => !c.startsWith('docker ') && !c.startsWith('grep '));
      execFileSync('sh', ['-ec', shell.join('\n')], { cwd: dir, env: { ...process.env, DIGEST: digest } });
      // THEN the kustomization lists every manifest and sets the release image to the digest
      expect(parse(fs.readFileSync(path.join(dir, 'dist', 'kustomization.yaml'), 'utf8'))).toEqual({
        apiVersion: 'kustomize.config.k8s.io/v1beta1',
        kind: 'Kustomization',
        resources: ['app.k8s.yaml', 'platform.k8s.yaml'],
        images: [{ name: 'registry.example.cn/pay/api', digest }],
      });
      expect(() => execFileSync('sh', ['-ec', shell[0]], { cwd: dir, env: { ...process.env, DIGEST: '' } })).toThrow();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('kubectl is pinned by digest: a placeholder fails closed until set, a given image must carry a digest', () => {
    expect(CI_GATE_TOOLS.kubectl).toBe(`registry.k8s.io/kubectl:v1.31.4@${KUBECTL_DIGEST_PLACEHOLDER}`);
    expect(renderCiGate({ ci: 'github' })).not.toContain('bitnami');
    const kubectlImage = `registry.k8s.io/kubectl:v1.31.4@${digest}`;
    expect(renderCiGate({ ci: 'github', kubectlImage })).toContain(`${kubectlImage} apply --server-side -f deploy.yaml`);
    expect(() => renderCiGate({ ci: 'github', kubectlImage: 'docker.io/bitnami/kubectl:1.31.4' })).toThrow(/kubectlImage: is not pinned by digest/);
  });
});

describe('CI gate | gitlab', () => {
  const pipeline = parse(renderCiGate({ ci: 'gitlab', releaseImage: 'registry.example.cn/pay/api' }));

  test('declares the stages in gate order and one job per stage that needs the previous one', () => {
    expect(pipeline.stages).toEqual([...CI_GATE_STAGES]);
    CI_GATE_STAGES.forEach((stage, i) => {
      expect(pipeline[stage].stage).toBe(stage);
      if (i > 0) expect(pipeline[stage].needs).toContain(CI_GATE_STAGES[i - 1]);
    });
    expect(pipeline.build.artifacts.reports.dotenv).toBe('gate.env');
  });

  test('push promotes the verified digest with its signatures to the release repository', () => {
    expect(pipeline.push.script[0]).toMatch(/docker login registry\.example\.cn -u "\$REGISTRY_USER" --password-stdin$/);
    expect(pipeline.push.script).toHaveLength(3);
    expect(pipeline.push.script[1]).toMatch(/v2\.4\.1 copy --force registry\.example\.cn\/staging\/app@\$DIGEST registry\.example\.cn\/pay\/api$/);
  });
});

test('CI gate | rejects an unknown CI system and a release repository equal to staging', () => {
  expect(() => renderCiGate({ ci: 'jenkins' as never, stagingImage: 'r.example.cn/a', releaseImage: 'r.example.cn/a' }))
    .toThrow(/ci: must be one of "github", "gitlab"[\s\S]*releaseImage: equals stagingImage/);
});
