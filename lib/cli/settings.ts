import * as fs from 'fs';
import * as path from 'path';
import { Command } from 'commander';
import { CommandContext, UsageError } from './command';
import { ConfigIgnore, findConfigFile, LoadedConfig } from './config';
import { AuditInput, ExcludePattern, InputNote, readInput } from './read-input';
import { unknownIgnoredIds } from '../audit/engine';
import { printable } from '../audit/format/escape';
import { inBlocks } from '../audit/format/json-stream';
import { InputProblem } from '../audit/input/parse-manifests';
import { packById } from '../audit/packs/registry';
import { K8sObject } from '../core/manifest';

/** Options every reading command shares: `--config`, `--exclude`, `--output`. */
export interface SharedOptions {
  /** `--config <file>`. */
  readonly config?: string;
  /** `--exclude <glob>`, in order. */
  readonly exclude: string[];
  /** `--output <file>`. */
  readonly output?: string;
}

/** Commander's collector for a repeatable option: `previous` with `value` appended. */
export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** Adds `--config`, `--exclude` and `--output` to `command`. */
export function addSharedOptions(command: Command): Command {
  return command
    .option('--config <file>', 'config file (default: the first .kube-harden.yaml from the working directory up)')
    .option('--exclude <glob>', 'do not read paths matching this glob, relative to the working directory (repeatable)', collect, [])
    .option('-o, --output <file>', 'write the report to this file instead of standard output');
}

/** The config file in effect (`--config`, or found from the working directory up), if any. */
export async function configFor(options: SharedOptions, context: CommandContext): Promise<LoadedConfig | undefined> {
  const file = findConfigFile(context.io.cwd, options.config);
  if (file === undefined) return undefined;
  const { loadConfig } = await import('./load-config');
  return loadConfig(file, context.io.cwd);
}

/** Exclusions of the config file (relative to its directory) and of `--exclude` (relative to the working directory). */
export function excludesFor(options: SharedOptions, config: LoadedConfig | undefined, cwd: string): ExcludePattern[] {
  return [
    ...(config?.config.exclude ?? []).map((pattern) => ({ pattern, base: path.dirname(config!.file) })),
    ...options.exclude.map((pattern) => ({ pattern, base: cwd })),
  ];
}

/** Whether the user gave option `key` on the command line (not its default). */
export function fromCli(command: Command, key: string): boolean {
  const source = command.getOptionValueSource(key);
  return source !== undefined && source !== 'default';
}

/** The pack to run: `--pack` when given, else the config's (checked), else the default. */
export function packFor(command: Command, cliPack: string, config: LoadedConfig | undefined): string {
  if (fromCli(command, 'pack') || config?.config.pack === undefined) return cliPack;
  if (!packById(config.config.pack)) throw new UsageError(`${config.shown}:${config.lineOf('pack')}: pack: unknown rule pack '${printable(config.config.pack)}'`);
  return config.config.pack;
}

/** The config's ignores, checked against `pack`. */
export function configIgnores(config: LoadedConfig | undefined, pack: string): readonly ConfigIgnore[] {
  const ignores = config?.config.ignore ?? [];
  const unknown = new Set(unknownIgnoredIds(ignores.map((i) => i.rule), pack));
  if (unknown.size > 0) {
    throw new UsageError(ignores.flatMap((ignore, i) => (unknown.has(ignore.rule)
      ? [`${config!.shown}:${config!.lineOf('ignore', i, 'rule')}: ignore[${i}].rule: unknown rule id '${ignore.rule}' in pack '${pack}' (see 'kube-harden rules')`]
      : [])).join('\n'));
  }
  return ignores;
}

/** Notes about the config: which file, and each rule it ignores with the reason. */
export function configNotes(config: LoadedConfig | undefined, ignores: readonly ConfigIgnore[]): InputNote[] {
  if (!config) return [];
  return [
    { file: config.shown, message: 'config file in effect' },
    ...ignores.map((i) => ({ file: config.shown, message: `ignores ${i.rule}: ${i.reason}` })),
  ];
}

/**
 * Writes output made in pieces to `--output` (resolved against the working directory) or to standard output, in
 * blocks of about 64 KiB (`inBlocks`), waiting for standard output to drain between them, so a large report is never
 * one string in memory. An `io.writeFile` (a test's) takes the whole text at once.
 */
