import { isUtf8 } from 'buffer';
import * as fs from 'fs';
import * as path from 'path';
import { minimatch } from 'minimatch';
import { duplicateObjects } from '../audit/input/duplicate-objects';
import { InputProblem, LocatedObject, parseManifests } from '../audit/input/parse-manifests';

/** A Dockerfile read for the audit. */
export interface DockerfileInput {
  /** File as displayed (relative to the working directory, `/` separators). */
  readonly file: string;
  /** Its text. */
  readonly text: string;
}

/** Something the input walk skipped on purpose (not a failure, but never silent). */
export interface InputNote {
  /** File or directory as displayed. */
  readonly file: string;
  /** What was skipped and why. */
  readonly message: string;
}

/** Everything the audit reads from its arguments. */
export interface AuditInput {
  /**
   * Kubernetes objects from YAML and JSON files, in the order read; a copy identical to a later one of the same key
   * (API group, kind, namespace, name) is left out, so that it is judged once.
   */
  readonly manifests: readonly LocatedObject[];
  /** Dockerfiles. */
  readonly dockerfiles: readonly DockerfileInput[];
  /** Unreadable files and malformed documents (the rest is still audited; the run exits 2). */
  readonly problems: readonly InputProblem[];
  /**
   * What was skipped on purpose or needs a look: excluded files, non-Kubernetes YAML in directories, symbolic link
   * loops, empty inputs, objects given twice (identical, or with other content: see `duplicateObjects`).
   */
  readonly notes: readonly InputNote[];
  /** Files read (stdin counts as one). */
  readonly files: number;
}

/** How `readInput` reaches the outside world. */
export interface InputSource {
  /** Working directory: displayed paths are relative to it. */
  readonly cwd: string;
  /**
   * Reads standard input (for the argument `-`); a string is taken as already decoded. A rejection is a problem of
   * `<stdin>`: `cannot read: ` and the error's code (`EISDIR`), or its message when it has none.
   */
  readStdin(): Promise<string | Buffer>;
  /**
   * Told the characters of each file (or standard input) as it is read, before it is parsed (the process's own CLI
   * bounds the heap's growth once a run has read many, see `boundHeapGrowth`).
   * @default - nothing
   */
  reading?(characters: number): void;
}

/** A path exclusion: a glob matched against paths relative to `base`. */
export interface ExcludePattern {
  /** Glob (minimatch syntax; a pattern without `/` also matches a file or directory name anywhere). */
  readonly pattern: string;
  /** Absolute directory the pattern is relative to (the working directory, or the config file's directory). */
  readonly base: string;
}

/** Options of `readInput`. */
export interface ReadInputOptions {
  /**
   * Files and directories not to read.
   * @default []
   */
  readonly exclude?: readonly ExcludePattern[];
}

/** Display name of standard input. */
export const STDIN_NAME = '<stdin>';
/** Largest file (or standard input) the audit reads. */
export const MAX_FILE_BYTES = 64 * 1024 * 1024;
/** Message of `parseManifests` for a document that is not a Kubernetes object (such files are skipped in directories). */
const NOT_KUBERNETES = /is not a Kubernetes object/;

const MANIFEST_EXTENSIONS = new Set(['.yaml', '.yml', '.json']);
const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git']);

/** Whether `file` is a Dockerfile by its name: `Dockerfile`, `Containerfile`, `*.Dockerfile`, `Dockerfile.*`. */
export function isDockerfileName(file: string): boolean {
  const base = path.basename(file);
  return /^(Dockerfile|Containerfile)(\..+)?$/i.test(base) || /\.(Dockerfile|Containerfile)$/i.test(base);
}

function isAuditableName(name: string): boolean {
  return MANIFEST_EXTENSIONS.has(path.extname(name).toLowerCase()) || isDockerfileName(name);
}

/** What a `fs.Stats` is, for messages: `FIFO`, `socket`, `character device`, ... */
function kindOf(stat: fs.Stats): string {
  if (stat.isFIFO()) return 'a FIFO (named pipe)';
  if (stat.isSocket()) return 'a socket';
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  return 'not a regular file';
}

/**
 * The first invalid UTF-8 sequence in `bytes`: its byte offset and 1-based line, or undefined when the bytes are
 * valid UTF-8. Well-formed sequences are those of the Unicode Standard, table 3-7 (no overlongs, no surrogates,
 * nothing above U+10FFFF).
 */
