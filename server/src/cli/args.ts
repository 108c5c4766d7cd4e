// A small argument parser: the verbs take a few flags and positional paths, which does not
// justify a dependency.

export interface ParsedArgs {
  positional: string[];
  flags: Map<string, string | true>;
}

export class UsageError extends Error {}

/**
 * Splits `args` into positionals and `--flag` / `--flag=value` / `--flag value` options.
 * `valued` names the flags that take a value. `--` ends option parsing.
 */
export function parseArgs(args: readonly string[], known: readonly string[], valued: readonly string[] = []): ParsedArgs {
  const positional: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') {
      positional.push(...args.slice(i + 1));
      break;
    }
    if (!arg.startsWith('--') || arg === '-') {
      if (arg.startsWith('-') && arg !== '-') throw new UsageError(`unknown option '${arg}'`);
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
    if (!known.includes(name)) throw new UsageError(`unknown option '--${name}'`);
    if (valued.includes(name)) {
      const value = eq >= 0 ? arg.slice(eq + 1) : args[++i];
      if (value === undefined) throw new UsageError(`option '--${name}' needs a value`);
      flags.set(name, value);
    } else {
      if (eq >= 0) throw new UsageError(`option '--${name}' takes no value`);
      flags.set(name, true);
    }
  }
  return { positional, flags };
}
