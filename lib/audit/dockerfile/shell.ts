import { DockerInstruction } from './parse-dockerfile';

/** One simple command of a `RUN` (split on `&&`, `||`, `;`, `|` and new lines), as words without quotes. */
export type ShellCommand = readonly string[];

/** The simple commands a `RUN` executes (shell form or JSON exec form). */
export function runCommands(run: DockerInstruction): ShellCommand[] {
  const script = execFormScript(run.content) ?? run.content;
  return script
    .split(/&&|\|\||[;|\n]/)
    .map((part) => part.trim().split(/\s+/).filter((word) => word.length > 0).map(unquote))
    .map(skipPrefixes)
    .filter((words) => words.length > 0);
}

/** A package-manager install found in a `RUN`. */
export interface PackageInstall {
  /** Package manager, e.g. `apt-get`, `apk`, `pip`. */
  readonly manager: PackageManager;
  /** The whole command, for messages. */
  readonly command: string;
  /** Options given to the install (words starting with `-`). */
  readonly options: readonly string[];
  /** Package arguments. */
  readonly packages: readonly string[];
}

/** Package managers the Dockerfile rules understand. */
export type PackageManager = 'apt-get' | 'apk' | 'yum' | 'pip' | 'npm';

const INSTALL_VERBS: Record<string, { manager: PackageManager; verbs: readonly string[] }> = {
  'apt-get': { manager: 'apt-get', verbs: ['install'] },
  'apt': { manager: 'apt-get', verbs: ['install'] },
  'apk': { manager: 'apk', verbs: ['add'] },
  'yum': { manager: 'yum', verbs: ['install'] },
  'dnf': { manager: 'yum', verbs: ['install'] },
  'microdnf': { manager: 'yum', verbs: ['install'] },
  'pip': { manager: 'pip', verbs: ['install'] },
  'pip3': { manager: 'pip', verbs: ['install'] },
  'npm': { manager: 'npm', verbs: ['install', 'i', 'add'] },
};

/** Options that take the next word as their value (so it is not a package). */
const OPTIONS_WITH_VALUE = new Set([
  '-t', '-o', '--target-release', '--repository', '-X', '-r', '--requirement', '-c', '--constraint',
  '-i', '--index-url', '--extra-index-url', '--target', '-e', '--editable', '--prefix', '--root',
  '--enablerepo', '--disablerepo', '--setopt', '--virtual',
]);

/** The package installs in `command`, when it is one. */
export function packageInstall(command: ShellCommand): PackageInstall | undefined {
  const tool = command[0].split('/').pop() ?? '';
  const python = /^python[0-9.]*$/.test(tool) && command[1] === '-m' && /^pip[0-9]*$/.test(command[2] ?? '');
  const words = python ? command.slice(2) : command;
  const known = INSTALL_VERBS[words[0]?.split('/').pop() ?? ''];
  const verbIndex = known ? words.findIndex((word, i) => i > 0 && known.verbs.includes(word)) : -1;
  if (!known || verbIndex < 0 || words.slice(1, verbIndex).some((word) => !word.startsWith('-'))) {
    return undefined;
  }
  const options: string[] = [];
  const packages: string[] = [];
  const rest = words.slice(verbIndex + 1);
  for (let i = 0; i < rest.length; i++) {
    const word = rest[i];
    if (word.startsWith('-')) {
      options.push(word);
      if (OPTIONS_WITH_VALUE.has(word) && i + 1 < rest.length) {
        options.push(rest[++i]);
      }
    } else {
      packages.push(word);
    }
  }
  return { manager: known.manager, command: command.join(' '), options, packages };
}

/** Every package install in the `RUN`s of `instructions`, with the `RUN` it is in. */
export function packageInstalls(instructions: readonly DockerInstruction[]): { run: DockerInstruction; install: PackageInstall }[] {
  return instructions
    .filter((instruction) => instruction.keyword === 'RUN')
    .flatMap((run) => runCommands(run).flatMap((command) => {
      const install = packageInstall(command);
      return install ? [{ run, install }] : [];
    }));
}

function execFormScript(content: string): string | undefined {
  if (!content.trimStart().startsWith('[')) {
    return undefined;
  }
  try {
    const words: unknown = JSON.parse(content);
    return Array.isArray(words) ? words.map(String).join(' ') : undefined;
  } catch {
    return undefined;
  }
}

function unquote(word: string): string {
  return word.replace(/^["']|["']$/g, '');
}

/** Drops `sudo`, `env A=1`, `A=1` and `DEBIAN_FRONTEND=...` prefixes so the tool is the first word. */
function skipPrefixes(words: string[]): string[] {
  let i = 0;
  while (i < words.length && (words[i] === 'sudo' || words[i] === 'env' || /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[i]))) {
    i++;
  }
  return words.slice(i);
}
