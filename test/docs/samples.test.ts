import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join, relative } from 'path';
import * as ts from 'typescript';

/**
 * Every ```ts code block in README.md and docs/**\/*.md is type-checked and run, so samples cannot rot.
 * Imports of `kube-harden` and `kube-harden/<entry>` are rewritten to the sources in lib/. A block whose info
 * string contains `nocheck` (```ts nocheck) is skipped. cdk8s apps synthesize into a temporary directory;
 * Pulumi programs run against mocks.
 */

const root = join(__dirname, '..', '..');
const outDir = join(root, '.docs-samples');

interface Sample {
  /** Markdown file, relative to the repo root. */
  readonly doc: string;
  /** Line of the opening fence. */
  readonly line: number;
  /** Where the sample is written. */
  readonly file: string;
  /** Whether it is a Pulumi program (run under mocks). */
  readonly pulumi: boolean;
}

function markdownFiles(): string[] {
  const walk = (dir: string): string[] => readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith('.md') ? [join(dir, e.name)] : []));
  return [join(root, 'README.md'), ...walk(join(root, 'docs'))].sort();
}

/** Rewrites `kube-harden` imports to the library sources, relative to the samples directory. */
function rewriteImports(code: string): string {
  return code.replace(/(['"])kube-harden(\/[a-z0-9]+)?\1/g, (_, quote: string, entry: string | undefined) =>
    `${quote}${relative(outDir, join(root, 'lib', entry ?? '')).split('\\').join('/')}${quote}`);
}

function extractSamples(): Sample[] {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const samples: Sample[] = [];
  for (const path of markdownFiles()) {
    const doc = relative(root, path);
    const fence = /^```(ts|typescript)\b([^\n]*)\n([\s\S]*?)^```\s*$/gm;
    const text = readFileSync(path, 'utf8');
    for (const match of text.matchAll(fence)) {
      if (match[2].includes('nocheck')) continue;
      const line = text.slice(0, match.index).split('\n').length;
      const file = join(outDir, `${doc.replace(/[^A-Za-z0-9]+/g, '-')}-L${line}.ts`);
      writeFileSync(file, `${rewriteImports(match[3])}\nexport {};\n`);
      samples.push({ doc, line, file, pulumi: /['"](@pulumi\/|kube-harden\/pulumi)/.test(match[3]) });
    }
  }
  return samples;
}

function typeErrors(files: readonly string[]): string[] {
  const config = ts.readConfigFile(join(root, 'test', 'tsconfig.json'), ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, join(root, 'test'));
  const program = ts.createProgram(files, { ...parsed.options, noEmit: true, noUnusedLocals: false, noUnusedParameters: false });
  // Only the samples are checked (not all of lib/), which keeps this fast.
  return files.map((file) => program.getSourceFile(file)!)
    .flatMap((source) => [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)])
    .map((d) => {
      const { line } = d.file!.getLineAndCharacterOfPosition(d.start ?? 0);
      return `${relative(root, d.file!.fileName)}:${line + 1}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
    });
}

const samples = extractSamples();

describe('docs samples', () => {
  let synthDir: string;
  beforeAll(() => {
    synthDir = mkdtempSync(join(tmpdir(), 'kube-harden-samples-'));
    process.env.CDK8S_OUTDIR = synthDir;
  });
  afterAll(() => {
    delete process.env.CDK8S_OUTDIR;
    rmSync(synthDir, { recursive: true, force: true });
  });

  test('the docs hold samples to check', () => {
    expect(samples.length).toBeGreaterThan(0);
  });

  test('every sample type-checks', () => {
    expect(typeErrors(samples.map((s) => s.file))).toEqual([]);
  });

  test.each(samples.map((s) => [`${s.doc}:${s.line}`, s] as const))('%s runs', async (_name, sample) => {
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      // A sample that throws (a failed node:assert, a validation error) rejects here.
      await expect(jest.isolateModulesAsync(async () => {
        if (sample.pulumi) {
          // Loaded inside the isolated registry, so the program and the mocks share one @pulumi/pulumi.
          const { capture } = await import('../../lib/pulumi/testing');
          await capture(() => import(sample.file));
        } else {
          await import(sample.file);
        }
      })).resolves.toBeUndefined();
    } finally {
      log.mockRestore();
    }
  // A sample loads the library afresh in its own module registry (seconds on a loaded 2-core machine): a timeout
  // would leave the isolated registry open and fail every later sample with it.
  }, 120_000);
});
