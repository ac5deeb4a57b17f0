"""Helpers the plan front end's tests share: writing and reading documents, walking values."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tflint_vpc.errors import InputError
from tflint_vpc.plan import read_document


def read_error(path: Path | str) -> InputError:
    """The one-line error `read_document` raises for `path`, checked to be one line."""
    with pytest.raises(InputError) as caught:
        read_document(str(path))
    error = caught.value
    assert error.path == str(path)
    assert str(error) == f"{path}: {error.message}"
    assert "\n" not in str(error)
    return error


def write_json(tmp_path: Path, data: object, name: str = "plan.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data))
    return path
