; Highlights for Zolt. When several patterns capture the same node the LAST one wins (the rule
; of tree-sitter-highlight since 0.21 and of Neovim), so general patterns come first and the
; specific ones after them.

; ---------------------------------------------------------------- names in general

(identifier) @variable

((identifier) @constant
  (#match? @constant "^[A-Z][A-Z0-9_]+$"))

(type_identifier) @type

((type_identifier) @type.builtin
  (#match? @type.builtin "^(bool|i8|i16|i32|i64|u8|u16|u32|u64|f32|f64|char|rune|string|void)$"))

; ---------------------------------------------------------------- literals

(integer_literal) @number
(float_literal) @number.float
(string_literal) @string
(char_literal) @character
(boolean_literal) @boolean
(null_literal) @constant.builtin
(context_expression) @variable.builtin

; ---------------------------------------------------------------- members and calls

(member_expression member: (identifier) @property)
(implicit_member_expression member: (identifier) @constant)
(call_expression function: (identifier) @function.call)
(call_expression function: (member_expression member: (identifier) @function.call))

; ---------------------------------------------------------------- types

(qualified_type module: (identifier) @module)
(qualified_type name: (identifier) @type)
(struct_literal type: (identifier) @type)
(struct_literal type: (member_expression object: (identifier) @module member: (identifier) @type))

; ---------------------------------------------------------------- declarations

(function_declaration name: (identifier) @function)
(foreign_function_declaration name: (identifier) @function)
(struct_declaration name: (identifier) @type)
(enum_declaration name: (identifier) @type)
(enum_member name: (identifier) @constant)
(field_declaration name: (identifier) @property)
(field_initializer name: (identifier) @property)
(parameter name: (identifier) @variable.parameter)
(const_declaration name: (identifier) @constant)
(import_declaration alias: (identifier) @module)
(import_declaration path: (string_literal) @string.special.path)
(foreign_block library: (string_literal) @string.special)

; ---------------------------------------------------------------- keywords

["import" "foreign"] @keyword.import
["fn"] @keyword.function
["struct" "enum" "var" "const"] @keyword.type
["return"] @keyword.return
["if" "else" "switch" "case"] @keyword.conditional
["while" "for" "in" "break" "continue"] @keyword.repeat
["defer" "using" "push_context" "unreachable"] @keyword
"as" @keyword.operator

; ---------------------------------------------------------------- operators and punctuation

[
  "=" "+=" "-=" "*=" "/=" "%=" "&=" "|=" "^=" "<<=" ">>="
  "||" "&&" "==" "!=" "<" "<=" ">" ">=" "|" "^" "&" "<<" ">>"
  ".." "..=" "+" "-" "*" "/" "%" "!" "~" "->"
] @operator

(variadic_parameter) @punctuation.special
["(" ")" "[" "]" "{" "}"] @punctuation.bracket
["," ";" ":" "."] @punctuation.delimiter

; ---------------------------------------------------------------- comments

(line_comment) @comment
(block_comment) @comment
(doc_comment) @comment.documentation
