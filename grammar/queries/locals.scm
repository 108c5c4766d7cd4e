; Scopes and definitions for editors that resolve names from queries alone (Neovim's
; nvim-treesitter, GitHub). The language server resolves overload sets properly; this is the
; syntactic approximation.

(source_file) @local.scope
(function_declaration) @local.scope
(block) @local.scope
(for_statement) @local.scope

(function_declaration name: (identifier) @local.definition.function)
(parameter name: (identifier) @local.definition.parameter)
(var_declaration name: (identifier) @local.definition.var)
(const_declaration name: (identifier) @local.definition.constant)
(for_statement index: (identifier) @local.definition.var)
(for_statement item: (identifier) @local.definition.var)
(struct_declaration name: (identifier) @local.definition.type)
(enum_declaration name: (identifier) @local.definition.type)
(import_declaration alias: (identifier) @local.definition.import)
(foreign_function_declaration name: (identifier) @local.definition.function)

(identifier) @local.reference
