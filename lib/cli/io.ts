import * as fs from 'fs';
import * as path from 'path';
import { setFlagsFromString } from 'v8';

/** How the CLI reaches the outside world (replaced in tests). */
export interface CliIo {
  /** Working directory: inputs are resolved against it and paths are displayed relative to it. */
  readonly cwd: string;
  /** Writes to standard output. */
  stdout(text: string): void;
  /**
   * Resolves when standard output has taken what was written (call between large writes to bound memory); to
   * `false` once its reader has closed it (`kube-harden audit . | head`): the rest need not be written.
   * @default - resolves at once
   */
  drain?(): Promise<boolean | void>;
  /**
   * Resolves once standard output has taken everything written (or its reader closed it); rejects when it could not
   * take it (a full disk): the run then fails.
   * @default - resolves at once
   */
  finish?(): Promise<void>;
  /** Writes to standard error. */
  stderr(text: string): void;
  /**
   * Reads standard input (bytes, or text already decoded); rejects when it cannot be read (a directory, with the code
   * `EISDIR`) or is larger than the audit reads.
   */
  readStdin(): Promise<string | Buffer>;
  /**
   * Writes `text` to the file `file` (for `--output`), resolved against `cwd`.
   * @default - write to the file system
   */
  writeFile?(file: string, text: string): void;
  /**
   * Told the characters of each input as it is read, before it is parsed (see `InputSource.reading`).
   * @default - nothing (the process's own streams: `boundHeapGrowth` of the run's total)
   */
  reading?(characters: number): void;
}

/** Largest standard input read (the same bound as a file, `MAX_FILE_BYTES`). */
const MAX_STDIN_BYTES = 64 * 1024 * 1024;

/**
 * The real process streams, for one run: they total the characters of input it reads and tell `bound` the total
 * (`boundHeapGrowth` by default).
 */
export function processIo(bound: (characters: number) => void = boundHeapGrowth): CliIo {
  let characters = 0;
  const stdout = processStdout();
  return {
    cwd: process.cwd(),
    stdout: (text) => stdout.write(text),
    drain: () => stdout.drain(),
    finish: () => stdout.finish(),
    stderr: (text) => process.stderr.write(text),
    readStdin: readProcessStdin,
    reading: (read) => bound(characters += read),
  };
}

/**
 * The process's standard input, bounded (`readBoundedStream`). Node makes a directory on it (`kube-harden audit - < dir`)
 * an empty stream, not an error: it is refused as reading it is refused (EISDIR), not read as empty input.
 */
async function readProcessStdin(): Promise<Buffer> {
  let directory = false;
  try {
    directory = fs.fstatSync(0).isDirectory();
  } catch {
    // no stat of it: read it as it comes
  }
  if (directory) throw Object.assign(new Error('EISDIR: illegal operation on a directory, read'), { code: 'EISDIR' });
  return readBoundedStream(process.stdin, MAX_STDIN_BYTES);
}

/** A stream the CLI writes its output to. */
export interface OutputStream {
  /** Whether the stream's buffer is full: wait for 'drain' before writing more. */
  readonly writableNeedDrain: boolean;
  /** Writes `text`; `callback` runs once it has been taken, with the error that stopped it if any. */
  write(text: string, callback?: (error?: Error | null) => void): unknown;
  /** Listens for 'drain' (room again), 'error' (a write failed) or 'close'. */
  on(event: 'drain' | 'error' | 'close', listener: (error?: NodeJS.ErrnoException) => void): unknown;
  /** Stops listening. */
  off(event: 'drain' | 'error' | 'close', listener: (error?: NodeJS.ErrnoException) => void): unknown;
}

/** A write to the CLI's output failed (other than its reader closing it): the output is lost. */
export class OutputError extends Error {
  /** @param cause the error the write failed with (its code, such as ENOSPC, ends the message) */
  constructor(cause: NodeJS.ErrnoException) {
    super(`cannot write standard output: ${cause.code ?? cause.message}`, { cause });
  }
}

