import * as fs from 'fs';
import * as path from 'path';
import { UsageError } from './command';
import { printable } from '../audit/format/escape';

/**
 * `.kube-harden.yaml`: the project's audit settings, as kube-linter's `.kube-linter.yaml` and Polaris' config are.
 * Found from the working directory upward (the first `.kube-harden.yaml` or `.kube-harden.yml`), or given with
 * `--config <file>`. Command-line options win over it; ignores and excludes add up. Reading one is `load-config.ts`
 * (loaded only when there is a file: its YAML parser and schema validator cost every other run time).
 */

/** Config file names looked for, in order, in each directory from the working directory up. */
export const CONFIG_FILE_NAMES = ['.kube-harden.yaml', '.kube-harden.yml'] as const;

/** A rule the project does not run, and why. */
export interface ConfigIgnore {
  /** Rule id, e.g. `KH-IMG-002`. */
  readonly rule: string;
  /** Why (required, shown in the output). */
  readonly reason: string;
}

/** The settings of a config file. */
export interface KubeHardenConfig {
  /** Rule pack id. @default - the command's default */
  readonly pack?: string;
  /** `--fail-on` severity. @default - the command's default */
  readonly failOn?: 'error' | 'warning' | 'never';
  /** `--min-score`. @default - none */
  readonly minScore?: number;
  /** Whether a run that reads no Kubernetes object and no Dockerfile fails (exit 2). @default true */
  readonly failIfNoObjects?: boolean;
  /** Registries images may come from (KH-IMG-004). @default [] */
  readonly allowedRegistries?: readonly string[];
  /** Globs of paths not to read, relative to the config file's directory. @default [] */
  readonly exclude?: readonly string[];
  /** Rules not to run, each with a reason. @default [] */
  readonly ignore?: readonly ConfigIgnore[];
}

/** A config file that was loaded. */
export interface LoadedConfig {
  /** Absolute path of the file. */
  readonly file: string;
  /** The file as displayed (relative to the working directory). */
  readonly shown: string;
  /** Its settings. */
  readonly config: KubeHardenConfig;
  /** The 1-based line of the setting at `path` (e.g. `['ignore', 0, 'rule']`), 1 when not found. */
  lineOf(...path: (string | number)[]): number;
}

/**
 * The config file to use: `explicit` (resolved against `cwd`) or the first one found from `cwd` upward. An `explicit`
 * file that is not there, or that cannot be looked at (EACCES, ELOOP...), is a `UsageError` naming it.
 */
export function findConfigFile(cwd: string, explicit?: string): string | undefined {
  if (explicit !== undefined) {
    const file = path.resolve(cwd, explicit);
    try {
      fs.statSync(file);
    } catch (error) {
      // existsSync says false for a file it may not look at (EACCES) as for one that is not there
      const code = (error as NodeJS.ErrnoException).code;
      throw new UsageError(`--config: ${printable(explicit)}: ${code === 'ENOENT' || code === 'ENOTDIR' ? 'no such file'
        : `cannot read the config file: ${code ?? (error as Error).message}`}`);
    }
    return file;
  }
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    for (const name of CONFIG_FILE_NAMES) {
      const file = path.join(dir, name);
      try {
        if (fs.statSync(file).isFile()) return file;
      } catch {
        // not here: look further up
      }
    }
    if (path.dirname(dir) === dir) return undefined;
  }
}
