import { stringify } from 'yaml';
import { CheckedInputs, withBoundary } from './boundary';
import { DOMAIN_COMPONENT, PATH_COMPONENT } from './reference-grammar';
import { Problems } from './validation';

/**
 * The pipeline gate of guide §2.2 as a CI pipeline: build, scan (zero critical findings), sign (with the scan as
 * a signed attestation, which ImageSupplyChainPolicy checks at admission), verify, push (promote with signatures)
 * and deploy, in that order, with pinned tool versions.
 */

/** CI system the pipeline is written for. */
export type CiSystem = 'github' | 'gitlab';

/** The gate's stages, in order. */
export const CI_GATE_STAGES = ['build', 'scan', 'sign', 'verify', 'push', 'deploy'] as const;

/**
 * Placeholder digest of the default kubectl image. The deploy stage holds the cluster credentials, so its image is
 * pinned by digest, not by a mutable tag; kube-harden cannot vouch for a digest it has not verified, so until you set
 * `kubectlImage` (e.g. the digest `docker buildx imagetools inspect registry.k8s.io/kubectl:v1.31.4` shows) the
 * reference is invalid and the deploy stage fails closed.
 */
export const KUBECTL_DIGEST_PLACEHOLDER = 'sha256:SET-THE-VERIFIED-DIGEST-OF-THE-KUBECTL-IMAGE';

/** Tool images the pipeline runs, pinned by version (never `latest`); kubectl by digest, see {@link KUBECTL_DIGEST_PLACEHOLDER}. */
export const CI_GATE_TOOLS = {
  trivy: 'docker.io/aquasec/trivy:0.57.1',
  cosign: 'ghcr.io/sigstore/cosign/cosign:v2.4.1',
  kubectl: `registry.k8s.io/kubectl:v1.31.4@${KUBECTL_DIGEST_PLACEHOLDER}`,
} as const;

/** Options of the generated pipeline. */
export interface CiGateOptions {
  /** CI system. */
  readonly ci: CiSystem;
  /**
   * Staging repository the build pushes to (nothing runs from it; admission only allows the release repository).
   * @default 'registry.example.cn/staging/app'
   */
  readonly stagingImage?: string;
  /**
   * Release repository the verified image is promoted to.
   * @default 'registry.example.cn/pay/app'
   */
  readonly releaseImage?: string;
  /**
   * Directory of the synthesized manifests (`cdk8s synth` output) applied at deploy.
   * @default 'dist'
   */
  readonly manifestsDir?: string;
  /**
   * kubectl image of the deploy stage, pinned by digest (`<repository>:<tag>@sha256:<64 hex>`).
   * @default - `CI_GATE_TOOLS.kubectl`, whose digest is a placeholder: the deploy stage fails until you set this
   */
  readonly kubectlImage?: string;
}

/*
 * User values never reach a shell or a YAML scalar unchecked: each is validated against a grammar of safe characters,
 * and the generated scripts only ever read them from environment variables, double-quoted ("$RELEASE_IMAGE"), so a
 * value is data and never code (GitHub's security hardening guide: pass untrusted values through `env:`, never
 * interpolate `${{ }}` into a `run:` script).
 */

/** Registry host, optional port (docker/distribution reference grammar, `reference/regexp.go`: domain components). */
const DOMAIN = `${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*(?::[0-9]+)?`;
const REPOSITORY = new RegExp(`^${DOMAIN}(?:/${PATH_COMPONENT})+$`);
const DIGEST_PINNED = new RegExp(`^${DOMAIN}(?:/${PATH_COMPONENT})+(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?@sha256:[a-f0-9]{64}$`);
/** A relative path of safe segments; no segment starts with `-` (it would read as an option) and none is `..`. */
const SAFE_RELATIVE_PATH = /^(?!.*(?:^|\/)\.\.(?:\/|$))[A-Za-z0-9._][A-Za-z0-9._-]*(?:\/[A-Za-z0-9._][A-Za-z0-9._-]*)*\/?$/;
const MAX_VALUE_LENGTH = 255;

