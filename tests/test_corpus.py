"""Every real-world file in ../shared/corpus/plans is either read or refused with one clear line."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from tflint_vpc.errors import InputError
from tflint_vpc.plan import read_document

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"


def _manifest() -> dict[str, dict[str, str]]:
    path = CORPUS / "MANIFEST.tsv"
    if not path.exists():
        return {}
    with path.open(newline="", encoding="utf-8") as handle:
        return {row["file"]: row for row in csv.DictReader(handle, delimiter="\t")}


MANIFEST = _manifest()
FILES = sorted((CORPUS / "plans").iterdir()) if (CORPUS / "plans").is_dir() else []


def test_corpus_is_present() -> None:
    if not FILES:
        pytest.skip("../shared/corpus is not beside the repository")
    assert len(FILES) == len(MANIFEST)


@pytest.mark.parametrize("path", FILES, ids=[p.name[:80] for p in FILES])
def test_corpus_file(path: Path) -> None:
    entry = MANIFEST[f"plans/{path.name}"]
    kind = entry["kind"]
    if kind.startswith("raw-tfstate"):
        with pytest.raises(InputError) as caught:
            read_document(str(path))
        assert "\n" not in str(caught.value)
        assert "run `terraform show -json`" in caught.value.message
        return
    document = read_document(str(path))
    assert document.kind == ("state" if kind.startswith("state") else "plan")
    assert document.format_version == entry["format_version"]
    assert (document.terraform_version or "") == entry["terraform_version"]