export function invalidUtf8(bytes: Buffer): { offset: number; line: number } | undefined {
  if (isUtf8(bytes)) return undefined;
  let offset = 0;
  while (offset < bytes.length) {
    const length = sequenceLength(bytes, offset);
    if (length === 0) break;
    offset += length;
  }
  let line = 1;
  for (let i = 0; i < offset; i++) {
    // LF, CRLF and a lone CR each end a line, as YAML ends it (`countLines`)
    if (bytes[i] === 0x0a || (bytes[i] === 0x0d && bytes[i + 1] !== 0x0a)) line++;
  }
  return { offset, line };
}

/** [lead byte range, second byte range] of each well-formed multi-byte sequence (Unicode table 3-7). */
const WELL_FORMED: readonly (readonly [number, number, number, number, number])[] = [
  // lead from, lead to, second from, second to, length
  [0xc2, 0xdf, 0x80, 0xbf, 2],
  [0xe0, 0xe0, 0xa0, 0xbf, 3],
  [0xe1, 0xec, 0x80, 0xbf, 3],
  [0xed, 0xed, 0x80, 0x9f, 3],
  [0xee, 0xef, 0x80, 0xbf, 3],
  [0xf0, 0xf0, 0x90, 0xbf, 4],
  [0xf1, 0xf3, 0x80, 0xbf, 4],
  [0xf4, 0xf4, 0x80, 0x8f, 4],
];

/** Length of the well-formed sequence at `offset`, 0 when it is not well-formed. */
function sequenceLength(bytes: Buffer, offset: number): number {
  const lead = bytes[offset];
  if (lead < 0x80) return 1;
  const form = WELL_FORMED.find(([from, to]) => lead >= from && lead <= to);
  if (!form || offset + form[4] > bytes.length) return 0;
  const second = bytes[offset + 1];
  if (second < form[2] || second > form[3]) return 0;
  for (let i = 2; i < form[4]; i++) {
    if (bytes[offset + i] < 0x80 || bytes[offset + i] > 0xbf) return 0;
  }
  return form[4];
}

/**
 * Reads files, directories (walked recursively in sorted order; YAML, JSON and Dockerfiles by name) and `-`
 * (stdin: a Dockerfile when it starts with `FROM` or `ARG`, manifests otherwise). Never throws for bad input, never
 * blocks on a FIFO and never reads more than `MAX_FILE_BYTES` of anything:
 * - a path that does not exist, or is not a regular file or directory (FIFO, socket, device), is a problem named as given;
 * - an entry of a directory that cannot be looked at (the directory can be listed but not searched, or the entry went
 *   away since the listing) is a problem when it would be read;
 * - symbolic links inside directories are followed; a link back to a directory already walked (a loop) is noted and
 *   skipped, a file reached twice is read once, a broken link is a problem;
 * - invalid UTF-8 and binary data are problems with the byte offset and line;
 * - in a directory, YAML/JSON files that hold no Kubernetes object (tsconfig.json, Chart.yaml...) are noted and skipped;
 * - an argument that yields no Kubernetes object and no Dockerfile (an empty file or an empty directory alike) is noted;
 * - an object given twice (the same API group, kind, namespace and name) is noted with both lines: a copy with other
 *   content is still judged (`kubectl apply -f` of both would keep only the later), an identical one is judged once
 *   (see `duplicateObjects`).
 */
export async function readInput(args: readonly string[], source: InputSource, options: ReadInputOptions = {}): Promise<AuditInput> {
  const reader = new InputReader(source.cwd, options.exclude ?? [], (characters) => source.reading?.(characters));
  for (const arg of args) {
    const before = reader.counts();
    if (arg === '-') {
      await reader.readStdin(source);
    } else {
      reader.readArgument(arg);
    }
    const after = reader.counts();
    if (after.audited === before.audited && after.problems === before.problems) {
      reader.note(arg === '-' ? STDIN_NAME : arg, 'no Kubernetes object and no Dockerfile in it (empty input)');
    }
  }
  return reader.result();
}

class InputReader {
  private readonly manifests: LocatedObject[] = [];
  private readonly dockerfiles: DockerfileInput[] = [];
  private readonly problems: InputProblem[] = [];
  private readonly notes: InputNote[] = [];
  private readonly readFiles = new Map<string, string>();
  private files = 0;
  private excluded = 0;

  constructor(
    private readonly cwd: string,
    private readonly exclude: readonly ExcludePattern[],
    private readonly reading: (characters: number) => void,
  ) {}

  /** Objects and Dockerfiles, and problems, so far (to tell what one argument added). */
  public counts(): { audited: number; problems: number } {
    return { audited: this.manifests.length + this.dockerfiles.length, problems: this.problems.length };
  }