/** Environment variables that carry the user's values into the scripts (workflow `env:` / pipeline `variables:`). */
export const CI_GATE_VARIABLES = {
  stagingImage: 'STAGING_IMAGE',
  releaseImage: 'RELEASE_IMAGE',
  manifestsDir: 'MANIFESTS_DIR',
  kubectlImage: 'KUBECTL_IMAGE',
} as const;

/** `docker login` to the registry host of the image in variable `variable` (`${VAR%%/*}` is the part before the first `/`). */
function login(variable: string): string {
  return `echo "$REGISTRY_PASSWORD" | docker login "\${${variable}%%/*}" -u "$REGISTRY_USER" --password-stdin`;
}

/** The shell commands of each stage (the same for both CI systems); `$DIGEST` is the built image digest. */
function commands(o: Required<CiGateOptions>): Record<(typeof CI_GATE_STAGES)[number], string[]> {
  const staged = '"$STAGING_IMAGE@$DIGEST"';
  const trivy = `docker run --rm -v "$PWD:/work" -w /work -e TRIVY_USERNAME="$REGISTRY_USER" -e TRIVY_PASSWORD="$REGISTRY_PASSWORD" ${CI_GATE_TOOLS.trivy}`;
  const cosign = `docker run --rm -v "$PWD:/work" -w /work -e COSIGN_PRIVATE_KEY -e COSIGN_PASSWORD -v "$HOME/.docker:/root/.docker:ro" ${CI_GATE_TOOLS.cosign}`;
  return {
    build: [
      login('STAGING_IMAGE'),
      'docker build --pull -t "$STAGING_IMAGE:$CI_COMMIT" .',
      'docker push "$STAGING_IMAGE:$CI_COMMIT"',
      'echo "DIGEST=$(docker inspect --format \'{{index .RepoDigests 0}}\' "$STAGING_IMAGE:$CI_COMMIT" | cut -d@ -f2)" >> gate.env',
    ],
    scan: [
      `${trivy} image --exit-code 1 --severity CRITICAL --no-progress ${staged}`,
      `${trivy} image --format cosign-vuln --output vuln.json --no-progress ${staged}`,
    ],
    sign: [
      login('STAGING_IMAGE'),
      `${cosign} sign --yes --key env://COSIGN_PRIVATE_KEY ${staged}`,
      // --replace: a re-run (same digest, a newer scan) replaces the vuln attestation instead of adding one beside it;
      // Kyverno checks every vuln attestation of the image, so an old one past maxScanAge would deny it for good.
      `${cosign} attest --yes --replace --key env://COSIGN_PRIVATE_KEY --type vuln --predicate vuln.json ${staged}`,
    ],
    verify: [
      login('STAGING_IMAGE'),
      `${cosign} verify --key cosign.pub ${staged}`,
      `${cosign} verify-attestation --key cosign.pub --type vuln ${staged}`,
    ],
    push: [
      login('STAGING_IMAGE'),
      ...(registryOf(o.releaseImage) === registryOf(o.stagingImage) ? [] : [login('RELEASE_IMAGE')]),
      `${cosign} copy --force ${staged} "$RELEASE_IMAGE"`,
      `${cosign} verify --key cosign.pub "$RELEASE_IMAGE@$DIGEST"`,
    ],
    deploy: [...DEPLOY_COMMANDS],
  };
}

function registryOf(image: string): string {
  return image.split('/')[0];
}

const KUBECTL = 'docker run --rm -v "$PWD:/work" -w /work -v "$KUBECONFIG:/kubeconfig:ro" -e KUBECONFIG=/kubeconfig "$KUBECTL_IMAGE"';
const KUSTOMIZATION = '"$MANIFESTS_DIR/kustomization.yaml"';

/**
 * Deploy exactly the verified digest: a kustomization over the synthesized manifests sets every reference to the
 * release repository to `$RELEASE_IMAGE@$DIGEST`, the run stops unless the rendered manifests name that digest, and
 * only then are they applied. A manifest file name outside `[A-Za-z0-9._-]` stops the run (it would be written into
 * the kustomization's YAML).
 */
