"""A `# tfvpc:ignore` comment silences nothing.

## What it does
Reports a suppression comment (`# tfvpc:ignore RULE[, RULE] [-- reason]` inside a resource block
or directly above it, or `# tfvpc:ignore-file RULE[, RULE]` for every resource of its file) that
silences no finding of the rules it names, that names a rule tfvpc does not know, that names no
rule, or that is malformed (`# tfvpc-ignore X`, `# tfvpc:ignores X`); the message says which.
RULE is what `select` accepts: a code, a name, a code prefix or `ALL`; the directive is
case-insensitive and may have spaces after the colon. The engine produces this rule's findings:
it is the only part that sees both the comments (from the HCL, or `--source-dir` beside a plan)
and what every rule found. To judge a comment it runs the rules the comment names even when they
are not selected, so `--select TFVPC000` alone lists exactly the stale comments.

## Why is this bad?
A suppression outlives the finding it was written for: once the resource is fixed or the
rule stops matching, the comment stays and silently hides the next, possibly different,
finding of that rule on the same resource. A misspelt rule name (`TFVPC01`, `peering-overlap`)
suppresses nothing at all, so the finding it was meant for is still reported and the comment
only misleads the reader.

## Example
```hcl
resource "aws_vpc" "app" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_vpc" "data" {
  cidr_block = "10.1.0.0/16"
}

# tfvpc:ignore peering-cidr-overlap -- the ranges overlapped before the data VPC moved
resource "aws_vpc_peering_connection" "app_data" {
  vpc_id      = aws_vpc.app.id
  peer_vpc_id = aws_vpc.data.id
}
```
reports `suppression of peering-cidr-overlap silences nothing`: the ranges are disjoint now.

Use instead: the same resources without the stale comment.
```hcl
resource "aws_vpc" "app" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_vpc" "data" {
  cidr_block = "10.1.0.0/16"
}

resource "aws_vpc_peering_connection" "app_data" {
  vpc_id      = aws_vpc.app.id
  peer_vpc_id = aws_vpc.data.id
}
```

## How to fix
Delete the comment once its rule no longer reports the resource, or correct the rule code or
name it gives (`tfvpc rules` lists them). To silence this notice itself, ignore the rule
(`--ignore TFVPC000` or `ignore = ["unused-suppression"]`) rather than suppressing it inline.

## References
- [Ruff: unused-noqa (RUF100), the same check for `# noqa`](https://docs.astral.sh/ruff/rules/unused-noqa/)
- [Terraform: comments in the configuration language](https://developer.hashicorp.com/terraform/language/syntax/configuration#comments)
"""

from tflint_vpc.rule import Severity, engine_rule

unused_suppression = engine_rule(
    code="TFVPC000", name="unused-suppression", severity=Severity.NOTICE
)
