/* eslint-disable no-bitwise -- a row is packed: its flags are bits, and rows are found by shifting and masking */
import { compareFindings, Finding, FindingAcknowledgement, findingStatus, ObjectRef } from './finding';
import { cmp, refKey, STATUS_RANK } from './finding-order';
import { StringIds } from './string-ids';

/**
 * Findings in canonical order, read one at a time: an array, or a `FindingTable`, which makes each finding when it
 * is read. What the output formats read.
 */
export interface FindingList extends Iterable<Finding> {
  /** Number of findings. */
  readonly length: number;
  /** The finding at `index` (0-based), or `undefined` past the end. */
  at(index: number): Finding | undefined;
}

/**
 * The keys a finding made by the audit engine has, in the order it has them (a finding has a subsequence of them;
 * the first six always). A finding whose keys or values are otherwise is kept as it is.
 */
const CANONICAL_KEYS = ['ruleId', 'area', 'severity', 'title', 'message', 'remediation', 'object', 'path', 'acknowledged', 'unknown', 'ruleError', 'location'] as const;
const REQUIRED_KEYS = 6;
const LOCATION_KEYS = ['file', 'line', 'column'] as const;

/** What a row's flags say it has, beside the six required keys. */
const HAS = {
  object: 1 << 0,
  path: 1 << 1,
  acknowledged: 1 << 2,
  unknown: 1 << 3,
  ruleError: 1 << 4,
  location: 1 << 5,
  line: 1 << 6,
  column: 1 << 7,
  /** Not in the canonical shape: the finding is kept as it was added (`kept`). */
  kept: 1 << 8,
} as const;

/** The keys of a row's finding that the findings of one rule share. */
interface Template {
  readonly ruleId: string;
  readonly area: Finding['area'];
  readonly severity: Finding['severity'];
  readonly title: string;
  readonly remediation: string;
}

/** A row stores a line or column as the number plus one (0 when absent): whole numbers below this. */
const MAX_POSITION = 0xfffffffe;

/**
 * Where each field sits in a row, each a 32-bit number: ids (template, strings, object reference), positions, and
 * `flags`: the `HAS` flags in the low 12 bits, the status rank (`STATUS_RANK`) above them.
 */
const FIELD = { template: 0, message: 1, path: 2, ref: 3, file: 4, line: 5, column: 6, flags: 7 } as const;
const STATUS_SHIFT = 12;
const STRIDE = Object.keys(FIELD).length;
/** Rows are kept in chunks of this many (a power of two), so the table grows without copying. */
const CHUNK_BITS = 14;
const CHUNK_ROWS = 1 << CHUNK_BITS;

/** Where row `row`'s fields start in its chunk. */
function slotOf(row: number): number {
  return (row & (CHUNK_ROWS - 1)) * STRIDE;
}

/**
 * Findings kept as rows of numbers (32 bytes a finding, 4 more once sorted, where a finding object with its location
 * takes about 150): the report of a 60 MB manifest of objects that break every rule holds 7 million of them. The
 * strings, object references and templates they share are kept once. Each finding is made again, equal to the one
 * added (same keys, in the same order, same values; its object reference the same object), when it is read. `sort`
 * puts the findings in canonical order (`compareFindings`).
 */
export class FindingTable implements FindingList {
  private size = 0;
  private readonly chunks: Uint32Array[] = [];
  private order: Uint32Array | undefined;

  private readonly templates: Template[] = [];
  private readonly templateIds = new Map<string, number>();
  private lastTemplate = -1;
  private readonly strings = new StringIds();
  /** Object references by id; id 0 is "no object". */
  private readonly refs: (ObjectRef | undefined)[] = [undefined];
  private readonly refIds = new Map<ObjectRef, number>();
  private lastRef: ObjectRef | undefined;
  private lastRefId = 0;
  private readonly acknowledgements = new Map<number, FindingAcknowledgement>();
  /** Findings not in the canonical shape, kept as they were added. */
  private readonly kept = new Map<number, Finding>();

  /** Number of findings. */
  public get length(): number {
    return this.size;
  }

  /** Adds `finding` after the others (the order is the order of adding until `sort`). */
  public add(finding: Finding): void {
    const row = this.size++;
    if ((row & (CHUNK_ROWS - 1)) === 0) {
      this.chunks.push(new Uint32Array(CHUNK_ROWS * STRIDE));
    }
    this.order = undefined;
    const status = STATUS_RANK[findingStatus(finding)];
    const canonical = canonicalFlags(finding);
    const flags = canonical ?? HAS.kept;
    if (canonical === undefined) {
      this.kept.set(row, finding);
    } else if (finding.acknowledged !== undefined) {
      this.acknowledgements.set(row, finding.acknowledged);
    }
    const { location } = finding;
    const fields = this.chunks[row >>> CHUNK_BITS];
    const at = slotOf(row);
    fields[at + FIELD.template] = this.templateFor(finding);
    fields[at + FIELD.message] = this.strings.idOf(String(finding.message));
    fields[at + FIELD.path] = this.strings.idOf(typeof finding.path === 'string' ? finding.path : '');
    fields[at + FIELD.ref] = finding.object ? this.refIdOf(finding.object) : 0;
    fields[at + FIELD.file] = this.strings.idOf(typeof location?.file === 'string' ? location.file : '');
    fields[at + FIELD.line] = storedPosition(location?.line);
    fields[at + FIELD.column] = storedPosition(location?.column);
    fields[at + FIELD.flags] = flags | (status << STATUS_SHIFT);
  }

