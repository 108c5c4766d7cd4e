// Integer constant folding, for array lengths, enum values and untyped literal arithmetic.
// Results are exact (bigint); whether a result fits its eventual type is checked where the
// literal meets that type.

export function evalConstBinary(op: string, left: bigint | undefined, right: bigint | undefined): bigint | undefined {
  if (left === undefined || right === undefined) return undefined;
  switch (op) {
    case '+':
      return left + right;
    case '-':
      return left - right;
    case '*':
      return left * right;
    case '/':
      return right === 0n ? undefined : left / right;
    case '%':
      return right === 0n ? undefined : left % right;
    case '&':
      return left & right;
    case '|':
      return left | right;
    case '^':
      return left ^ right;
    case '<<':
      return right < 0n || right > 64n ? undefined : left << right;
    case '>>':
      return right < 0n || right > 64n ? undefined : left >> right;
    default:
      return undefined;
  }
}
