/**
 * Tree-sitter grammar for Zolt.
 *
 * This file is the syntactic definition of the language; docs/language.md explains it for
 * people. Design choices worth knowing before editing:
 *
 * - Struct literals vs blocks: a struct literal's type is a name (`Vec2{...}`) or a member
 *   chain (`geo.Vec2{...}`), and the literal has a *negative* precedence. Where a `{` could
 *   either open a struct literal or the block of an `if`/`while`/`for`/`switch`/`case`/
 *   `push_context` head, the reduction wins, so `if x { }` is an `if` with a block. A struct
 *   literal inside such a head must be parenthesised: `if (Vec2{x: 1}).x > 0 { }`. This is
 *   the rule of Go and Rust, resolved by precedence alone (no GLR fork on every `{`).
 * - Nested block comments need a counter, so they come from the external scanner in
 *   src/scanner.c. Line and doc comments are plain tokens.
 * - Assignment is an expression (lowest precedence, right-associative) so that the tree is
 *   uniform; the checker decides where its value may be used.
 * - Primitive type names (`i64`, `f64`, ...) are ordinary identifiers: the checker, not the
 *   parser, knows which names are types. This keeps the keyword set small and lets a user
 *   shadow nothing by accident (shadowing rules live in the checker).
 */

const PREC = {
  assign: 1,
  or: 2,
  and: 3,
  compare: 4,
  bit_or: 5,
  bit_xor: 6,
  bit_and: 7,
  shift: 8,
  range: 9,
  additive: 10,
  multiplicative: 11,
  cast: 12,
  unary: 13,
  postfix: 14,
  struct_literal: -1,
};

const ASSIGNMENT_OPERATORS = ['=', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '<<=', '>>='];

const BINARY_OPERATORS = [
  [PREC.or, '||'],
  [PREC.and, '&&'],
  [PREC.compare, choice('==', '!=', '<', '<=', '>', '>=')],
  [PREC.bit_or, '|'],
  [PREC.bit_xor, '^'],
  [PREC.bit_and, '&'],
  [PREC.shift, choice('<<', '>>')],
  [PREC.additive, choice('+', '-')],
  [PREC.multiplicative, choice('*', '/', '%')],
];

/** `rule` separated by `separator`, at least one, with an optional trailing separator. */
function sepBy1Trailing(separator, rule) {
  return seq(rule, repeat(seq(separator, rule)), optional(separator));
}

function commaSepTrailing(rule) {
  return optional(sepBy1Trailing(',', rule));
}