  /** Puts the findings in canonical order (`compareFindings`; findings that compare equal stay in the order added). */
  public sort(): void {
    const ruleRank = rankOf(this.templates.map((t) => t.ruleId));
    const refRank = rankOf(this.refs.map((ref) => (ref ? refKey(ref) : '')));
    const stringRank = rankOf(this.strings.all());
    const field = (row: number, f: number) => this.chunks[row >>> CHUNK_BITS][slotOf(row) + f];
    const rules = ruleRank.reduce((max, rank) => Math.max(max, rank + 1), 0);
    this.order = canonicalOrder(this.size, {
      group: (row) => (field(row, FIELD.flags) >>> STATUS_SHIFT) * rules + ruleRank[field(row, FIELD.template)],
      groups: 5 * rules,
      compare: (a, b) => {
        if ((field(a, FIELD.flags) | field(b, FIELD.flags)) & HAS.kept) {
          // a finding kept as it was added: compared as it is
          return compareFindings(this.findingAt(a), this.findingAt(b)) || a - b;
        }
        return stringRank[field(a, FIELD.file)] - stringRank[field(b, FIELD.file)]
          || lineOf(field(a, FIELD.line)) - lineOf(field(b, FIELD.line))
          || refRank[field(a, FIELD.ref)] - refRank[field(b, FIELD.ref)]
          || stringRank[field(a, FIELD.path)] - stringRank[field(b, FIELD.path)]
          || stringRank[field(a, FIELD.message)] - stringRank[field(b, FIELD.message)]
          || a - b;
      },
    });
  }

  /** The finding at `index` (in canonical order once sorted), made anew; `undefined` past the end. */
  public at(index: number): Finding | undefined {
    // unary plus, as Array.prototype.at converts (a BigInt throws)
    const relative = Math.trunc(+index) || 0;
    const position = relative < 0 ? relative + this.size : relative;
    if (position < 0 || position >= this.size) {
      return undefined;
    }
    return this.findingAt(this.order ? this.order[position] : position);
  }

  /** The findings in order, each made anew. */
  public *[Symbol.iterator](): Generator<Finding> {
    for (let i = 0; i < this.size; i++) {
      yield this.at(i)!;
    }
  }

  private findingAt(row: number): Finding {
    const fields = this.chunks[row >>> CHUNK_BITS];
    const at = slotOf(row);
    const flags = fields[at + FIELD.flags];
    if (flags & HAS.kept) {
      return this.kept.get(row)!;
    }
    const { ruleId, area, severity, title, remediation } = this.templates[fields[at + FIELD.template]];
    const finding: Record<string, unknown> = { ruleId, area, severity, title, message: this.strings.text(fields[at + FIELD.message]), remediation };
    if (flags & HAS.object) finding.object = this.refs[fields[at + FIELD.ref]];
    if (flags & HAS.path) finding.path = this.strings.text(fields[at + FIELD.path]);
    if (flags & HAS.acknowledged) finding.acknowledged = this.acknowledgements.get(row);
    if (flags & HAS.unknown) finding.unknown = true;
    if (flags & HAS.ruleError) finding.ruleError = true;
    if (flags & HAS.location) {
      const location: Record<string, unknown> = { file: this.strings.text(fields[at + FIELD.file]) };
      if (flags & HAS.line) location.line = fields[at + FIELD.line] - 1;
      if (flags & HAS.column) location.column = fields[at + FIELD.column] - 1;
      finding.location = location;
    }
    return finding as unknown as Finding;
  }

  private templateFor(finding: Finding): number {
    const last = this.templates[this.lastTemplate];
    if (last && last.ruleId === finding.ruleId && last.area === finding.area && last.severity === finding.severity
      && last.title === finding.title && last.remediation === finding.remediation) {
      return this.lastTemplate;
    }
    const template: Template = {
      ruleId: String(finding.ruleId),
      area: finding.area,
      severity: finding.severity,
      title: String(finding.title),
      remediation: String(finding.remediation),
    };
    const key = JSON.stringify([template.ruleId, template.area, template.severity, template.title, template.remediation]);
    let id = this.templateIds.get(key);
    if (id === undefined) {
      id = this.templates.push(template) - 1;
      this.templateIds.set(key, id);
    }
    this.lastTemplate = id;
    return id;
  }