export async function emitChunks(chunks: Iterable<string>, output: string | undefined, context: CommandContext): Promise<void> {
  if (output === undefined) {
    for (const block of inBlocks(chunks)) {
      context.io.stdout(block);
      // false: the reader closed standard output (`| head`), and the rest would go nowhere
      if ((await context.io.drain?.()) === false) return;
    }
    return;
  }
  const file = path.resolve(context.io.cwd, output);
  let fd: number | undefined;
  try {
    if (context.io.writeFile) {
      context.io.writeFile(file, [...chunks].join(''));
      return;
    }
    fd = fs.openSync(file, 'w');
    for (const block of inBlocks(chunks)) {
      fs.writeSync(fd, block);
    }
  } catch (error) {
    throw new UsageError(`--output: cannot write ${printable(output)}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** Prints `problem` to standard error as `kube-harden: <file>[:<line>]: <message>`. */
export function printProblem(problem: InputProblem, context: CommandContext): void {
  context.io.stderr(`kube-harden: ${printable(problem.file)}${problem.line !== undefined ? `:${problem.line}` : ''}: ${printable(problem.message)}\n`);
}

/** Prints `note` to standard error as `kube-harden: note: <file>: <message>`. */
export function printNote(note: InputNote, context: CommandContext): void {
  context.io.stderr(`kube-harden: note: ${printable(note.file)}: ${printable(note.message)}\n`);
}

/** The manifests a command compares with a baseline (`reach`, `report`), as read by `readWithBaseline`. */
export interface InputWithBaseline {
  /** The Kubernetes objects `paths` hold, in the order read. */
  readonly objects: readonly K8sObject[];
  /** The Kubernetes objects `--baseline` holds, when given. */
  readonly baseline?: readonly K8sObject[];
  /** Unreadable files and malformed documents of both. */
  readonly problems: readonly InputProblem[];
  /** Notes of both, then one per Dockerfile skipped. */
  readonly notes: readonly InputNote[];
}

/** What `readObjects` keeps of an input. */
type ObjectsRead = Pick<AuditInput, 'problems' | 'notes' | 'dockerfiles'> & { readonly objects: readonly K8sObject[] };

/**
 * The objects `paths` hold, with the problems, notes and Dockerfiles, and nothing else of the input: the texts and
 * source positions (as large again as the objects for a 60 MB file) are freed as this returns.
 */
async function readObjects(paths: readonly string[], exclude: ExcludePattern[], context: CommandContext): Promise<ObjectsRead> {
  const { manifests, problems, notes, dockerfiles } = await readInput(paths, context.io, { exclude });
  return { objects: manifests.map((m) => m.object), problems, notes, dockerfiles };
}

/**
 * Reads `paths` and, when any are given, the `baselinePaths`; prints the notes (each Dockerfile is skipped with
 * `dockerfileNote`) and then the problems to standard error; throws a UsageError when either reads no Kubernetes object.
 */
export async function readWithBaseline(
  paths: readonly string[], baselinePaths: readonly string[], exclude: ExcludePattern[], dockerfileNote: string, context: CommandContext,
): Promise<InputWithBaseline> {
  const input = await readObjects(paths, exclude, context);
  const baseline = baselinePaths.length > 0 ? await readObjects(baselinePaths, exclude, context) : undefined;
  const problems = [...input.problems, ...(baseline?.problems ?? [])];
  const skipped = [...input.dockerfiles, ...(baseline?.dockerfiles ?? [])].map((d) => ({ file: d.file, message: dockerfileNote }));
  const notes = [...input.notes, ...(baseline?.notes ?? []), ...skipped];
  for (const note of notes) printNote(note, context);
  for (const problem of problems) printProblem(problem, context);
  if (input.objects.length === 0) throw new UsageError(`no Kubernetes objects in ${paths.map(printable).join(', ')}`);
  if (baseline && baseline.objects.length === 0) throw new UsageError(`no Kubernetes objects in the baseline ${baselinePaths.map(printable).join(', ')}`);
  return { objects: input.objects, baseline: baseline?.objects, problems, notes };
}
