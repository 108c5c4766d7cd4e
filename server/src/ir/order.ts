// Reverse postorder of a control-flow graph, shared by the IR's analyses (the verifier, the
// interpreter's structuring) and the backend's SSA form: blocks numbered 0..count-1, 0 the entry.

/**
 * The blocks the entry reaches, in reverse postorder, by an iterative depth-first search (an
 * explicit stack: a function of thousands of blocks must not exhaust JavaScript's).
 */
export function reversePostorderOf(count: number, successorsOf: (block: number) => readonly number[]): number[] {
  const seen = new Uint8Array(count);
  const post: number[] = [];
  const stack: { block: number; next: number }[] = [{ block: 0, next: 0 }];
  seen[0] = 1;
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    const succ = successorsOf(top.block);
    if (top.next < succ.length) {
      const s = succ[top.next++]!;
      if (s >= 0 && s < count && !seen[s]) {
        seen[s] = 1;
        stack.push({ block: s, next: 0 });
      }
    } else {
      post.push(top.block);
      stack.pop();
    }
  }
  return post.reverse();
}
