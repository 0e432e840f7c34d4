import { DockerfileRule, DockerfileViolation } from './dockerfile-rule';
import { DockerfileModel, DockerInstruction, finalStage, stageChain } from './parse-dockerfile';
import { PackageInstall, PackageManager, packageInstalls, runCommands } from './shell';

/**
 * KH-DKR-004: package installs pin versions (every stage: builds are reproducible) and leave no package cache
 * in the image (stages the final image is made of; a `RUN --mount=type=cache` keeps the cache out of the layer).
 */
export const packageInstallsPinned: DockerfileRule = {
  id: 'KH-DKR-004',
  area: 'dockerfile',
  title: 'Package installs pin versions and clean caches',
  severity: 'warning',
  guideSection: '2.1',
  controls: { nsa: ['Kubernetes Pod security: building secure container images'], mlps: ['8.1.4.7'] },
  remediation: "Pin each package (apt 'curl=7.88.1-10', apk 'curl=8.5.0-r0', pip 'flask==3.0.3', npm 'left-pad@1.3.0') and clean the cache in the same RUN (e.g. 'rm -rf /var/lib/apt/lists/*', 'apk add --no-cache', 'pip install --no-cache-dir').",
  check,
};

function check(dockerfile: DockerfileModel): DockerfileViolation[] {
  const final = finalStage(dockerfile);
  const shipped = new Set(final ? stageChain(dockerfile, final).flatMap((stage) => stage.instructions) : []);
  const instructions = [...dockerfile.preamble, ...dockerfile.stages.flatMap((stage) => stage.instructions)];
  return packageInstalls(instructions).flatMap(({ run, install }) => {
    const violations: DockerfileViolation[] = [];
    const unpinned = install.packages.filter((pkg) => !isPinned(install.manager, pkg));
    if (unpinned.length > 0) {
      violations.push({ line: run.line, message: `'${install.command}' installs ${unpinned.join(', ')} without a version pin` });
    }
    if (shipped.has(run) && !cleansCache(run, install)) {
      violations.push({ line: run.line, message: `'${install.command}' leaves the ${install.manager} cache in the image` });
    }
    return violations;
  });
}

const LOCAL = /^(\.|\/|~)|\.(deb|rpm|apk|whl|tgz|tar\.gz|zip)$|^[a-z+]+:\/\//;

function isPinned(manager: PackageManager, pkg: string): boolean {
  if (LOCAL.test(pkg) || pkg.startsWith('$')) {
    return true;
  }
  switch (manager) {
    case 'apt-get': return /=/.test(pkg);
    case 'apk': return /[=~<>]/.test(pkg);
    case 'yum': return /-[0-9]/.test(pkg) || /=/.test(pkg);
    case 'pip': return /===?/.test(pkg);
    case 'npm': {
      const at = pkg.lastIndexOf('@');
      return at > 0 && !['latest', 'next', '*', ''].includes(pkg.slice(at + 1));
    }
  }
}

const CACHE_DIRS: Record<PackageManager, RegExp> = {
  'apt-get': /^\/var\/lib\/apt\/lists/,
  'apk': /^\/var\/cache\/apk/,
  'yum': /^\/var\/cache\/(yum|dnf)/,
  'pip': /\.cache\/pip/,
  'npm': /\.npm/,
};

function cleansCache(run: DockerInstruction, install: PackageInstall): boolean {
  if ((run.flags.mount ?? '').includes('type=cache')) {
    return true;
  }
  const commands = runCommands(run);
  const removes = commands.some((words) => words[0] === 'rm' && words.some((word) => CACHE_DIRS[install.manager].test(word)));
  switch (install.manager) {
    case 'apt-get': return removes;
    case 'apk': return removes || install.options.includes('--no-cache');
    case 'yum': return removes || commands.some((words) => /^(yum|dnf|microdnf)$/.test(words[0]) && words.includes('clean'));
    case 'pip': return removes || install.options.includes('--no-cache-dir') || /PIP_NO_CACHE_DIR=/.test(run.content);
    case 'npm': return removes || commands.some((words) => words[0] === 'npm' && words[1] === 'cache' && words[2] === 'clean');
  }
}