const DEPLOY_COMMANDS: readonly string[] = [
  'test -n "$DIGEST"',
  `printf 'apiVersion: kustomize.config.k8s.io/v1beta1\\nkind: Kustomization\\nresources:\\n' > ${KUSTOMIZATION}`,
  'for f in "$MANIFESTS_DIR"/*.yaml; do name="$(basename "$f")"; [ "$name" != kustomization.yaml ] || continue; '
    + 'case "$name" in *[!A-Za-z0-9._-]*) echo "unsafe manifest file name: $f" >&2; exit 1;; esac; '
    + `echo "- $name" >> ${KUSTOMIZATION}; done`,
  `printf 'images:\\n- name: %s\\n  digest: %s\\n' "$RELEASE_IMAGE" "$DIGEST" >> ${KUSTOMIZATION}`,
  `${KUBECTL} kustomize "$MANIFESTS_DIR" > deploy.yaml`,
  'grep -qF "image: $RELEASE_IMAGE@$DIGEST" deploy.yaml',
  `${KUBECTL} apply --server-side -f deploy.yaml`,
];

/** The user's values as environment variables, for `env:` (GitHub) or `variables:` (GitLab). */
function variables(o: Required<CiGateOptions>): Record<string, string> {
  return {
    [CI_GATE_VARIABLES.stagingImage]: o.stagingImage,
    [CI_GATE_VARIABLES.releaseImage]: o.releaseImage,
    [CI_GATE_VARIABLES.manifestsDir]: o.manifestsDir.replace(/\/+$/, ''),
    [CI_GATE_VARIABLES.kubectlImage]: o.kubectlImage,
  };
}

function github(o: Required<CiGateOptions>): Record<string, unknown> {
  const run = commands(o);
  const jobs: Record<string, unknown> = {};
  CI_GATE_STAGES.forEach((stage, i) => {
    const previous = i > 0 ? CI_GATE_STAGES[i - 1] : undefined;
    jobs[stage] = {
      'name': stage,
      'runs-on': 'ubuntu-24.04',
      'needs': previous === undefined ? undefined : [...new Set(['build', previous])],
      'environment': stage === 'deploy' ? 'production' : undefined,
      'outputs': stage === 'build' ? { digest: '${{ steps.build.outputs.digest }}' } : undefined,
      'env': {
        CI_COMMIT: '${{ github.sha }}',
        REGISTRY_USER: stage === 'deploy' ? undefined : '${{ secrets.REGISTRY_USER }}',
        REGISTRY_PASSWORD: stage === 'deploy' ? undefined : '${{ secrets.REGISTRY_PASSWORD }}',
        DIGEST: stage === 'build' ? undefined : '${{ needs.build.outputs.digest }}',
        COSIGN_PRIVATE_KEY: stage === 'sign' ? '${{ secrets.COSIGN_PRIVATE_KEY }}' : undefined,
        COSIGN_PASSWORD: stage === 'sign' ? '${{ secrets.COSIGN_PASSWORD }}' : undefined,
        KUBECONFIG: stage === 'deploy' ? '${{ runner.temp }}/kubeconfig' : undefined,
      },
      'steps': [
        { uses: 'actions/checkout@v4' },
        ...(stage === 'deploy' ? [{ run: 'echo "$KUBECONFIG_DATA" > "$KUBECONFIG"', env: { KUBECONFIG_DATA: '${{ secrets.KUBECONFIG }}' } }] : []),
        ...(stage === 'sign' ? [{ uses: 'actions/download-artifact@v4', with: { name: 'vuln-report' } }] : []),
        stage === 'build'
          ? { id: 'build', run: [...run.build, 'sed s/^DIGEST=/digest=/ gate.env >> "$GITHUB_OUTPUT"'].join('\n') }
          : { run: run[stage].join('\n') },
        ...(stage === 'scan' ? [{ uses: 'actions/upload-artifact@v4', with: { name: 'vuln-report', path: 'vuln.json' } }] : []),
      ],
    };
  });
  return {
    name: 'kube-harden supply-chain gate',
    on: { push: { branches: ['main'] } },
    permissions: { contents: 'read' },
    env: variables(o),
    jobs,
  };
}

