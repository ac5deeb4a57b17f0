"""Reporters: each module renders a `LintResult` to text with `render(result) -> str`."""