module.exports = grammar({
  name: 'zolt',

  word: $ => $.identifier,

  externals: $ => [$.block_comment],

  extras: $ => [/\s/, $.line_comment, $.doc_comment, $.block_comment],

  supertypes: $ => [$._declaration, $._statement, $._expression, $._type, $._literal],

  inline: $ => [$._block_or_if],

  // `[4][i]` indexes an array literal and `[4][4]f64` is a type; `[x] * 2` multiplies and
  // `[x]*u8` is a type. Only the token after the brackets tells, so the parser tries both.
  conflicts: $ => [[$.array_literal, $.array_type], [$.array_literal, $.slice_type]],

  rules: {
    source_file: $ => repeat(choice($.import_declaration, $._declaration)),

    // ---------------------------------------------------------------- declarations

    import_declaration: $ => seq(
      'import',
      optional(seq(field('alias', $.identifier), '=')),
      field('path', $.string_literal),
      ';',
    ),

    _declaration: $ => choice(
      $.const_declaration,
      $.var_declaration,
      $.function_declaration,
      $.struct_declaration,
      $.enum_declaration,
      $.foreign_block,
    ),

    const_declaration: $ => seq(
      'const',
      field('name', $.identifier),
      optional(seq(':', field('type', $._type))),
      '=',
      field('value', $._expression),
      ';',
    ),

    var_declaration: $ => seq(
      'var',
      field('name', $.identifier),
      optional(seq(':', field('type', $._type))),
      optional(seq('=', field('value', $._expression))),
      ';',
    ),

    function_declaration: $ => seq(
      'fn',
      field('name', $.identifier),
      field('parameters', $.parameter_list),
      optional(seq('->', field('return_type', $._type))),
      field('body', $.block),
    ),

    parameter_list: $ => seq('(', commaSepTrailing(choice($.parameter, $.variadic_parameter)), ')'),

    // `name: T`, or an untyped `name` that makes the function generic.
    parameter: $ => seq(
      field('name', $.identifier),
      optional(seq(':', field('type', $._type))),
    ),

    variadic_parameter: _ => '...',

    struct_declaration: $ => seq(
      'struct',
      field('name', $.identifier),
      field('body', $.field_declaration_list),
    ),

    field_declaration_list: $ => seq('{', commaSepTrailing($.field_declaration), '}'),

    field_declaration: $ => seq(
      field('name', $.identifier),
      ':',
      field('type', $._type),
      optional(seq('=', field('value', $._expression))),
    ),

    enum_declaration: $ => seq(
      'enum',
      field('name', $.identifier),
      optional(seq(':', field('type', $._type))),
      field('body', $.enum_member_list),
    ),

    enum_member_list: $ => seq('{', commaSepTrailing($.enum_member), '}'),

    enum_member: $ => seq(
      field('name', $.identifier),
      optional(seq('=', field('value', $._expression))),
    ),

    foreign_block: $ => seq(
      'foreign',
      field('library', $.string_literal),
      field('body', $.foreign_declaration_list),
    ),

    foreign_declaration_list: $ => seq('{', repeat($.foreign_function_declaration), '}'),

    foreign_function_declaration: $ => seq(
      'fn',
      field('name', $.identifier),
      field('parameters', $.parameter_list),
      optional(seq('->', field('return_type', $._type))),
      ';',
    ),

    // ---------------------------------------------------------------- types

    _type: $ => choice(
      alias($.identifier, $.type_identifier),
      $.qualified_type,
      $.pointer_type,
      $.array_type,
      $.slice_type,
      $.function_type,
      $.parenthesized_type,
    ),

    // `geo.Vec2`: a type reached through an aliased import. After `as`, `x as geo.Vec2` reads
    // the dot as part of the type; `(x as T).field` needs the parentheses.
    qualified_type: $ => prec(1, seq(field('module', $.identifier), '.', field('name', $.identifier))),

    pointer_type: $ => seq('*', field('type', $._type)),

    array_type: $ => seq('[', field('length', $._expression), ']', field('element', $._type)),

    slice_type: $ => seq('[', ']', field('element', $._type)),

    function_type: $ => prec.right(seq(
      'fn',
      field('parameters', $.type_list),
      optional(seq('->', field('return_type', $._type))),
    )),

    type_list: $ => seq('(', commaSepTrailing(choice($._type, $.variadic_parameter)), ')'),

    parenthesized_type: $ => seq('(', $._type, ')'),

    // ---------------------------------------------------------------- statements

    block: $ => seq('{', repeat($._statement), '}'),

    _statement: $ => choice(
      $._declaration,
      $.expression_statement,
      $.if_statement,
      $.while_statement,
      $.for_statement,
      $.switch_statement,
      $.break_statement,
      $.continue_statement,
      $.return_statement,
      $.defer_statement,
      $.using_statement,
      $.unreachable_statement,
      $.push_context_statement,
      $.block,
      $.empty_statement,
    ),

    expression_statement: $ => seq($._expression, ';'),

    empty_statement: _ => ';',

    if_statement: $ => seq(
      'if',
      field('condition', $._expression),
      field('consequence', $.block),
      optional(seq('else', field('alternative', $._block_or_if))),
    ),

    _block_or_if: $ => choice($.block, $.if_statement),

    while_statement: $ => seq(
      'while',
      field('condition', $._expression),
      field('body', $.block),
    ),

    // `for x in xs { }` or, with an index, `for i, x in xs { }`.
    for_statement: $ => seq(
      'for',
      optional(seq(field('index', $.identifier), ',')),
      field('item', $.identifier),
      'in',
      field('iterable', $._expression),
      field('body', $.block),
    ),

    switch_statement: $ => seq(
      'switch',
      field('value', $._expression),
      field('body', $.switch_body),
    ),

    switch_body: $ => seq('{', repeat($.switch_case), optional($.switch_else), '}'),

    switch_case: $ => seq(
      'case',
      sepBy1Trailing(',', field('value', $._expression)),
      field('body', $.block),
    ),

    switch_else: $ => seq('else', field('body', $.block)),

    break_statement: _ => seq('break', ';'),

    continue_statement: _ => seq('continue', ';'),

    return_statement: $ => seq('return', optional(field('value', $._expression)), ';'),

    // The deferred statement runs when the enclosing block exits (LIFO).
    defer_statement: $ => seq('defer', field('body', choice($.block, $.expression_statement))),

    using_statement: $ => seq('using', field('value', $._expression), ';'),

    unreachable_statement: _ => seq('unreachable', ';'),

    push_context_statement: $ => seq(
      'push_context',
      field('value', $._expression),
      field('body', $.block),
    ),

    // ---------------------------------------------------------------- expressions

    _expression: $ => choice(
      $.assignment_expression,
      $.binary_expression,
      $.range_expression,
      $.cast_expression,
      $.unary_expression,
      $.call_expression,
      $.index_expression,
      $.slice_expression,
      $.member_expression,
      $.implicit_member_expression,
      $.parenthesized_expression,
      $.struct_literal,
      $.array_literal,
      $.context_expression,
      $.identifier,
      $._literal,
      // Types as values, for builtins that take a type: `alloc([]u8, n)`, `size_of([4]f64)`.
      // `*T` needs no form of its own: it parses as a dereference, which the checker reads
      // as a pointer type where a type is expected.
      $.slice_type,
      $.array_type,
      $.function_type,
    ),

    assignment_expression: $ => prec.right(PREC.assign, seq(
      field('left', $._expression),
      field('operator', choice(...ASSIGNMENT_OPERATORS)),
      field('right', $._expression),
    )),

    binary_expression: $ => choice(...BINARY_OPERATORS.map(([precedence, operator]) =>
      prec.left(precedence, seq(
        field('left', $._expression),
        field('operator', operator),
        field('right', $._expression),
      )),
    )),

    // `lo..hi` (exclusive) and `lo..=hi` (inclusive).
    range_expression: $ => prec.left(PREC.range, seq(
      field('start', $._expression),
      field('operator', choice('..', '..=')),
      field('end', $._expression),
    )),

    cast_expression: $ => prec.left(PREC.cast, seq(
      field('value', $._expression),
      'as',
      field('type', $._type),
    )),

    unary_expression: $ => prec(PREC.unary, seq(
      field('operator', choice('-', '!', '~', '*', '&')),
      field('operand', $._expression),
    )),

    call_expression: $ => prec(PREC.postfix, seq(
      field('function', $._expression),
      field('arguments', $.argument_list),
    )),

    argument_list: $ => seq('(', commaSepTrailing($._expression), ')'),

    index_expression: $ => prec(PREC.postfix, seq(
      field('object', $._expression),
      '[',
      field('index', $._expression),
      ']',
    )),

    // `xs[lo:hi]` and `xs[lo:hi:step]`; every bound may be left out (`xs[:]`, `xs[::2]`).
    slice_expression: $ => prec(PREC.postfix, seq(
      field('object', $._expression),
      '[',
      optional(field('start', $._expression)),
      ':',
      optional(field('end', $._expression)),
      optional(seq(':', optional(field('step', $._expression)))),
      ']',
    )),

    member_expression: $ => prec(PREC.postfix, seq(
      field('object', $._expression),
      '.',
      field('member', $.identifier),
    )),

    // `.Free` where the expected type is known to be an enum: `case .Free { }`.
    implicit_member_expression: $ => seq('.', field('member', $.identifier)),

    parenthesized_expression: $ => seq('(', $._expression, ')'),

    struct_literal: $ => prec(PREC.struct_literal, seq(
      field('type', choice($.identifier, $.member_expression)),
      field('body', $.field_initializer_list),
    )),

    field_initializer_list: $ => seq('{', commaSepTrailing(choice($.field_initializer, $._expression)), '}'),

    field_initializer: $ => seq(field('name', $.identifier), ':', field('value', $._expression)),

    array_literal: $ => seq('[', commaSepTrailing($._expression), ']'),

    context_expression: _ => 'context',

    // ---------------------------------------------------------------- literals

    _literal: $ => choice(
      $.integer_literal,
      $.float_literal,
      $.string_literal,
      $.char_literal,
      $.boolean_literal,
      $.null_literal,
    ),

    // Literal tokens are lexically permissive on purpose: `0b102`, a string without its closing
    // quote or `'ab'` are single tokens, and the syntax layer reports exactly what is wrong with
    // them ("invalid digit '2' in binary literal"). A strict token would split into pieces that
    // the parser can only report as a vague ERROR, often dragging the next line into it.
    integer_literal: _ => token(choice(
      /0[xX][0-9a-zA-Z_]*/,
      /0[bB][0-9a-zA-Z_]*/,
      /0[oO][0-9a-zA-Z_]*/,
      /[0-9][0-9_]*/,
    )),

    // A float needs a digit after the dot, so `0..10` lexes as a range.
    float_literal: _ => token(choice(
      /[0-9][0-9_]*\.[0-9][0-9_]*([eE][+-]?[0-9][0-9_]*)?/,
      /[0-9][0-9_]*[eE][+-]?[0-9][0-9_]*/,
    )),

    // A string ends at its closing quote or, when that is missing, at the end of its line, so
    // a missing quote damages one line only. Escapes are checked by the syntax layer.
    // An escape is a backslash and the character after it; a lone backslash only ends an
    // unterminated literal at the end of its line. (With the escaped character optional,
    // `"\\"` could also lex as `\` then `\"`, and the longest match ran on to the line's end.)
    string_literal: _ => token(seq('"', repeat(choice(/[^"\\\n]/, /\\[^\n]/)), optional(choice('"', '\\')))),

    char_literal: _ => token(seq('\'', repeat(choice(/[^'\\\n]/, /\\[^\n]/)), optional(choice('\'', '\\')))),

    boolean_literal: _ => choice('true', 'false'),

    null_literal: _ => 'null',

    identifier: _ => /[A-Za-z_][A-Za-z0-9_]*/,

    // ---------------------------------------------------------------- comments

    // `//` comments, except those that start with exactly three slashes: `///` is a doc
    // comment and `////` an ordinary comment again, as in Rust. The two tokens are written so
    // that the longest match decides, without precedence.
    line_comment: _ => token(choice(
      seq('//', optional(seq(/[^/\n]/, /[^\n]*/))),
      seq('////', /[^\n]*/),
    )),

    doc_comment: _ => token(seq('///', optional(seq(/[^/\n]/, /[^\n]*/)))),
  },
});
