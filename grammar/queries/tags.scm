; Symbols for code navigation (`tree-sitter tags`, GitHub).

((doc_comment)* @doc
  .
  (function_declaration name: (identifier) @name) @definition.function)

(foreign_function_declaration name: (identifier) @name) @definition.function

((doc_comment)* @doc
  .
  (struct_declaration name: (identifier) @name) @definition.class)

((doc_comment)* @doc
  .
  (enum_declaration name: (identifier) @name) @definition.enum)

(const_declaration name: (identifier) @name) @definition.constant
(source_file (var_declaration name: (identifier) @name) @definition.variable)
(field_declaration name: (identifier) @name) @definition.field
(enum_member name: (identifier) @name) @definition.constant
(import_declaration path: (string_literal) @name) @reference.module

(call_expression function: (identifier) @name) @reference.call
(call_expression function: (member_expression member: (identifier) @name)) @reference.call
(struct_literal type: (identifier) @name) @reference.class
(type_identifier) @name @reference.type
