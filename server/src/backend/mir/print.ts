// Machine IR as text (`zolt build --emit mir`, and the allocator's tests): one instruction per
// line, virtual registers as `v40`, physical ones by name.

import { registerName } from '../x64';
import { FIRST_VIRTUAL, type Loc, type MFunction, type MInst, type Mem, type Reg } from './mir';

export function regText(r: Reg): string {
  return r >= FIRST_VIRTUAL ? `v${r}` : registerName(r);
}

function memText(m: Mem): string {
  switch (m.kind) {
    case 'base':
      return `[${regText(m.base)}${m.index !== undefined ? ` + ${regText(m.index)}*${m.scale}` : ''}${m.disp ? ` + ${m.disp}` : ''}]`;
    case 'slot':
      return `[slot${m.slot}${m.index !== undefined ? ` + ${regText(m.index)}*${m.scale}` : ''}${m.disp ? ` + ${m.disp}` : ''}]`;
    case 'rip':
      return `[${m.target.kind}:${'name' in m.target ? m.target.name : 'index' in m.target ? m.target.index : m.target.key}${m.disp ? ` + ${m.disp}` : ''}]`;
    case 'outgoing':
      return `[out + ${m.offset}]`;
    case 'incoming':
      return `[in + ${m.offset}]`;
    case 'spill':
      return `[spill ${regText(m.reg)}]`;
  }
}

function locText(l: Loc): string {
  switch (l.kind) {
    case 'reg':
      return regText(l.reg);
    case 'spill':
      return `[spill ${regText(l.reg)}]`;
    case 'imm':
      return String(l.value);
    case 'const':
      return `const:${l.key}`;
  }
}

export function minstText(i: MInst): string {
  const r = regText;
  switch (i.op) {
    case 'mov':
    case 'fmov':
    case 'fun':
    case 'movxr':
    case 'movrx':
      return `${i.op}${'size' in i ? i.size : ''}${'sse' in i ? ` ${i.sse}` : ''} ${r(i.dst)}, ${r(i.src)}`;
    case 'movi':
      return `movi${i.size} ${r(i.dst)}, ${i.imm}`;
    case 'load':
    case 'fload':
      return `${i.op}${i.size}${'ext' in i && i.ext !== 'none' ? i.ext : ''} ${r(i.dst)}, ${memText(i.mem)}`;
    case 'store':
    case 'fstore':
      return `${i.op}${i.size} ${memText(i.mem)}, ${r(i.src)}`;
    case 'storei':
      return `storei${i.size} ${memText(i.mem)}, ${i.imm}`;
    case 'lea':
      return `lea ${r(i.dst)}, ${memText(i.mem)}`;
    case 'alu':
      return `${i.alu}${i.size} ${r(i.dst)}, ${r(i.src)}`;
    case 'alui':
      return `${i.alu}${i.size} ${r(i.dst)}, ${i.imm}`;
    case 'test':
      return `test${i.size} ${r(i.a)}, ${r(i.b)}`;
    case 'imul':
      return `imul${i.size} ${r(i.dst)}, ${r(i.src)}`;
    case 'imuli':
      return `imul${i.size} ${r(i.dst)}, ${r(i.src)}, ${i.imm}`;
    case 'shift':
      return `${i.shift}${i.size} ${r(i.dst)}, cl`;
    case 'shifti':
      return `${i.shift}${i.size} ${r(i.dst)}, ${i.count}`;
    case 'unary':
      return `${i.unary}${i.size} ${r(i.dst)}`;
    case 'div':
      return `${i.signed ? 'idiv' : 'div'}${i.size} ${r(i.src)}`;
    case 'signext':
      return i.size === 8 ? 'cqo' : 'cdq';
    case 'ext':
      return `${i.signed ? 'sx' : 'zx'}${i.from}to${i.to} ${r(i.dst)}, ${r(i.src)}`;
    case 'setcc':
      return `set${i.cond} ${r(i.dst)}`;
    case 'cmov':
      return `cmov${i.cond}${i.size} ${r(i.dst)}, ${r(i.src)}`;
    case 'fop':
      return `${i.sse} ${r(i.dst)}, ${r(i.src)}`;
    case 'fcmp':
      return `ucomis${i.size === 4 ? 's' : 'd'} ${r(i.a)}, ${r(i.b)}`;
    case 'fzero':
      return `fzero ${r(i.dst)}`;
    case 'cvtif':
      return `cvtsi2s${i.fsize === 4 ? 's' : 'd'}${i.isize} ${r(i.dst)}, ${r(i.src)}`;
    case 'cvtfi':
      return `cvtts${i.fsize === 4 ? 's' : 'd'}2si${i.isize} ${r(i.dst)}, ${r(i.src)}`;
    case 'round':
      return `${i.round} ${r(i.dst)}, ${r(i.src)}, ${i.mode}`;
    case 'call': {
      const t = i.target.kind === 'register' ? r(i.target.reg) : i.target.name;
      return `call ${t} (${i.uses.map(r).join(', ')}) -> (${i.defs.map(r).join(', ')})`;
    }
    case 'entry':
      return `entry -> (${i.defs.map(r).join(', ')})`;
    case 'move':
      return `move ${locText(i.from)} -> ${locText(i.to)}`;
    case 'jmp':
      return `jmp b${i.target}`;
    case 'jcc':
      return `j${i.cond} b${i.then} else b${i.else}`;
    case 'ret':
      return `ret (${i.uses.map(r).join(', ')})`;
    case 'ud2':
      return 'ud2';
  }
}

export function mfunctionText(mf: MFunction, order?: readonly number[]): string {
  const lines = [`machine function ${mf.name}`];
  for (const b of order ?? mf.blocks.map((_, i) => i)) {
    const block = mf.blocks[b]!;
    lines.push(`b${b}${block.cold ? ' (cold)' : ''}:`);
    for (const i of block.insts) lines.push(`  ${minstText(i)}`);
  }
  return lines.join('\n') + '\n';
}
