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
  (block_comment)
] @fold
