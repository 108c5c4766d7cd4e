// Writing Zolt source: lines at an indentation level, blocks, and names that are unique within
// a function (Zolt rejects a local that shadows another local of the same function).

export class Code {
  readonly lines: string[] = [];
  private depth = 0;
  private count = 0;

  constructor(depth = 0) {
    this.depth = depth;
  }

  line(text: string): void {
    this.lines.push(text === '' ? '' : `${'    '.repeat(this.depth)}${text}`);
  }

  /** `head { body }`. */
  block(head: string, body: () => void): void {
    this.line(head === '' ? '{' : `${head} {`);
    this.depth++;
    body();
    this.depth--;
    this.line('}');
  }

  /** `if cond { then } else { otherwise }`. */
  ifElse(cond: string, then: () => void, otherwise: () => void): void {
    this.line(`if ${cond} {`);
    this.depth++;
    then();
    this.depth--;
    this.line('} else {');
    this.depth++;
    otherwise();
    this.depth--;
    this.line('}');
  }

  /** A name no other local of this function has. */
  fresh(prefix = 'x'): string {
    return `${prefix}${this.count++}`;
  }
}

/** `fn head { body }` as lines at the top level. */
export function functionLines(head: string, body: (code: Code) => void): string[] {
  const code = new Code();
  code.block(`fn ${head}`, () => body(code));
  code.line('');
  return code.lines;
}
