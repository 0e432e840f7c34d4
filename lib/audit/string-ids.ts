/** Strings by id (0, 1, 2, ... in the order first seen), each kept once: what compact stores of findings refer to. */
export class StringIds {
  private readonly texts: string[] = [];
  private readonly ids = new Map<string, number>();

  /** How many strings. */
  public get size(): number {
    return this.texts.length;
  }

  /** The id of `text`, given it on first sight. */
  public idOf(text: string): number {
    let id = this.ids.get(text);
    if (id === undefined) {
      id = this.texts.push(text) - 1;
      this.ids.set(text, id);
    }
    return id;
  }

  /** The id of `text`, if it has one. */
  public find(text: string): number | undefined {
    return this.ids.get(text);
  }

  /** The string of `id`. */
  public text(id: number): string {
    return this.texts[id];
  }

  /** Every string, by id. */
  public all(): readonly string[] {
    return this.texts;
  }
}
