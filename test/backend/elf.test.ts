// The ELF writers (server/src/backend/elf) checked by the real tools: the executables run under
// the kernel and glibc's loader, readelf and objdump read them without a warning, and gcc links
// the objects. The programs are hand-encoded x86-64 (elf-asm.ts).

import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ProgramImage, Relocation } from 'zolt-server/backend/image';
import { writeExecutable, type ExecutableOptions } from 'zolt-server/backend/elf/executable';
import { writeObject } from 'zolt-server/backend/elf/object';
import { ProgramBuilder } from './elf-asm';

const LOADER = '/lib64/ld-linux-x86-64.so.2';

function toolMissing(name: string): boolean {
  const result = spawnSync(name, ['--version'], { encoding: 'utf8' });
  return result.error !== undefined || result.status !== 0;
}

const missing = new Map<string, boolean>();

/** Skips the test, saying why, unless this machine has what it needs. */
function need(context: Mocha.Context, ...requirements: ('run' | 'readelf' | 'objdump' | 'gcc' | 'eu-elflint')[]): void {
  for (const requirement of requirements) {
    if (requirement === 'run') {
      if (process.platform !== 'linux' || process.arch !== 'x64' || !fs.existsSync(LOADER)) {
        console.log(`      (skipped: running the programs needs x86-64 Linux with glibc's ${LOADER})`);
        context.skip();
      }
      continue;
    }
    if (!missing.has(requirement)) missing.set(requirement, toolMissing(requirement));
    if (missing.get(requirement)) {
      console.log(`      (skipped: ${requirement} is not installed)`);
      context.skip();
    }
  }
}