/** The CLI's output (see `closableOutput`). */
export interface ClosableOutput {
  /** Writes `text`, unless the reader has closed the output or a write failed. */
  write(text: string): void;
  /** Resolves when the stream has taken what was written: to `false` once the reader closed it; rejects after a write error. */
  drain(): Promise<boolean>;
  /** Resolves once everything written has been taken (or the reader closed the output); rejects after a write error. */
  finish(): Promise<void>;
}

/**
 * `stream` as the CLI's output, which its reader may close before the end (`kube-harden audit . | head`): once a
 * write fails with EPIPE (or the stream closes), later writes are dropped and `drain` resolves to `false`, so the run
 * ends as it would have (its problems on stderr, its exit code) instead of with an internal error. Any other write
 * error (a full disk) rejects `drain` and `finish` with an `OutputError`: the output is lost, and the run fails.
 */
export function closableOutput(stream: OutputStream): ClosableOutput {
  let closed = false;
  let failure: OutputError | undefined;
  const record = (error: NodeJS.ErrnoException | null | undefined) => {
    if (!error) return;
    if (error.code === 'EPIPE' || closed) closed = true;
    else failure ??= new OutputError(error);
  };
  stream.on('error', record);
  stream.on('close', () => {
    closed = true;
  });
  /** Resolves when `start` calls its `done`, or at an error or the close of the stream; removes its listeners. */
  const settled = (start: (done: () => void) => void) => new Promise<void>((resolve) => {
    const done = () => {
      for (const event of ['drain', 'error', 'close'] as const) stream.off(event, done);
      resolve();
    };
    stream.on('error', done);
    stream.on('close', done);
    start(done);
  });
  const outcome = () => {
    if (failure !== undefined) throw failure;
    return !closed;
  };
  return {
    write: (text) => {
      if (!closed && failure === undefined) stream.write(text);
    },
    drain: async () => {
      if (!closed && failure === undefined && stream.writableNeedDrain) {
        await settled((done) => stream.on('drain', done));
      }
      return outcome();
    },
    finish: async () => {
      if (!closed && failure === undefined) {
        // the callback runs once what was written before it has been taken, or with the error that stopped it
        await settled((done) => stream.write('', (error) => {
          record(error);
          done();
        }));
      }
      outcome();
    },
  };
}

let processOutput: ClosableOutput | undefined;

/** The process's standard output as a `ClosableOutput`: one for the process (one error listener, whatever the runs). */
function processStdout(): ClosableOutput {
  processOutput ??= closableOutput(process.stdout);
  return processOutput;
}

/** Characters of input from which the process's CLI bounds the heap's growth (`boundHeapGrowth`). */
export const LARGE_INPUT_CHARACTERS = 32 * 1024 * 1024;

let heapGrowthBounded = false;

/**
 * Once a run's `characters` of input reach `LARGE_INPUT_CHARACTERS`, makes V8 grow the heap by half of what was live at its
 * last full collection instead of up to about 4x: an audit holds every object and finding of its inputs at once, and
 * without this a 60 MB input peaked anywhere from 1.0 to 1.6 GB between runs (near 1.0 GB with it, for about 10 % more
 * CPU). Only for inputs this large: Node rejects its code cache for built-in modules loaded after a V8 flag changes.
 */
export function boundHeapGrowth(characters: number): void {
  if (heapGrowthBounded || characters < LARGE_INPUT_CHARACTERS) return;
  heapGrowthBounded = true;
  setFlagsFromString('--heap-growing-percent=50');
}

/**
 * All of `stream` as bytes; rejects (and destroys the stream) as soon as it has sent more than `max` bytes, so an
 * endless input such as `/dev/zero` on stdin is never buffered whole.
 */
export async function readBoundedStream(stream: AsyncIterable<unknown> & { destroy?(): void }, max: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream) {
    const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    total += bytes.length;
    if (total > max) {
      stream.destroy?.();
      throw new Error(`standard input is larger than ${max} bytes`);
    }
    chunks.push(bytes);
  }
  return Buffer.concat(chunks, total);
}

/** The package version (from package.json next to `lib/` or `dist/`), `0.0.0` when unreadable. */
export function packageVersion(): string {
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version?: string };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}
