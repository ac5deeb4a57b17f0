"""Hash and crypto functions."""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Mapping, Sequence

from tflint_vpc.hcl.functions.arguments import Function, arity, as_str
from tflint_vpc.hcl.values import EvalValue


def md5(args: Sequence[EvalValue]) -> EvalValue:
    """Lower-case hex MD5 of the UTF-8 bytes.

    Terraform's strings are NFC-normalized when created (cty), so the same text written with
    combining characters hashes as its composed form; normalizing here gives the same digest.
    """
    (text,) = arity(args, 1)
    data = unicodedata.normalize("NFC", as_str(text)).encode("utf-8")
    return hashlib.md5(data, usedforsecurity=False).hexdigest()


FUNCTIONS: Mapping[str, Function] = {
    "md5": md5,
}