interface Run {
  readonly status: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

function run(command: string, args: readonly string[] = []): Run {
  const result = spawnSync(command, args, { encoding: 'utf8', timeout: 30_000 });
  if (result.error) throw result.error;
  return { status: result.status, signal: result.signal, stdout: result.stdout, stderr: result.stderr };
}

/** Runs a tool that must succeed and print no warning; returns its output. */
function tool(command: string, args: readonly string[]): string {
  const result = run(command, args);
  assert.equal(result.status, 0, `${command} ${args.join(' ')} failed:\n${result.stderr}`);
  assert.equal(result.stderr, '', `${command} ${args.join(' ')} wrote to stderr`);
  assert.doesNotMatch(result.stdout, /warning/i, `${command} ${args.join(' ')} printed a warning`);
  return result.stdout;
}

let dir = '';
let fileCount = 0;

function writeFile(bytes: Uint8Array, name: string, mode = 0o755): string {
  const file = path.join(dir, `${fileCount++}-${name}`);
  fs.writeFileSync(file, bytes, { mode });
  return file;
}

function executable(image: ProgramImage, name: string, options?: ExecutableOptions): string {
  return writeFile(writeExecutable(image, options), name);
}

// Program headers as `readelf -l -W` prints them.
interface ProgramHeaderRow {
  readonly type: string;
  readonly offset: number;
  readonly vaddr: number;
  readonly fileSize: number;
  readonly memorySize: number;
  readonly flags: string;
  readonly align: number;
}

function programHeaderRows(readelf: string): ProgramHeaderRow[] {
  const rows: ProgramHeaderRow[] = [];
  const line = /^ {2}(\w+) +0x([0-9a-f]+) 0x([0-9a-f]+) 0x[0-9a-f]+ 0x([0-9a-f]+) 0x([0-9a-f]+) (.{3}) 0x([0-9a-f]+)$/gm;
  for (const m of readelf.matchAll(line)) {
    rows.push({
      type: m[1]!,
      offset: parseInt(m[2]!, 16),
      vaddr: parseInt(m[3]!, 16),
      fileSize: parseInt(m[4]!, 16),
      memorySize: parseInt(m[5]!, 16),
      flags: m[6]!.trimEnd(),
      align: parseInt(m[7]!, 16),
    });
  }
  return rows;
}

interface SectionRow {
  readonly name: string;
  readonly type: string;
  readonly address: number;
  readonly size: number;
}

function sectionRows(readelf: string): Map<string, SectionRow> {
  const rows = new Map<string, SectionRow>();
  const line = /^ +\[ *\d+\] (\S+) +(\S+) +([0-9a-f]{16}) [0-9a-f]+ ([0-9a-f]+) /gm;
  for (const m of readelf.matchAll(line)) {
    rows.set(m[1]!, { name: m[1]!, type: m[2]!, address: parseInt(m[3]!, 16), size: parseInt(m[4]!, 16) });
  }
  return rows;
}

/** puts("hello") from a local function `greet` that _start calls, then exit(0). */
function helloImage(): ProgramImage {
  const p = new ProgramBuilder();
  const message = p.rodata.string('hello', 'message');
  const greet = p.code.fn('greet', false, () => {
    p.code.subRsp8().leaRdi(message).callImport('puts').addRsp8().ret();
  });
  // rsp is 16-aligned at _start, as a call needs it: no adjustment before the calls.
  const start = p.code.fn('_start', true, () => {
    p.code.call(greet).zeroEdi().callImport('exit').ud2();
  });
  return p.image({ imports: ['puts', 'exit'], entry: start });
}

/** puts of a string whose address is stored in `section` (an abs64 relocation), then exit(0). */
function pointerImage(section: 'data' | 'rodata'): ProgramImage {
  const p = new ProgramBuilder();
  const message = p.rodata.string(`through a pointer in ${section}`);
  const pointer = p[section].pointer(message, 'pointer');
  const start = p.code.fn('_start', true, () => {
    p.code.loadRdi(pointer).callImport('puts').zeroEdi().callImport('exit').ud2();
  });
  return p.image({ imports: ['puts', 'exit'], entry: start });
}

describe('ELF executable writer', () => {
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zolt-elf-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  describe('the program runs under the kernel and glibc\'s loader', () => {
    for (const pie of [true, false]) {
      it(`prints hello and exits 0 (${pie ? 'PIE' : 'ET_EXEC'}), started by the kernel and by ld.so itself`, function () {
        need(this, 'run');
        const file = executable(helloImage(), 'hello', { pie });
        // The kernel maps the program and starts ld.so (PT_INTERP) ...
        assert.deepEqual(run(file), { status: 0, signal: null, stdout: 'hello\n', stderr: '' });
        // ... and ld.so run as a command maps the program itself, with its own checks.
        assert.deepEqual(run(LOADER, [file]), { status: 0, signal: null, stdout: 'hello\n', stderr: '' });
      });
    }

    it('exits with status 42 through exit(42)', function () {
      need(this, 'run');
      const p = new ProgramBuilder();
      const start = p.code.fn('_start', true, () => p.code.movEdi(42).callImport('exit').ud2());
      const result = run(executable(p.image({ imports: ['exit'], entry: start }), 'exit42'));
      assert.equal(result.status, 42);
      assert.equal(result.stdout, '');
    });

    for (const pie of [true, false]) {
      it(`runs without any library, import or pointer: empty GOT, no relocations (${pie ? 'PIE' : 'ET_EXEC'})`, function () {
        need(this, 'run');
        const p = new ProgramBuilder();
        p.data.emit(1, 2, 3);
        const start = p.code.fn('_start', true, () => p.code.exitSyscall(7));
        const file = executable(p.image({ imports: [], needed: [], entry: start }), 'no-library', { pie });
        assert.equal(run(file).status, 7);
        assert.equal(run(LOADER, [file]).status, 7);
      });
    }

    it('calls libm (sqrt) and passes a double to variadic printf (al = 1)', function () {
      need(this, 'run');
      const p = new ProgramBuilder();
      const format = p.rodata.string('%g\n');
      const small = p.rodata.double(2.25);
      const large = p.rodata.double(1764);
      const start = p.code.fn('_start', true, () => {
        p.code.loadXmm0(small).callImport('sqrt').leaRdi(format).movEax(1).callImport('printf');
        // exit((int) sqrt(1764.0))
        p.code.loadXmm0(large).callImport('sqrt').truncateXmm0ToEdi().callImport('exit').ud2();
      });
      const image = p.image({ imports: ['sqrt', 'printf', 'exit'], needed: ['libm.so.6', 'libc.so.6'], entry: start });
      const result = run(executable(image, 'sqrt'));
      assert.deepEqual(result, { status: 42, signal: null, stdout: '1.5\n', stderr: '' });
    });

    for (const pie of [true, false]) {
      const how = pie ? 'PIE: R_X86_64_RELATIVE' : 'ET_EXEC: resolved in the file';
      it(`loads a string's address stored in data (abs64, ${how})`, function () {
        need(this, 'run');
        const result = run(executable(pointerImage('data'), 'data-pointer', { pie }));
        assert.deepEqual(result, { status: 0, signal: null, stdout: 'through a pointer in data\n', stderr: '' });
      });
    }

    it('loads a pointer stored in rodata: a PIE puts that rodata under RELRO for the loader to adjust', function () {
      need(this, 'run', 'readelf');
      const file = executable(pointerImage('rodata'), 'rodata-pointer');
      assert.deepEqual(run(file), { status: 0, signal: null, stdout: 'through a pointer in rodata\n', stderr: '' });
      const readelf = tool('readelf', ['-l', '-S', '-d', '-r', '-W', file]);
      const relro = programHeaderRows(readelf).find((row) => row.type === 'GNU_RELRO')!;
      const rodata = sectionRows(readelf).get('.rodata')!;
      const relroEnd = relro.vaddr + relro.memorySize;
      assert.ok(rodata.address >= relro.vaddr && rodata.address + rodata.size <= relroEnd, '.rodata lies in GNU_RELRO');
      assert.match(readelf, /R_X86_64_RELATIVE/);
      assert.doesNotMatch(readelf, /TEXTREL/);
    });

    it('calls an import through a function pointer stored in data (abs64 to an import: R_X86_64_64)', function () {
      need(this, 'run', 'readelf');
      const p = new ProgramBuilder();
      const message = p.rodata.string('called through a pointer');
      const pointer = p.data.pointer({ import: 'puts' }, 'puts_pointer');
      const start = p.code.fn('_start', true, () => {
        p.code.leaRdi(message).loadRax(pointer).callRax().zeroEdi().callImport('exit').ud2();
      });
      for (const pie of [true, false]) {
        const file = executable(p.image({ imports: ['puts', 'exit'], entry: start }), 'import-pointer', { pie });
        assert.deepEqual(run(file), { status: 0, signal: null, stdout: 'called through a pointer\n', stderr: '' });
        assert.match(tool('readelf', ['-r', '-W', file]), /R_X86_64_64 +0+ puts \+ 0/);
      }
    });

    it('writes and reads bss, at both ends of a 1 MiB buffer', function () {
      need(this, 'run');
      const p = new ProgramBuilder();
      const first = p.bss('first', 16);
      p.bss('middle', 1 << 20);
      const last = p.bss('last', 16);
      const start = p.code.fn('_start', true, () => {
        // "bss\0" and "end\0" as little-endian dwords
        p.code.storeDword(first, 0x00737362).storeDword(last, 0x00646e65);
        p.code.leaRdi(first).callImport('puts').leaRdi(last).callImport('puts').zeroEdi().callImport('exit').ud2();
      });
      const result = run(executable(p.image({ imports: ['puts', 'exit'], entry: start }), 'bss'));
      assert.deepEqual(result, { status: 0, signal: null, stdout: 'bss\nend\n', stderr: '' });
    });

    for (const pie of [true, false]) {
      it(`the GOT is read-only once the program runs: PT_GNU_RELRO works (${pie ? 'PIE' : 'ET_EXEC'})`, function () {
        need(this, 'run');
        const p = new ProgramBuilder();
        const start = p.code.fn('_start', true, () => {
          p.code.storeDwordToImportSlot('exit', 0).movEdi(3).callImport('exit').ud2();
        });
        const result = run(executable(p.image({ imports: ['exit'], entry: start }), 'got-write', { pie }));
        assert.equal(result.signal, 'SIGSEGV', `expected the write to the GOT to fault, got status ${result.status}`);
      });
    }

    it('fails to start with the loader\'s message and status 127 when a needed library is missing', function () {
      need(this, 'run');
      const image = { ...helloImage(), needed: ['libc.so.6', 'libzolt-missing.so.1'] };
      const result = run(executable(image, 'missing-library'));
      assert.equal(result.status, 127);
      assert.equal(result.stdout, '');
      assert.match(
        result.stderr,
        /error while loading shared libraries: libzolt-missing\.so\.1: cannot open shared object file: No such file or directory/,
      );
    });

    it('writes a 4 MiB program with 600,000 relocations in milliseconds (linear, not quadratic), and it runs', function () {
      need(this, 'run');
      const p = new ProgramBuilder();
      const message = p.rodata.string('big');
      const start = p.code.fn('_start', true, () => {
        for (let i = 0; i < 300_000; i++) p.code.leaRdi(message).loadRaxFromImportSlot('puts');
        p.code.callImport('puts').zeroEdi().callImport('exit').ud2();
      });
      const image = p.image({ imports: ['puts', 'exit'], entry: start });
      assert.ok(image.text.length > 4_000_000 && image.relocations.length > 600_000);
      const begin = performance.now();
      const bytes = writeExecutable(image);
      const elapsed = performance.now() - begin;
      const size = `${(bytes.length / 2 ** 20).toFixed(1)} MiB executable, ${image.relocations.length} relocations`;
      console.log(`      (${size}: ${elapsed.toFixed(0)} ms)`);
      // Tens of milliseconds here; the bound leaves room for a loaded machine, not for a quadratic step.
      assert.ok(elapsed < 2000, `writeExecutable took ${elapsed.toFixed(0)} ms`);
      assert.deepEqual(run(writeFile(bytes, 'big')), { status: 0, signal: null, stdout: 'big\n', stderr: '' });
    });
  });

  describe('readelf and objdump read it', () => {
    it('readelf -a prints no warning; the headers are what the kernel and the loader need (PIE)', function () {
      need(this, 'readelf');
      const p = new ProgramBuilder();
      const message = p.rodata.string('hello', 'message');
      p.data.pointer(message, 'pointer');
      p.bss('buffer', 64);
      const start = p.code.fn('_start', true, () => p.code.leaRdi(message).callImport('puts').zeroEdi().callImport('exit').ud2());
      const image = p.image({ imports: ['puts', 'exit'], needed: ['libm.so.6', 'libc.so.6'], entry: start });
      const file = executable(image, 'inspected');
      const readelf = tool('readelf', ['-h', '-l', '-d', '-r', '-s', '-S', '-W', file]);
      tool('readelf', ['-a', '-W', file]); // also the hash histogram and version sections

      assert.match(readelf, /Type: +DYN \(Position-Independent Executable file\)/);
      const rows = programHeaderRows(readelf);
      assert.equal(rows[0]!.type, 'PHDR', 'PT_PHDR is the first program header');
      assert.equal(rows[1]!.type, 'INTERP');
      assert.match(readelf, /\[Requesting program interpreter: \/lib64\/ld-linux-x86-64\.so\.2\]/);
      const loads = rows.filter((row) => row.type === 'LOAD');
      assert.deepEqual(loads.map((row) => row.flags), ['R', 'R E', 'R', 'RW', 'RW']);
      for (const [i, load] of loads.entries()) {
        assert.equal(load.align, 0x1000);
        assert.equal((load.vaddr - load.offset) % load.align, 0, 'p_vaddr ≡ p_offset (mod page)');
        const previous = loads[i - 1];
        if (previous) assert.ok(load.vaddr >= previous.vaddr + previous.memorySize, 'PT_LOADs in address order, not overlapping');
      }
      assert.ok(rows.findIndex((row) => row.type === 'LOAD') > rows.findIndex((row) => row.type === 'INTERP'));
      const phdr = rows[0]!;
      const first = loads[0]!;
      assert.ok(phdr.offset >= first.offset && phdr.offset + phdr.fileSize <= first.offset + first.fileSize, 'PT_PHDR lies in the first PT_LOAD');
      assert.equal(rows.find((row) => row.type === 'GNU_STACK')!.flags, 'RW');
      const data = loads[4]!;
      assert.ok(data.memorySize > data.fileSize, 'bss is the zero-filled end of the data segment');

      const sections = sectionRows(readelf);
      assert.deepEqual(
        [...sections.keys()],
        ['.interp', '.hash', '.dynsym', '.dynstr', '.rela.dyn', '.text', '.rodata', '.dynamic', '.got', '.data', '.bss', '.symtab', '.strtab', '.shstrtab'],
      );
      assert.equal(sections.get('.bss')!.type, 'NOBITS');
      const dynamic = rows.find((row) => row.type === 'DYNAMIC')!;
      assert.equal(dynamic.vaddr, sections.get('.dynamic')!.address);
      const relro = rows.find((row) => row.type === 'GNU_RELRO')!;
      const got = sections.get('.got')!;
      assert.ok(got.address >= relro.vaddr && got.address + got.size <= relro.vaddr + relro.memorySize, '.got lies in GNU_RELRO');
      assert.equal((relro.vaddr + relro.memorySize) % 0x1000, 0, 'GNU_RELRO ends on a page boundary (glibc rounds the end down)');
      assert.ok(sections.get('.data')!.address >= relro.vaddr + relro.memorySize, '.data is not under RELRO');

      const needed = [...readelf.matchAll(/\(NEEDED\) +Shared library: \[(.+)\]/g)].map((m) => m[1]);
      assert.deepEqual(needed, ['libm.so.6', 'libc.so.6']);
      assert.match(readelf, /\(HASH\) +0x/);
      assert.match(readelf, /\(RELAENT\) +24 \(bytes\)/);
      assert.match(readelf, /\(FLAGS\) +BIND_NOW/);
      assert.match(readelf, /\(FLAGS_1\) +Flags: NOW PIE/);
      assert.match(readelf, /\(DEBUG\) +0x0/);
      assert.match(readelf, /\(RELACOUNT\) +1/);
      const bindings = [...readelf.matchAll(/R_X86_64_GLOB_DAT +0+ (\w+) \+ 0/g)].map((m) => m[1]);
      assert.deepEqual(bindings, ['puts', 'exit'], 'one GLOB_DAT per import, in slot order');
      assert.equal([...readelf.matchAll(/R_X86_64_RELATIVE/g)].length, 1, 'the pointer in data');
      assert.match(readelf, /NOTYPE +GLOBAL +DEFAULT +UND puts/);
      assert.match(readelf, /FUNC +GLOBAL +DEFAULT +\d+ _start/);
      assert.match(readelf, /OBJECT +LOCAL +DEFAULT +\d+ message/);
      assert.doesNotMatch(readelf, /TEXTREL|\(PLTGOT\)|\(JMPREL\)/);
    });

    it('ET_EXEC: loaded at 0x400000, no PIE flag, pointers resolved in the file', function () {
      need(this, 'readelf');
      const file = executable(pointerImage('data'), 'exec', { pie: false });
      const readelf = tool('readelf', ['-h', '-l', '-d', '-r', '-W', file]);
      assert.match(readelf, /Type: +EXEC \(Executable file\)/);
      assert.equal(programHeaderRows(readelf).find((row) => row.type === 'LOAD')!.vaddr, 0x400000);
      assert.match(readelf, /\(FLAGS_1\) +Flags: NOW\n/);
      assert.doesNotMatch(readelf, /R_X86_64_RELATIVE|RELACOUNT/);
    });

    it('eu-elflint (elfutils, when installed) finds nothing wrong with the executables', function () {
      need(this, 'eu-elflint');
      const images: [string, ProgramImage, ExecutableOptions][] = [
        ['hello PIE', helloImage(), {}],
        ['hello ET_EXEC', helloImage(), { pie: false }],
        ['pointer in data', pointerImage('data'), {}],
        ['pointer in rodata', pointerImage('rodata'), {}],
        ['pointer in rodata, ET_EXEC', pointerImage('rodata'), { pie: false }],
        ['no library', { ...helloImage(), imports: [], needed: [], relocations: [], rodata: new Uint8Array(0), symbols: [] }, {}],
      ];
      for (const [what, image, options] of images) {
        const file = executable(image, 'linted', options);
        assert.match(tool('eu-elflint', ['--gnu-ld', file]), /^No errors\n$/, what);
      }
    });

    it('objdump -d shows the functions by name and the calls to them', function () {
      need(this, 'objdump');
      const disassembly = tool('objdump', ['-d', executable(helloImage(), 'disassembled')]);
      assert.match(disassembly, /<greet>:\n/);
      assert.match(disassembly, /<_start>:\n/);
      assert.match(disassembly, /call +[0-9a-f]+ <greet>/);
      assert.match(disassembly, /lea +0x[0-9a-f]+\(%rip\),%rdi +# [0-9a-f]+ <message>/);
    });
  });

  describe('bad input is an Error that names the relocation', () => {
    /** The hello program with one more relocation, whose field is in text. */
    const withRelocation = (kind: Relocation['kind'], fieldOffset: number, target: Relocation['target']): ProgramImage => {
      const hello = helloImage();
      const relocation: Relocation = { at: { section: 'text', offset: fieldOffset }, kind, target, addend: -4 };
      return { ...hello, relocations: [...hello.relocations, relocation] };
    };
    const index = helloImage().relocations.length;
    const rodataStart = { section: 'rodata', offset: 0 } as const;

    it('a field past the end of its section', () => {
      const image = withRelocation('pc32', helloImage().text.length - 2, rodataStart);
      const message = `relocation #${index} \\(pc32 at text\\+0x[0-9a-f]+ to rodata\\+0x0\\): the 4-byte field does not lie within text`;
      assert.throws(() => writeExecutable(image), new RegExp(message));
      assert.throws(() => writeObject(image), /the 4-byte field does not lie within text/);
    });

    it('a target past the end of its section', () => {
      const image = withRelocation('pc32', 0, { section: 'rodata', offset: 100 });
      assert.throws(() => writeExecutable(image), /the target lies outside rodata \(6 bytes\)/);
    });

    it('an import that is not in imports', () => {
      const image = withRelocation('got-pc32', 0, { import: 'nope' });
      assert.throws(() => writeExecutable(image), /got-pc32 at text\+0x0 to import 'nope'\): 'nope' is not in the image's imports/);
      assert.throws(() => writeObject(image), /'nope' is not in the image's imports/);
    });

    it('a pc32 field more than 2 GiB from its target', () => {
      const image = { ...withRelocation('pc32', 0, { section: 'bss', offset: 0xc000_0000 }), bssSize: 0xc000_0010 };
      assert.throws(() => writeExecutable(image), /does not fit in a signed 32-bit field/);
    });

    it('got-pc32 to our own section, pc32 to an import', () => {
      assert.throws(() => writeExecutable(withRelocation('got-pc32', 0, rodataStart)), /its target must be an import/);
      assert.throws(() => writeObject(withRelocation('pc32', 0, { import: 'puts' })), /use got-pc32/);
    });

    it('a pointer in the code of a PIE (a text relocation); an ET_EXEC resolves it', () => {
      const p = new ProgramBuilder();
      const message = p.rodata.string('x');
      // movabs rdi, imm64 (48 BF imm64) with an abs64 field
      p.code.emit(0x48, 0xbf);
      const field = p.code.here();
      p.code.emit(0, 0, 0, 0, 0, 0, 0, 0).ret();
      const pointer: Relocation = { at: field, kind: 'abs64', target: message, addend: 0 };
      const image = { ...p.image({ imports: [], entry: { section: 'text', offset: 0 } }), relocations: [pointer] };
      assert.throws(() => writeExecutable(image), /abs64 at text\+0x2 to rodata\+0x0\): the loader would have to write into the code/);
      assert.doesNotThrow(() => writeExecutable(image, { pie: false }));
    });

    it('no entry point, an import listed twice, a symbol outside its section', () => {
      assert.throws(() => writeExecutable({ ...helloImage(), entry: undefined }), /an executable needs an entry point/);
      assert.throws(() => writeExecutable({ ...helloImage(), imports: ['puts', 'exit', 'puts'] }), /'puts' is imported twice/);
      const symbol = { name: 'far', section: 'data', offset: 8, size: 8, kind: 'object', global: false } as const;
      assert.throws(() => writeObject({ ...helloImage(), symbols: [symbol] }), /symbol 'far' \(0x8, 8 bytes\) does not lie within data \(0 bytes\)/);
    });
  });
});

/** A C-ABI `main`: puts of a rodata string, of a string through a pointer in data, of bss; returns 0. */
function mainObjectImage(pointerSection: 'data' | 'rodata' = 'data'): ProgramImage {
  const p = new ProgramBuilder();
  const message = p.rodata.string('hello from an object', 'message');
  const other = p.rodata.string(`through a pointer in ${pointerSection}`);
  const pointer = p[pointerSection].pointer(other, 'pointer');
  const buffer = p.bss('buffer', 16);
  p.code.fn('main', true, () => {
    // main is called, so rsp is 8 off 16-alignment: sub 8 realigns it for the calls.
    p.code.subRsp8().leaRdi(message).callImport('puts');
    p.code.loadRdi(pointer).callImport('puts');
    p.code.storeDword(buffer, 0x00737362).leaRdi(buffer).callImport('puts');
    p.code.zeroEax().addRsp8().ret();
  });
  return p.image({ imports: ['puts'], entry: undefined });
}

describe('ELF object writer', () => {
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zolt-elf-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const expectedOutput = (pointerSection: string) => `hello from an object\nthrough a pointer in ${pointerSection}\nbss\n`;

  it('readelf -a shows its sections, symbols and relocations, with no warning', function () {
    need(this, 'readelf');
    const readelf = tool('readelf', ['-a', '-W', writeFile(writeObject(mainObjectImage()), 'main.o', 0o644)]);
    assert.match(readelf, /Type: +REL \(Relocatable file\)/);
    const sections = [...sectionRows(readelf).keys()];
    assert.deepEqual(sections, [
      '.text', '.rela.text', '.rodata', '.data', '.rela.data', '.bss', '.note.GNU-stack', '.symtab', '.strtab', '.shstrtab',
    ]);
    assert.match(readelf, /FUNC +GLOBAL +DEFAULT +1 main/);
    assert.match(readelf, /NOTYPE +GLOBAL +DEFAULT +UND puts/);
    assert.match(readelf, /OBJECT +LOCAL +DEFAULT +\d+ message/);
    // Locals first: sh_info of .symtab (the first global) is main's index.
    const mainIndex = /^ +(\d+): [0-9a-f]+ +\d+ FUNC +GLOBAL +DEFAULT +1 main$/m.exec(readelf)![1];
    assert.match(readelf, new RegExp(`\\.symtab +SYMTAB +0{16} [0-9a-f]+ [0-9a-f]+ 18 +\\d+ +${mainIndex} `));
    assert.equal([...readelf.matchAll(/R_X86_64_GOTPCREL +0+ puts - 4/g)].length, 3);
    assert.match(readelf, /R_X86_64_PC32 +0+ \.rodata - 4/);
    assert.match(readelf, /R_X86_64_PC32 +0+ \.bss - 8/, 'the field of mov [rip+x], imm32 is 8 bytes before the next instruction');
    assert.match(readelf, /R_X86_64_64 +0+ \.rodata \+ 15/, 'the section symbol plus the target offset');
  });

  it('gcc links it into a PIE that runs, and without -pie too', function () {
    need(this, 'run', 'gcc');
    const object = writeFile(writeObject(mainObjectImage()), 'main.o', 0o644);
    for (const flags of [[], ['-no-pie']]) {
      const program = path.join(dir, `main${flags.join('')}`);
      const link = run('gcc', [...flags, '-o', program, object]);
      assert.equal(link.status, 0, link.stderr);
      assert.equal(link.stderr, '', 'the link is silent (no executable-stack or text-relocation warning)');
      assert.deepEqual(run(program), { status: 0, signal: null, stdout: expectedOutput('data'), stderr: '' });
    }
  });

  it('eu-elflint (elfutils, when installed) finds nothing wrong with the objects', function () {
    need(this, 'eu-elflint');
    for (const section of ['data', 'rodata'] as const) {
      const object = writeFile(writeObject(mainObjectImage(section)), 'linted.o', 0o644);
      assert.match(tool('eu-elflint', ['--gnu-ld', object]), /^No errors\n$/);
    }
  });

  it('objdump -dr shows the relocations by name', function () {
    need(this, 'objdump');
    const disassembly = tool('objdump', ['-dr', writeFile(writeObject(mainObjectImage()), 'main.o', 0o644)]);
    assert.match(disassembly, /<main>:\n/);
    assert.match(disassembly, /R_X86_64_GOTPCREL\tputs-0x4/);
    assert.match(disassembly, /R_X86_64_PC32\t\.rodata-0x4/);
    assert.match(disassembly, /R_X86_64_PC32\t\.data-0x4/);
  });

  it('rodata that holds pointers becomes .data.rel.ro: the PIE link needs no text relocation', function () {
    need(this, 'run', 'gcc', 'readelf');
    const object = writeFile(writeObject(mainObjectImage('rodata')), 'main.o', 0o644);
    assert.match(tool('readelf', ['-S', '-W', object]), /\.data\.rel\.ro +PROGBITS .* WA /);
    const program = path.join(dir, 'relro-pointer');
    const link = run('gcc', ['-o', program, object]);
    assert.equal(link.status, 0, link.stderr);
    assert.equal(link.stderr, '');
    assert.doesNotMatch(tool('readelf', ['-d', '-W', program]), /TEXTREL/);
    assert.deepEqual(run(program), { status: 0, signal: null, stdout: expectedOutput('rodata'), stderr: '' });
  });

  it('writes a 4 MiB object with 600,000 relocations in milliseconds (linear, not quadratic)', () => {
    const p = new ProgramBuilder();
    const message = p.rodata.string('big');
    p.code.fn('main', true, () => {
      for (let i = 0; i < 300_000; i++) p.code.leaRdi(message).loadRaxFromImportSlot('puts');
      p.code.ret();
    });
    const image = p.image({ imports: ['puts'], entry: undefined });
    const begin = performance.now();
    const bytes = writeObject(image);
    const elapsed = performance.now() - begin;
    console.log(`      (${(bytes.length / 2 ** 20).toFixed(1)} MiB object: ${elapsed.toFixed(0)} ms)`);
    assert.ok(elapsed < 2000, `writeObject took ${elapsed.toFixed(0)} ms`);
  });
});
