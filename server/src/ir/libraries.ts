// Which shared library a `foreign "name"` block means: the soname the dynamic loader loads
// (DT_NEEDED in a native executable, what the interpreter's FFI opens). "c" is the C library
// and "m" its maths library; any other name is `lib<name>.so.<N>` as installed (the newest
// version found in the usual library folders), or `lib<name>.so` when there is none; a name
// with a slash or ending in `.so` is taken as written.

import * as fs from 'node:fs';

const FIXED: Readonly<Record<string, string>> = { c: 'libc.so.6', m: 'libm.so.6', builtin: 'libc.so.6' };
const FOLDERS = ['/lib/x86_64-linux-gnu', '/usr/lib/x86_64-linux-gnu', '/lib64', '/usr/lib64', '/lib', '/usr/lib', '/usr/local/lib'];
const found = new Map<string, string>();

export function librarySoname(name: string): string {
  const fixed = FIXED[name];
  if (fixed) return fixed;
  if (name.includes('/') || /\.so(\.\d+)*$/.test(name)) return name;
  const known = found.get(name);
  if (known) return known;
  const pattern = new RegExp(`^lib${name.replace(/[^A-Za-z0-9_+-]/g, '')}\\.so\\.(\\d+)$`);
  let best: { file: string; version: number } | undefined;
  for (const folder of FOLDERS) {
    let entries: string[];
    try {
      entries = fs.readdirSync(folder);
    } catch {
      continue;
    }
    for (const entry of entries) {
      const m = pattern.exec(entry);
      if (m && (!best || Number(m[1]) > best.version)) best = { file: entry, version: Number(m[1]) };
    }
  }
  const soname = best?.file ?? `lib${name}.so`;
  found.set(name, soname);
  return soname;
}
