import * as fs from 'fs';
import * as path from 'path';
import { InputProblem, LocatedObject, parseManifests } from '../audit/input/parse-manifests';

/** A Dockerfile read for the audit. */
export interface DockerfileInput {
  /** File as displayed (relative to the working directory, `/` separators). */
  readonly file: string;
  /** Its text. */
  readonly text: string;
}

/** Everything the audit reads from its arguments. */
export interface AuditInput {
  /** Kubernetes objects from YAML and JSON files. */
  readonly manifests: readonly LocatedObject[];
  /** Dockerfiles. */
  readonly dockerfiles: readonly DockerfileInput[];
  /** Unreadable files and malformed documents (the rest is still audited). */
  readonly problems: readonly InputProblem[];
  /** Files read (stdin counts as one). */
  readonly files: number;
}

/** How `readInput` reaches the outside world. */
export interface InputSource {
  /** Working directory: displayed paths are relative to it. */
  readonly cwd: string;
  /** Reads standard input (for the argument `-`). */
  readStdin(): Promise<string>;
}

/** Display name of standard input. */
export const STDIN_NAME = '<stdin>';
/** Largest file the audit reads. */
export const MAX_FILE_BYTES = 64 * 1024 * 1024;

const MANIFEST_EXTENSIONS = new Set(['.yaml', '.yml', '.json']);
const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git']);

/** Whether `file` is a Dockerfile by its name: `Dockerfile`, `Containerfile`, `*.Dockerfile`, `Dockerfile.*`. */
export function isDockerfileName(file: string): boolean {
  const base = path.basename(file);
  return /^(Dockerfile|Containerfile)(\..+)?$/i.test(base) || /\.(Dockerfile|Containerfile)$/i.test(base);
}

/**
 * Reads files, directories (walked recursively in sorted order; YAML, JSON and Dockerfiles by name) and `-`
 * (stdin: a Dockerfile when it starts with `FROM` or `ARG`, manifests otherwise). Never throws for bad input.
 */
export async function readInput(args: readonly string[], source: InputSource): Promise<AuditInput> {
  const manifests: LocatedObject[] = [];
  const dockerfiles: DockerfileInput[] = [];
  const problems: InputProblem[] = [];
  let files = 0;
  const add = (file: string, text: string, dockerfile: boolean): void => {
    files++;
    if (dockerfile) {
      dockerfiles.push({ file, text });
    } else {
      const parsed = parseManifests(text, file);
      manifests.push(...parsed.objects);
      problems.push(...parsed.problems);
    }
  };
  for (const arg of args) {
    if (arg === '-') {
      const text = await source.readStdin();
      if (isBinary(text)) {
        problems.push({ file: STDIN_NAME, message: 'binary data, not YAML, JSON or a Dockerfile' });
      } else {
        add(STDIN_NAME, text, looksLikeDockerfile(text));
      }
      continue;
    }
    const absolute = path.resolve(source.cwd, arg);
    // a path that does not exist is echoed as given, not rewritten relative to the working directory
    const found = expand(absolute, problems, arg);
    if (found.length === 0 && isDirectory(absolute)) {
      // An empty directory must not pass as a clean audit (e.g. a synth that wrote nothing).
      problems.push({ file: display(source.cwd, absolute), message: 'no YAML, JSON or Dockerfile in this directory' });
    }
    for (const file of found) {
      const shown = display(source.cwd, file);
      const text = readText(file, shown, problems);
      if (text !== undefined) {
        add(shown, text, isDockerfileName(file));
      }
    }
  }
  return { manifests, dockerfiles, problems, files };
}

/** The files `absolute` stands for: itself, or the auditable files under it (sorted). */
function expand(absolute: string, problems: InputProblem[], shown: string): string[] {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(absolute);
  } catch {
    problems.push({ file: shown, message: 'no such file or directory' });
    return [];
  }
  if (!stat.isDirectory()) {
    return [absolute];
  }
  const entries = fs.readdirSync(absolute, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return entries.flatMap((entry) => {
    const child = path.join(absolute, entry.name);
    if (entry.isDirectory()) {
      return SKIPPED_DIRECTORIES.has(entry.name) ? [] : expand(child, problems, shown);
    }
    const auditable = MANIFEST_EXTENSIONS.has(path.extname(entry.name).toLowerCase()) || isDockerfileName(entry.name);
    return entry.isFile() && auditable ? [child] : [];
  });
}

function isDirectory(file: string): boolean {
  try {
    return fs.statSync(file).isDirectory();
  } catch {
    return false;
  }
}

function readText(file: string, shown: string, problems: InputProblem[]): string | undefined {
  try {
    const size = fs.statSync(file).size;
    if (size > MAX_FILE_BYTES) {
      problems.push({ file: shown, message: `file is larger than ${MAX_FILE_BYTES} bytes` });
      return undefined;
    }
    const text = fs.readFileSync(file, 'utf8');
    if (isBinary(text)) {
      problems.push({ file: shown, message: 'binary file, not YAML, JSON or a Dockerfile' });
      return undefined;
    }
    return text;
  } catch (error) {
    problems.push({ file: shown, message: `cannot read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` });
    return undefined;
  }
}

/** NUL characters (or mostly undecodable bytes) in the first 8 KiB mean binary data. */
function isBinary(text: string): boolean {
  const head = text.slice(0, 8192);
  const replacement = head.split('\uFFFD').length - 1;
  return head.includes('\u0000') || (head.length > 0 && replacement / head.length > 0.1);
}

function looksLikeDockerfile(text: string): boolean {
  const first = text.split('\n').map((line) => line.trim()).find((line) => line.length > 0 && !line.startsWith('#'));
  return first !== undefined && /^(FROM|ARG)\s/i.test(first);
}

function display(cwd: string, absolute: string): string {
  return path.relative(cwd, absolute).split(path.sep).join('/') || '.';
}
