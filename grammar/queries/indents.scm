; Indentation for editors that indent from queries (Neovim, Helix).

[
  (block)
  (field_declaration_list)
  (enum_member_list)
  (foreign_declaration_list)
  (switch_body)
  (parameter_list)
  (argument_list)
  (array_literal)
  (field_initializer_list)
] @indent.begin

["}" "]" ")"] @indent.branch @indent.end

(block_comment) @indent.ignore
