import { DockerfileRule, DockerfileViolation } from './dockerfile-rule';
import { DockerfileModel, finalStage, stageChain } from './parse-dockerfile';
import { packageInstalls } from './shell';
import { parseImageReference } from '../../core/image';

/** Base images (last repository path component) that are toolchains, with a tag test when only some tags are. */
const TOOLCHAIN_IMAGES: Record<string, (tag: string) => boolean> = {
  'golang': () => true,
  'gcc': () => true,
  'rust': () => true,
  'maven': () => true,
  'gradle': () => true,
  'buildpack-deps': () => true,
  'openjdk': (tag) => !tag.includes('jre'),
  'eclipse-temurin': (tag) => tag.includes('jdk'),
  'amazoncorretto': () => true,
};

/** Packages that install a compiler or build toolchain. */
const TOOLCHAIN_PACKAGE = /^(gcc|g\+\+|gcc-c\+\+|clang|llvm|make|cmake|build-essential|build-base|golang|golang-go|go|rustc|cargo|rust|default-jdk|openjdk-[0-9]+-jdk(-headless)?|java-[0-9.]+-openjdk-devel|openjdk[0-9]+-jdk|maven|gradle)$/;

/** KH-DKR-007: the final image ships no compiler or build toolchain (build it in an earlier stage). */
export const noCompilersShipped: DockerfileRule = {
  id: 'KH-DKR-007',
  area: 'dockerfile',
  title: 'Compilers are not shipped in a single-stage build',
  severity: 'error',
  guideSection: '2.1',
  controls: { nsa: ['Kubernetes Pod security: building secure container images'], mlps: ['8.1.4.4'] },
  remediation: "Use a multi-stage build: compile in a toolchain stage and 'COPY --from=<stage>' only the artefact into a minimal final image (distroless or scratch).",
  check,
};

function check(dockerfile: DockerfileModel): DockerfileViolation[] {
  const final = finalStage(dockerfile);
  if (!final) {
    return [];
  }
  const chain = stageChain(dockerfile, final);
  const root = chain[chain.length - 1];
  const violations: DockerfileViolation[] = [];
  const ref = parseImageReference(root.image);
  const name = ref?.repository.split('/').pop() ?? '';
  if (ref && TOOLCHAIN_IMAGES[name]?.(ref.tag ?? '')) {
    violations.push({ line: root.line, message: `the final image is based on the toolchain image '${root.image}'` });
  }
  for (const { run, install } of packageInstalls(chain.flatMap((stage) => stage.instructions))) {
    const tools = install.packages.map((pkg) => pkg.split(/[=<>~@]/)[0]).filter((pkg) => TOOLCHAIN_PACKAGE.test(pkg));
    if (tools.length > 0) {
      violations.push({ line: run.line, message: `the final image installs the build toolchain ${tools.join(', ')}` });
    }
  }
  return violations;
}