  public note(file: string, message: string): void {
    this.notes.push({ file, message });
  }

  /** What was read, an object identical to a later one of its key left out and objects given twice noted (see `duplicateObjects`). */
  public result(): AuditInput {
    const duplicates = duplicateObjects(this.manifests);
    const notes = [...this.notes, ...duplicates.notes.map((n) => ({ file: n.file, message: `line ${n.line}: ${n.message}` }))];
    if (this.excluded > 0) notes.push({ file: '.', message: `${this.excluded} path${this.excluded === 1 ? '' : 's'} excluded by --exclude or the config file` });
    return { manifests: duplicates.objects, dockerfiles: this.dockerfiles, problems: this.problems, notes, files: this.files };
  }

  public async readStdin(source: InputSource): Promise<void> {
    let data: string | Buffer;
    try {
      data = await source.readStdin();
    } catch (error) {
      this.problems.push({ file: STDIN_NAME, message: `cannot read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` });
      return;
    }
    const text = typeof data === 'string' ? data : this.decode(data, STDIN_NAME);
    if (text === undefined) return;
    if (text.includes('\u0000')) {
      this.problems.push({ file: STDIN_NAME, message: 'binary data (NUL bytes), not YAML, JSON or a Dockerfile' });
      return;
    }
    this.add(STDIN_NAME, text, looksLikeDockerfile(text), false);
  }

  /** A command-line path: problems about the path itself name it exactly as given. */
  public readArgument(arg: string): void {
    const absolute = path.resolve(this.cwd, arg);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(absolute);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      this.problems.push({ file: arg, message: code === 'ENOENT' ? 'no such file or directory' : `cannot read: ${code ?? (error as Error).message}` });
      return;
    }
    if (this.isExcluded(absolute)) {
      this.excluded++;
      return;
    }
    if (stat.isDirectory()) {
      this.walk(absolute, new Set([identity(stat)]));
    } else if (stat.isFile()) {
      this.readFile(absolute, this.display(absolute), false, stat);
    } else {
      this.problems.push({ file: arg, message: `is ${kindOf(stat)}: only regular files and directories are read` });
    }
  }

  private walk(directory: string, ancestors: ReadonlySet<string>): void {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(directory, { withFileTypes: true });
    } catch (error) {
      this.problems.push({ file: this.display(directory), message: `cannot read directory: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` });
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const child = path.join(directory, entry.name);
      const shown = this.display(child);
      if (this.isExcluded(child)) {
        this.excluded++;
        continue;
      }
      let stat: fs.Stats;
      if (entry.isSymbolicLink()) {
        try {
          stat = fs.statSync(child);
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code;
          if (code === 'ELOOP') this.note(shown, 'symbolic link loop: skipped');
          else if (isAuditableName(entry.name)) this.problems.push({ file: shown, message: `broken symbolic link (${code ?? 'unreadable target'})` });
          else this.note(shown, 'broken symbolic link: skipped');
          continue;
        }
      } else if (entry.isFile() ? !isAuditableName(entry.name) : entry.isDirectory() && SKIPPED_DIRECTORIES.has(entry.name)) {
        continue; // never read, so never looked at
      } else if (entry.isDirectory() || entry.isFile()) {
        // fails in a directory that can be listed but not searched (mode r--), or for an entry removed since the listing
        const checked = statOrError(child, fs.statSync);
        if (typeof checked === 'string') {
          this.problems.push({ file: shown, message: `${entry.isDirectory() ? 'cannot read directory' : 'cannot read'}: ${checked}` });
          continue;
        }
        stat = checked;
      } else {
        if (isAuditableName(entry.name)) {
          const checked = statOrError(child, fs.lstatSync);
          this.problems.push({ file: shown, message: typeof checked === 'string' ? `cannot read: ${checked}` : `is ${kindOf(checked)}: only regular files and directories are read` });
        }
        continue;
      }
      if (stat.isDirectory()) {
        if (SKIPPED_DIRECTORIES.has(entry.name)) continue;
        if (ancestors.has(identity(stat))) {
          this.note(shown, 'symbolic link to a directory that contains it (a loop): skipped');
          continue;
        }
        this.walk(child, new Set([...ancestors, identity(stat)]));
      } else if (!isAuditableName(entry.name)) {
        continue;
      } else if (stat.isFile()) {
        this.readFile(child, shown, true, stat);
      } else {
        this.problems.push({ file: shown, message: `is ${kindOf(stat)}: only regular files and directories are read` });
      }
    }
  }

  private readFile(absolute: string, shown: string, inDirectory: boolean, stat: fs.Stats): void {
    const first = this.readFiles.get(identity(stat));
    if (first !== undefined) {
      this.note(shown, `same file as ${first} (through a symbolic link): read once`);
      return;
    }
    this.readFiles.set(identity(stat), shown);
    const bytes = readBounded(absolute);
    if (typeof bytes === 'string') {
      this.problems.push({ file: shown, message: bytes });
      return;
    }
    const text = this.decode(bytes, shown);
    if (text === undefined) return;
    if (text.slice(0, 8192).includes('\u0000')) {
      this.problems.push({ file: shown, message: 'binary file (NUL bytes), not YAML, JSON or a Dockerfile' });
      return;
    }
    this.add(shown, text, isDockerfileName(absolute), inDirectory);
  }

  /** UTF-8 text of `bytes`, or undefined with a problem naming the first invalid byte. */
  private decode(bytes: Buffer, shown: string): string | undefined {
    const invalid = invalidUtf8(bytes);
    if (invalid) {
      this.problems.push({ file: shown, line: invalid.line, message: `invalid UTF-8 at byte offset ${invalid.offset} (0x${bytes[invalid.offset].toString(16).padStart(2, '0')}): not read (save the file as UTF-8)` });
      return undefined;
    }
    return bytes.toString('utf8');
  }

  private add(file: string, text: string, dockerfile: boolean, inDirectory: boolean): void {
    this.files++;
    this.reading(text.length);
    if (dockerfile) {
      this.dockerfiles.push({ file, text });
      return;
    }
    const parsed = parseManifests(text, file);
    if (inDirectory && parsed.objects.length === 0 && parsed.problems.length > 0 && parsed.problems.every((p) => NOT_KUBERNETES.test(p.message))) {
      this.note(file, 'not Kubernetes YAML/JSON (no document has an apiVersion and kind): skipped');
      return;
    }
    // One push per item: spreading the 150,000 objects of a 60 MB file into push() overflows the call stack.
    for (const object of parsed.objects) {
      this.manifests.push(object);
    }
    for (const problem of parsed.problems) {
      this.problems.push(problem);
    }
  }

  private isExcluded(absolute: string): boolean {
    return this.exclude.some(({ pattern, base }) => {
      const relative = path.relative(base, absolute).split(path.sep).join('/');
      return relative !== '' && !relative.startsWith('../') && minimatch(relative, pattern, { dot: true, matchBase: !pattern.includes('/') });
    });
  }

  private display(absolute: string): string {
    return path.relative(this.cwd, absolute).split(path.sep).join('/') || '.';
  }
}

