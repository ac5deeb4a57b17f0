"""The whole linter over the real-world corpus: it lints or refuses in one line; no false alarm.

None of the corpus plans has an overlapping peering, a ClassicLink VPC or a cross-AZ ENI
attachment (../shared/corpus/README.md), so any mission-rule finding here is a false positive.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from tflint_vpc.cli import main

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "plans"
FILES = sorted(CORPUS.iterdir()) if CORPUS.is_dir() else []
KINDS = (
    {
        row["file"].removeprefix("plans/"): row["kind"]
        for row in csv.DictReader((CORPUS.parent / "MANIFEST.tsv").open(), delimiter="\t")
    }
    if FILES
    else {}
)
MISSION_RULES = {"TFVPC001", "TFVPC002", "TFVPC003", "TFVPC004", "TFVPC005"}


@pytest.mark.parametrize("path", FILES, ids=[p.name[:80] for p in FILES])
def test_corpus_file_lints_or_fails_clearly(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["lint", "--format", "json", str(path)])
    out, err = capsys.readouterr()
    kind = KINDS[path.name]
    assert exit_info.value.code in ((2,) if kind.startswith("raw-tfstate") else (0, 1, 2))
    assert "Traceback" not in err
    assert "internal error" not in err
    if exit_info.value.code == 2:
        assert err.count("\n") == 1, err
        assert err.startswith(f"tfvpc: error: {path}: ")
        if kind.startswith("raw-tfstate"):
            assert "terraform show -json" in err
        return
    document = json.loads(out)
    assert document["summary"]["inputs"] == 1
    fired = {f["rule_id"] for f in document["findings"]} & MISSION_RULES
    assert not fired, [f["message"] for f in document["findings"]]
