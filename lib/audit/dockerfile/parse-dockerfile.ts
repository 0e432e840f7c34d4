import type * as DockerfileAst from 'dockerfile-ast';

/** dockerfile-ast once loaded: a run without Dockerfiles (the common manifest audit) never pays its load (about 25 ms). */
let dockerfileAst: typeof DockerfileAst | undefined;

/** dockerfile-ast, loaded on the first Dockerfile parsed. */
function loadDockerfileAst(): typeof DockerfileAst {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, see dockerfileAst
  dockerfileAst ??= require('dockerfile-ast') as typeof DockerfileAst;
  return dockerfileAst;
}

/** One instruction of a Dockerfile, flattened to plain data. */
export interface DockerInstruction {
  /** Upper-case keyword, e.g. `RUN`. */
  readonly keyword: string;
  /** 1-based line where the instruction starts. */
  readonly line: number;
  /** Arguments without flags, continuation lines joined, variables not expanded. */
  readonly content: string;
  /** Arguments with build ARGs expanded where the Dockerfile defines them. */
  readonly args: readonly string[];
  /** Flags such as `--from`, `--mount`, `--checksum` (name without dashes -> value). */
  readonly flags: Readonly<Record<string, string>>;
  /** `NAME -> value` pairs of an `ENV`/`ARG`/`LABEL` (value `undefined` when none is given). */
  readonly properties: readonly { readonly name: string; readonly value?: string }[];
}

/** One build stage: a `FROM` and the instructions up to the next `FROM`. */
export interface DockerStage {
  /** 0-based position among the stages. */
  readonly index: number;
  /** 1-based line of the `FROM`. */
  readonly line: number;
  /** The base image as written, build ARGs expanded where they have a default. */
  readonly image: string;
  /** Stage name (`AS <name>`), lower-case, when given. */
  readonly name?: string;
  /** Index of the earlier stage this one builds on (`FROM <stage>`), when it does. */
  readonly parentStage?: number;
  /** Instructions after the `FROM`. */
  readonly instructions: readonly DockerInstruction[];
}

/** A parsed Dockerfile. */
export interface DockerfileModel {
  /** Instructions before the first `FROM` (global `ARG`s). */
  readonly preamble: readonly DockerInstruction[];
  /** Build stages in order (empty when the file has no `FROM`). */
  readonly stages: readonly DockerStage[];
}

/** Parses Dockerfile text. Never throws: unknown lines become instructions with their (odd) keyword. */
export function parseDockerfile(text: string): DockerfileModel {
  const ast = loadDockerfileAst();
  const parsed = ast.DockerfileParser.parse(text);
  const preamble: DockerInstruction[] = [];
  const stages: DockerStage[] = [];
  let current = preamble;
  for (const instruction of parsed.getInstructions()) {
    if (instruction instanceof ast.From) {
      current = [];
      stages.push(toStage(instruction, stages, current));
    } else {
      current.push(toInstruction(ast, instruction));
    }
  }
  return { preamble, stages };
}

/** Every instruction except `FROM`, in file order. */
export function allInstructions(dockerfile: DockerfileModel): DockerInstruction[] {
  return [...dockerfile.preamble, ...dockerfile.stages.flatMap((stage) => stage.instructions)];
}

/** The last stage, the one `docker build` ships (undefined when there is none). */
export function finalStage(dockerfile: DockerfileModel): DockerStage | undefined {
  return dockerfile.stages[dockerfile.stages.length - 1];
}

/** `stage` followed by the stages it builds on (`FROM <stage>`), nearest first. */
export function stageChain(dockerfile: DockerfileModel, stage: DockerStage): DockerStage[] {
  const chain = [stage];
  let parent = stage.parentStage;
  while (parent !== undefined) {
    const next = dockerfile.stages[parent];
    chain.push(next);
    parent = next.parentStage;
  }
  return chain;
}

function toStage(from: DockerfileAst.From, earlier: readonly DockerStage[], instructions: DockerInstruction[]): DockerStage {
  const image = from.getExpandedArguments()[0]?.getValue() ?? '';
  const name = from.getBuildStage()?.toLowerCase() ?? undefined;
  const parent = earlier.find((stage) => stage.name !== undefined && stage.name === image.toLowerCase());
  return {
    index: earlier.length,
    line: from.getRange().start.line + 1,
    image,
    name,
    parentStage: parent?.index,
    instructions,
  };
}

function toInstruction(ast: typeof DockerfileAst, instruction: DockerfileAst.Instruction): DockerInstruction {
  const flags: Record<string, string> = {};
  if (instruction instanceof ast.ModifiableInstruction) {
    for (const flag of instruction.getFlags()) {
      flags[flag.getName()] = flag.getValue() ?? '';
    }
  }
  return {
    keyword: instruction.getKeyword().toUpperCase(),
    line: instruction.getRange().start.line + 1,
    content: instruction.getArgumentsContent() ?? '',
    args: instruction.getExpandedArguments().map((a) => a.getValue()),
    flags,
    properties: propertiesOf(ast, instruction).map((p) => ({ name: p.getName(), value: p.getValue() ?? undefined })),
  };
}

function propertiesOf(ast: typeof DockerfileAst, instruction: DockerfileAst.Instruction): DockerfileAst.Property[] {
  if (instruction instanceof ast.PropertyInstruction) {
    return instruction.getProperties();
  }
  if (instruction instanceof ast.Arg) {
    const property = instruction.getProperty();
    return property ? [property] : [];
  }
  return [];
}