/** `check(file)` (`fs.statSync` or `fs.lstatSync`), or the code of the error it failed with. */
function statOrError(file: string, check: (file: string) => fs.Stats): fs.Stats | string {
  try {
    return check(file);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code ?? (error as Error).message;
  }
}

/** Device and inode: the same file or directory however it is reached. */
function identity(stat: fs.Stats): string {
  return `${stat.dev}:${stat.ino}`;
}

/**
 * The bytes of a regular file, at most `MAX_FILE_BYTES`, or a message. Opened non-blocking and checked with fstat on
 * the open descriptor, so a file swapped for a FIFO or a device after the walk is refused, not waited on.
 */
function readBounded(file: string): Buffer | string {
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO must not wait for a writer (fstat below then refuses it); no effect on regular files
    // eslint-disable-next-line no-bitwise
    fd = fs.openSync(file, fs.constants.O_NONBLOCK === undefined ? 'r' : fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  } catch (error) {
    return `cannot read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`;
  }
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) return `is ${kindOf(stat)}: only regular files and directories are read`;
    if (stat.size > MAX_FILE_BYTES) return `file is larger than ${MAX_FILE_BYTES} bytes`;
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.alloc(Math.min(Math.max(stat.size - total + 1, 64 * 1024), 1024 * 1024));
      const read = fs.readSync(fd, chunk, 0, chunk.length, null);
      if (read === 0) break;
      total += read;
      if (total > MAX_FILE_BYTES) return `file is larger than ${MAX_FILE_BYTES} bytes`;
      chunks.push(read === chunk.length ? chunk : chunk.subarray(0, read));
    }
    return Buffer.concat(chunks, total);
  } catch (error) {
    return `cannot read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`;
  } finally {
    fs.closeSync(fd);
  }
}

function looksLikeDockerfile(text: string): boolean {
  const first = text.split('\n').map((line) => line.trim()).find((line) => line.length > 0 && !line.startsWith('#'));
  return first !== undefined && /^(FROM|ARG)\s/i.test(first);
}