  private refIdOf(ref: ObjectRef): number {
    if (ref === this.lastRef) {
      return this.lastRefId;
    }
    let id = this.refIds.get(ref);
    if (id === undefined) {
      id = this.refs.push(ref) - 1;
      this.refIds.set(ref, id);
    }
    this.lastRef = ref;
    this.lastRefId = id;
    return id;
  }
}

/** The line a row stores, as `compareFindings` compares it (absent: 0). */
function lineOf(stored: number): number {
  return stored === 0 ? 0 : stored - 1;
}

/**
 * The flags of `finding` when it has the canonical shape (a subsequence of `CANONICAL_KEYS`, in that order, with the
 * six required keys, string texts, `true` marks and a location of `file` with whole-number `line` and `column`);
 * `undefined` otherwise (it is then kept as it is).
 */
function canonicalFlags(finding: Finding): number | undefined {
  let flags = 0;
  let next = 0;
  let required = 0;
  for (const key in finding) {
    while (next < CANONICAL_KEYS.length && CANONICAL_KEYS[next] !== key) next++;
    if (next === CANONICAL_KEYS.length) return undefined;
    const value = (finding as unknown as Record<string, unknown>)[key];
    if (next < REQUIRED_KEYS) {
      if (typeof value !== 'string') return undefined;
      required++;
    } else {
      const bit = shapeBit(key as typeof CANONICAL_KEYS[number], value);
      if (bit === undefined) return undefined;
      flags |= bit;
    }
    next++;
  }
  return required === REQUIRED_KEYS ? flags : undefined;
}

/** The flags one optional key of a canonical finding adds, or `undefined` when its value is not canonical. */
function shapeBit(key: typeof CANONICAL_KEYS[number], value: unknown): number | undefined {
  switch (key) {
    case 'object': return typeof value === 'object' && value !== null ? HAS.object : undefined;
    case 'path': return typeof value === 'string' ? HAS.path : undefined;
    case 'acknowledged': return typeof value === 'object' && value !== null ? HAS.acknowledged : undefined;
    case 'unknown': return value === true ? HAS.unknown : undefined;
    case 'ruleError': return value === true ? HAS.ruleError : undefined;
    case 'location': return locationFlags(value);
    default: return undefined;
  }
}

function locationFlags(location: unknown): number | undefined {
  if (typeof location !== 'object' || location === null) return undefined;
  let flags = HAS.location;
  let next = 0;
  let file = false;
  for (const key in location) {
    while (next < LOCATION_KEYS.length && LOCATION_KEYS[next] !== key) next++;
    if (next === LOCATION_KEYS.length) return undefined;
    const value = (location as Record<string, unknown>)[key];
    if (key === 'file') {
      if (typeof value !== 'string') return undefined;
      file = true;
    } else {
      if (storedPosition(value) === 0) return undefined;
      flags |= key === 'line' ? HAS.line : HAS.column;
    }
    next++;
  }
  return file ? flags : undefined;
}

/** A line or column as a row stores it: the number plus one; 0 when absent or not a whole number below `MAX_POSITION`. */
function storedPosition(value: unknown): number {
  return Number.isInteger(value) && (value as number) >= 0 && (value as number) < MAX_POSITION ? (value as number) + 1 : 0;
}

/** Each index's rank in the order of `keys` (`<`); equal keys have equal ranks. */
function rankOf(keys: readonly string[]): Uint32Array {
  const ids = keys.map((_, i) => i).sort((a, b) => cmp(keys[a], keys[b]));
  const ranks = new Uint32Array(keys.length);
  let rank = 0;
  for (let i = 0; i < ids.length; i++) {
    if (i > 0 && keys[ids[i]] !== keys[ids[i - 1]]) rank++;
    ranks[ids[i]] = rank;
  }
  return ranks;
}

/** What `canonicalOrder` orders by: each row's group (status and rule id), and how rows of one group compare. */
interface SortKeys {
  readonly group: (row: number) => number;
  /** Number of groups. */
  readonly groups: number;
  /** File, line, object, path, message, then the order added. */
  readonly compare: (a: number, b: number) => number;
}

/**
 * The rows in the order of `compareFindings` (status, rule id, file, line, object, path, message; then the order
 * added): grouped by status and rule id first (a counting sort), then each group sorted by the rest unless it is
 * in order already (as the findings of objects read in order mostly are).
 */
function canonicalOrder(size: number, keys: SortKeys): Uint32Array {
  const starts = new Uint32Array(keys.groups + 1);
  for (let row = 0; row < size; row++) starts[keys.group(row) + 1]++;
  for (let g = 1; g < starts.length; g++) starts[g] += starts[g - 1];
  const order = new Uint32Array(size);
  const next = starts.slice(0, -1);
  for (let row = 0; row < size; row++) order[next[keys.group(row)]++] = row;
  for (let g = 0; g < keys.groups; g++) {
    const rows = order.subarray(starts[g], starts[g + 1]);
    let sorted = true;
    for (let i = 1; i < rows.length && sorted; i++) sorted = keys.compare(rows[i - 1], rows[i]) < 0;
    if (!sorted) rows.sort(keys.compare);
  }
  return order;
}
