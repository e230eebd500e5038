"""Attribution quality on the fixed 150-article sample of the attribution corpus in ../shared,
scored by the corpus's own script on the installed command, against bars just under what is
measured (speech-cue recall 0.933, speaker 0.567, names 0.651, non-names 0.363, accuracy when
answered 0.879), so that a regression fails.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import CORPUS

SCRIPT = CORPUS.parent / "eval" / "attribution.sh"
BAR = {"speech-cue recall": 0.925, "speaker acc": 0.56, "names": 0.645, "non-names": 0.355, "when given": 0.875}

pytestmark = [pytest.mark.slow, pytest.mark.corpus]


@pytest.fixture(scope="module")
def headline() -> dict[str, float]:
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}")
    result = subprocess.run(["bash", str(SCRIPT), "--quick"], capture_output=True, text=True, check=True, env=env)
    last = result.stdout.strip().splitlines()[-1]
    return {name: float(value) for name, value in re.findall(r"([a-z][a-z -]*?)[=\s](0\.\d+)", last)}


@pytest.mark.parametrize("figure", sorted(BAR))
def test_attribution_figure_meets_the_bar(headline, figure):
    assert headline[figure] >= BAR[figure], f"{figure}: {headline}"
