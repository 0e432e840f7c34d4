import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
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
    const outdir = join(synthDir, `${sample.doc.replace(/[^A-Za-z0-9]+/g, '-')}-L${sample.line}`);
    process.env.CDK8S_OUTDIR = outdir;
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
      if (existsSync(outdir)) {
        synthesized(sample.doc).push(...readdirSync(outdir).map((file) => readFileSync(join(outdir, file), 'utf8')));
      }
    } finally {
      log.mockRestore();
    }
  // A sample loads the library afresh in its own module registry (seconds on a loaded 2-core machine): a timeout
  // would leave the isolated registry open and fail every later sample with it.
  }, 120_000);

  // A page whose "## The emitted objects" section lists the objects "For the app above" names only what that app
  // emits: each name-like span (`gateway.to.shop.orders`, `orders-jwt`; `<placeholder>` standing for any name) must
  // occur in what the page's samples synthesized. Spans without '-' or '.' (kinds, values) or with spaces, ':' or
  // '/' are not names. (Construct pages list objects that depend on props their short samples do not set.)
  test('the objects a page lists for its own app are the names that app synthesizes', () => {
    const checked = [...synthesizedByDoc.entries()]
      .map(([doc, outputs]) => ({ doc, output: outputs.join('\n'), names: emittedObjectNames(readFileSync(join(root, doc), 'utf8')) }))
      .filter((page) => page.output.length > 0 && page.names.length > 0);
    expect(checked.map((page) => page.doc)).toContain('docs/network-and-mesh.md');
    const missing = checked.flatMap((page) => page.names.filter((name) => !namePattern(name).test(page.output)).map((name) => `${page.doc}: ${name}`));
    expect(missing).toEqual([]);
  });
});

/** The YAML each page's samples synthesized, by page. */
const synthesizedByDoc = new Map<string, string[]>();
function synthesized(doc: string): string[] {
  if (!synthesizedByDoc.has(doc)) synthesizedByDoc.set(doc, []);
  return synthesizedByDoc.get(doc)!;
}

/** The name-like code spans of a page's "The emitted objects" section. */
function emittedObjectNames(markdown: string): string[] {
  const section = /^## The emitted objects\n([\s\S]*?)(?=^## |(?![\s\S]))/m.exec(markdown)?.[1] ?? '';
  if (!section.includes('For the app above')) return [];
  const spans = [...section.matchAll(/`([^`\n]+)`/g)].map((m) => m[1]);
  return [...new Set(spans.filter((span) => /^(<[a-z]+>|[a-z0-9])([-a-z0-9.]|<[a-z]+>)*$/.test(span) && /[-.]/.test(span)))];
}

/** A name as a pattern over YAML text: `<placeholder>` matches any DNS name. */
function namePattern(name: string): RegExp {
  const source = name.split(/(<[a-z]+>)/).map((part) => (part.startsWith('<') ? '[a-z0-9][-a-z0-9.]*' : part.replace(/\./g, '\\.'))).join('');
  return new RegExp(`(^|[^-a-z0-9.])${source}($|[^-a-z0-9.])`, 'm');
}
