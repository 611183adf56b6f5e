// Interned strings. Columns hold IndexIntoStringTable instead of strings, so a million rows do
// not mean a million string objects. Index 0 is always the empty string.

export type IndexIntoStringTable = number;

export class StringTable {
  readonly strings: string[] = [''];
  private readonly index = new Map<string, IndexIntoStringTable>([['', 0]]);

  static from(strings: readonly string[]): StringTable {
    const t = new StringTable();
    for (let i = 1; i < strings.length; i++) t.intern(strings[i]);
    return t;
  }

  get length(): number {
    return this.strings.length;
  }

  intern(s: string): IndexIntoStringTable {
    let i = this.index.get(s);
    if (i === undefined) {
      i = this.strings.length;
      this.strings.push(s);
      this.index.set(s, i);
    }
    return i;
  }

  get(i: IndexIntoStringTable): string {
    return this.strings[i] ?? '';
  }

  /** Index of `s` if interned, else -1 (for filters: a value never seen matches nothing). */
  find(s: string): number {
    return this.index.get(s) ?? -1;
  }
}
