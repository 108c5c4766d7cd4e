// The checker's diagnostic codes. Syntax codes (Z0xxx) are in syntax/diagnostic.ts; the full
// catalogue with examples is docs/diagnostics.md.

export const Code = {
  // Names and modules
  UndefinedName: 'Z1001',
  UndefinedMember: 'Z1002',
  NotAType: 'Z1003',
  NotAValue: 'Z1004',
  Shadowing: 'Z1005',
  Capture: 'Z1006',
  Duplicate: 'Z1007',
  AmbiguousName: 'Z1008',
  ImportOrder: 'Z1101',
  ImportNotFound: 'Z1102',
  ImportCycle: 'Z1103',

  // Types
  Mismatch: 'Z2001',
  Arity: 'Z2002',
  AssignConst: 'Z2003',
  NotAssignable: 'Z2004',
  NotCallable: 'Z2005',
  OutOfRange: 'Z2006',
  BadOperator: 'Z2007',
  BadCast: 'Z2008',
  CannotInfer: 'Z2009',
  NotIndexable: 'Z2010',
  StructLiteral: 'Z2011',
  VoidValue: 'Z2012',
  ReturnValue: 'Z2013',
  NotIterable: 'Z2015',
  AddressOf: 'Z2017',
  Deref: 'Z2018',
  ArrayLength: 'Z2019',
  StructCycle: 'Z2020',
  DivisionByZero: 'Z2021',
  ShiftRange: 'Z2022',
  IndexRange: 'Z2023',
  ZeroStep: 'Z2024',
  Ambiguous: 'Z2101',
  NoOverload: 'Z2102',
  Instantiation: 'Z2103',
  InInstantiation: 'Z2104',
  ForeignArgument: 'Z2201',
  Builtin: 'Z2203',

  // Control flow
  LoopControl: 'Z3001',
  MissingReturn: 'Z3002',
  NonExhaustive: 'Z3003',
  DuplicateCase: 'Z3004',
  ReturnInDefer: 'Z3005',

  // Warnings
  Unreachable: 'Z4001',
  Unused: 'Z4002',
  UnusedImport: 'Z4003',
  NoEffect: 'Z4004',

  // Comments (ide/comments/: the syntax tree and git, not the checker)
  StaleComment: 'Z5001',
} as const;

export type CodeName = keyof typeof Code;