function gitlab(o: Required<CiGateOptions>): Record<string, unknown> {
  const run = commands(o);
  const pipeline: Record<string, unknown> = {
    stages: [...CI_GATE_STAGES],
    default: { image: 'docker.io/library/docker:27.3.1', services: ['docker.io/library/docker:27.3.1-dind'] },
    variables: { CI_COMMIT: '$CI_COMMIT_SHA', DOCKER_TLS_CERTDIR: '/certs', ...variables(o) },
  };
  CI_GATE_STAGES.forEach((stage, i) => {
    pipeline[stage] = {
      stage,
      needs: i === 0 ? [] : [...new Set(['build', CI_GATE_STAGES[i - 1]])],
      script: run[stage],
      artifacts: stage === 'build' ? { reports: { dotenv: 'gate.env' } }
        : stage === 'scan' ? { paths: ['vuln.json'] } : undefined,
      environment: stage === 'deploy' ? { name: 'production' } : undefined,
      rules: stage === 'deploy' ? [{ if: '$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH' }] : undefined,
    };
  });
  return pipeline;
}

/**
 * Renders the gated pipeline for `options.ci` as YAML (`.github/workflows/gate.yml` or `.gitlab-ci.yml`).
 * Every value is validated first (all problems at once, `KubeHardenValidationError`): types, unknown keys and own
 * properties at the boundary, then images as repositories in the distribution reference grammar and the manifests
 * directory as a relative path of safe characters. The scripts read the values from environment variables
 * (`CI_GATE_VARIABLES`), quoted, so no value is ever parsed as shell or as a CI expression.
 */
export function renderCiGate(options: CiGateOptions): string {
  return withBoundary('CI gate', 'CiGateOptions', { props: options }, (inputs: CheckedInputs<CiGateOptions>) => renderCheckedCiGate(inputs.props));
}

/** Renders options that passed the boundary (see `renderCiGate`). */
function renderCheckedCiGate(options: CiGateOptions): string {
  const problems = new Problems();
  if (options.ci !== 'github' && options.ci !== 'gitlab') {
    problems.add('ci', options.ci, 'is not a supported CI system', "use 'github' or 'gitlab'.");
  }
  for (const field of ['stagingImage', 'releaseImage', 'manifestsDir', 'kubectlImage'] as const) {
    const value = options[field];
    if (typeof value === 'string' && value.length > MAX_VALUE_LENGTH) {
      problems.add(field, value, `is longer than ${MAX_VALUE_LENGTH} characters`, 'pass a shorter value.');
    }
  }
  const resolved: Required<CiGateOptions> = {
    ci: options.ci,
    stagingImage: options.stagingImage ?? 'registry.example.cn/staging/app',
    releaseImage: options.releaseImage ?? 'registry.example.cn/pay/app',
    manifestsDir: options.manifestsDir ?? 'dist',
    kubectlImage: options.kubectlImage ?? CI_GATE_TOOLS.kubectl,
  };
  if (options.kubectlImage !== undefined && !DIGEST_PINNED.test(options.kubectlImage)) {
    problems.add('kubectlImage', options.kubectlImage, 'is not pinned by digest', "write '<repository>:<tag>@sha256:<digest>', e.g. 'registry.k8s.io/kubectl:v1.31.4@sha256:...'.");
  }
  for (const field of ['stagingImage', 'releaseImage'] as const) {
    if (!REPOSITORY.test(resolved[field])) {
      problems.add(field, resolved[field], 'is not a repository with a registry host and no tag', "write e.g. 'registry.example.cn/pay/app' (lowercase path, no tag, no spaces or shell characters).");
    }
  }
  if (!SAFE_RELATIVE_PATH.test(resolved.manifestsDir)) {
    problems.add('manifestsDir', resolved.manifestsDir, 'is not a relative path of safe characters',
      "write a relative directory such as 'dist' or 'deploy/k8s': letters, digits, '.', '_', '-' and '/', no '..', not starting with '-' or '/'.");
  }
  if (resolved.stagingImage === resolved.releaseImage) {
    problems.add('releaseImage', resolved.releaseImage, 'equals stagingImage', 'promote to a different repository, so unverified builds never land where admission allows them.');
  }
  problems.throwIfAny('CI gate');
  const doc = resolved.ci === 'github' ? github(resolved) : gitlab(resolved);
  return stringify(JSON.parse(JSON.stringify(doc)), { lineWidth: 0 });
}
