import { parse } from 'yaml';
import { CI_GATE_STAGES, CI_GATE_TOOLS, renderCiGate } from '../../lib/core/ci-gate';

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
    .toThrow(/ci: is not a supported CI system[\s\S]*releaseImage: equals stagingImage/);
});
