"""The built-in rule pack (installed as `tflint_vpc_rules`): one module per rule."""
