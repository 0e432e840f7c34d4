import parse, { ParseEntry } from 'shell-quote/parse';
import quoteWords from 'shell-quote/quote';
import { DockerInstruction } from './parse-dockerfile';

/**
 * One simple command of a `RUN`, as the words a shell would pass to it: quotes removed, command separators
 * (`&&`, `||`, `;`, `|`, `&`, new lines, subshell parentheses) splitting commands, and redirections (`> file`,
 * `2>&1`, `< input`) left out. Variables stay as written (`$PKG`).
 */
export type ShellCommand = readonly string[];

/** The simple commands a `RUN` executes (shell form, heredoc or JSON exec form), tokenized by `shell-quote`. */
export function runCommands(run: DockerInstruction): ShellCommand[] {
  const script = execFormScript(run.content) ?? heredocBody(run.content) ?? run.content;
  return unquotedLines(script).flatMap((line) => simpleCommands(lineTokens(line)))
    .map(skipPrefixes)
    .filter((words) => words.length > 0);
}

/** shell-quote's tokens of one line; a line it cannot read (`${` unclosed) is split on blanks instead, never dropped. */
function lineTokens(line: string): ParseEntry[] {
  try {
    return parse(line, (name) => `$${name}`);
  } catch {
    return line.split(/\s+/).filter((word) => word.length > 0);
  }
}

/** shell-quote's operators that end a simple command; every other operator is a redirection. */
const SEPARATORS = new Set(['||', '&&', ';;&', ';;', ';&', '|&', '&', ';', '(', ')', '|']);
/** Redirections that name a file or descriptor as their next word. */
const REDIRECTIONS = new Set(['<', '>', '>>', '>&', '>|', '&>', '&>>', '<&', '<>', '<<<', '<<', '<<-']);

function simpleCommands(tokens: readonly ParseEntry[]): string[][] {
  const commands: string[][] = [[]];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    const current = commands[commands.length - 1];
    if (typeof token === 'string') {
      current.push(token);
    } else if ('comment' in token) {
      break;
    } else if (token.op === 'glob') {
      current.push(token.pattern);
    } else if (SEPARATORS.has(token.op)) {
      commands.push([]);
    } else {
      // A redirection: the descriptor written before it (`2>`) and its target are not arguments.
      if (/^[0-9]+$/.test(current[current.length - 1] ?? '') && current.length > 1) current.pop();
      if (REDIRECTIONS.has(token.op)) i++;
    }
  }
  return commands;
}

/** The body of a heredoc `RUN <<EOF ... EOF`. */
function heredocBody(content: string): string | undefined {
  const match = /^<<-?\s*(["']?)([A-Za-z_][A-Za-z0-9_]*)\1[^\n]*\n([\s\S]*?)(?:\n\2\s*)?$/.exec(content);
  return match?.[3];
}

/** Splits a script at new lines that are outside quotes (a new line there ends a command, as `;` does). */
function unquotedLines(script: string): string[] {
  const lines: string[] = [];
  let quote: string | undefined;
  let start = 0;
  for (let i = 0; i < script.length; i++) {
    const c = script[i];
    if (c === '\\' && quote !== "'") {
      i++;
    } else if (quote !== undefined) {
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === '\n') {
      lines.push(script.slice(start, i));
      start = i + 1;
    }
  }
  lines.push(script.slice(start));
  return lines;
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

/** The script of a JSON exec-form `RUN`: the `-c` argument of a shell, or the words themselves (quoted). */
function execFormScript(content: string): string | undefined {
  if (!content.trimStart().startsWith('[')) {
    return undefined;
  }
  try {
    const words: unknown = JSON.parse(content);
    if (!Array.isArray(words)) return undefined;
    const argv = words.map(String);
    return /^(.*\/)?(ba|da|a)?sh$/.test(argv[0] ?? '') && argv[1] === '-c' && argv.length >= 3 ? argv[2] : quoteWords(argv);
  } catch {
    return undefined;
  }
}

/** Drops `sudo`, `env A=1`, `A=1` and `DEBIAN_FRONTEND=...` prefixes so the tool is the first word. */
function skipPrefixes(words: string[]): string[] {
  let i = 0;
  while (i < words.length && (words[i] === 'sudo' || words[i] === 'env' || /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[i]))) {
    i++;
  }
  return words.slice(i);
}
