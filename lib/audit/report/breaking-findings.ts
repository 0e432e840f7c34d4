import type { BreakingFinding } from './compliance';
import { StringIds } from '../string-ids';

/** A control's findings of one kind, in the order the checks found them: counted, and read one by one. */
export interface BreakingFindingList extends Iterable<BreakingFinding> {
  /** How many. */
  readonly length: number;
}

/**
 * What a finding of an evaluation is to the controls its rule maps to: counted (it breaks them), acknowledged (an
 * accepted weakening, which neither breaks nor satisfies them) or undecided (unknown, not acknowledged).
 */
export type FindingCategory = typeof COUNTED | typeof ACKNOWLEDGED | typeof UNDECIDED;
/** A counted finding (`FindingCategory`). */
export const COUNTED = 0;
/** An acknowledged finding (`FindingCategory`). */
export const ACKNOWLEDGED = 1;
/** An undecided finding (`FindingCategory`). */
export const UNDECIDED = 2;

/** Rows a chunk holds: 16,384 rows of 3 numbers (192 KiB). */
const CHUNK_ROWS = 16_384;
const ROW = 3;
/** Categories a row's first number can hold beside its rule: rule × `CATEGORIES` + category. */
const CATEGORIES = 4;

/** A control's lists (by `FindingCategory`) and the objects that any of them names. */
export interface ControlFindings {
  /** The counted, acknowledged and undecided findings of the control's rules. */
  readonly lists: readonly [BreakingFindingList, BreakingFindingList, BreakingFindingList];
  /** The objects (`Kind namespace/name`) the lists name. */
  readonly objects: ReadonlySet<string>;
}

/** Distinct objects (`Kind namespace/name`, or a file), counted; their names are made when asked for. */
export interface ObjectSet {
  /** How many. */
  readonly size: number;
  /** Their names, in no particular order. */
  names(): string[];
}

/**
 * The findings of an evaluation as the controls list them, kept as rows of three 32-bit numbers (rule and category,
 * object, message) with each distinct string once, instead of one object per finding: a 60 MB input can hold millions
 * of findings. A control's lists are read from the rows in order, re-making each `BreakingFinding` as it is read.
 */
export class BreakingFindingStore {
  private readonly chunks: Uint32Array[] = [];
  private rows = 0;
  private readonly rules = new StringIds();
  private readonly strings = new StringIds();

  /** Adds one finding of rule `ruleId` about `object`, of `category`. */
  public add(ruleId: string, object: string, message: string, category: FindingCategory): void {
    const rule = this.rules.idOf(ruleId);
    const slot = (this.rows % CHUNK_ROWS) * ROW;
    if (slot === 0) this.chunks.push(new Uint32Array(CHUNK_ROWS * ROW));
    const chunk = this.chunks[this.chunks.length - 1];
    // the rule and the category in one number (see `ruleOf`, `categoryOf`)
    chunk[slot] = rule * CATEGORIES + category;
    chunk[slot + 1] = this.strings.idOf(object);
    chunk[slot + 2] = this.strings.idOf(message);
    this.rows++;
  }

  /** The lists of a control whose rules are `ruleIds`, and the objects they name. */
  public control(ruleIds: readonly string[]): ControlFindings {
    const mapped = new Uint8Array(this.rules.size);
    for (const id of ruleIds) {
      const rule = this.rules.find(id);
      if (rule !== undefined) mapped[rule] = 1;
    }
    const counts = [0, 0, 0];
    const objectIds = new Set<number>();
    this.forEachRow((head, object) => {
      if (mapped[ruleOf(head)] === 0) return;
      counts[categoryOf(head)]++;
      objectIds.add(object);
    });
    const list = (category: FindingCategory): BreakingFindingList => ({
      length: counts[category],
      [Symbol.iterator]: () => this.read(mapped, category),
    });
    return {
      lists: [list(COUNTED), list(ACKNOWLEDGED), list(UNDECIDED)],
      objects: new Set([...objectIds].map((id) => this.strings.text(id))),
    };
  }

  /**
   * The objects of each rule's counted findings, by rule id (rules without any are absent): one bit per object in a
   * bitmap per rule, not a set of names.
   */
  public countedObjects(): Map<string, ObjectSet> {
    const bitmaps = new Map<number, { bits: Uint8Array; size: number }>();
    this.forEachRow((head, object) => {
      if (categoryOf(head) !== COUNTED) return;
      const rule = ruleOf(head);
      let bitmap = bitmaps.get(rule);
      if (bitmap === undefined) {
        bitmap = { bits: new Uint8Array(Math.ceil(this.strings.size / 8)), size: 0 };
        bitmaps.set(rule, bitmap);
      }
      if (hasBit(bitmap.bits, object)) return;
      bitmap.bits[Math.floor(object / 8)] += 2 ** (object % 8);
      bitmap.size++;
    });
    return new Map([...bitmaps].map(([rule, { bits, size }]) => [this.rules.text(rule), {
      size,
      names: () => this.strings.all().filter((_, id) => hasBit(bits, id)),
    }]));
  }

  private forEachRow(visit: (head: number, object: number) => void): void {
    for (let row = 0; row < this.rows; row++) {
      const chunk = this.chunks[Math.floor(row / CHUNK_ROWS)];
      const slot = (row % CHUNK_ROWS) * ROW;
      visit(chunk[slot], chunk[slot + 1]);
    }
  }

  private* read(mapped: Uint8Array, category: FindingCategory): Generator<BreakingFinding> {
    for (let row = 0; row < this.rows; row++) {
      const chunk = this.chunks[Math.floor(row / CHUNK_ROWS)];
      const slot = (row % CHUNK_ROWS) * ROW;
      const head = chunk[slot];
      const rule = ruleOf(head);
      if (categoryOf(head) !== category || mapped[rule] === 0) continue;
      yield { ruleId: this.rules.text(rule), object: this.strings.text(chunk[slot + 1]), message: this.strings.text(chunk[slot + 2]) };
    }
  }
}

/** The category of a row's first number. */
function categoryOf(head: number): FindingCategory {
  return (head % CATEGORIES) as FindingCategory;
}

/** The rule id (in the store's `StringIds`) of a row's first number. */
function ruleOf(head: number): number {
  return Math.floor(head / CATEGORIES);
}

/** Whether bit `index` of `bits` is set (bits numbered from the low end of each byte). */
function hasBit(bits: Uint8Array, index: number): boolean {
  return Math.floor(bits[Math.floor(index / 8)] / 2 ** (index % 8)) % 2 === 1;
}
