"""Architecture: the extraction core never imports the UI.

`extract/` is a library that the CLI, the explorer and other tools (Datasette,
notebooks) build on; importing it must not pull in textual, rich or the `tui`
package. The check runs in a fresh interpreter so that nothing this test
session already imported hides a violation.
"""

from __future__ import annotations

import json
import subprocess
import sys

FORBIDDEN = ("textual", "rich", "tui")

PROBE = """
import importlib, json, pkgutil, sys
import extract
OPTIONAL = {"dask", "distributed"}
names = sorted(m.name for m in pkgutil.walk_packages(extract.__path__, "extract."))
for name in names:
    try:
        importlib.import_module(name)
    except ModuleNotFoundError as error:
        # A module of an optional extra (Dask, for `ingest --cluster`) without that extra installed.
        if error.name not in OPTIONAL:
            raise
loaded = sorted({m.split(".")[0] for m in sys.modules} & set(sys.argv[1:]))
print(json.dumps({"modules": names, "loaded": loaded}))
"""


def test_importing_every_extract_module_loads_no_ui():
    result = subprocess.run([sys.executable, "-c", PROBE, *FORBIDDEN], capture_output=True, text=True, check=True)
    report = json.loads(result.stdout)
    assert {"extract.pipeline", "extract.store.read", "extract.ingest.run", "extract.store.export"} <= set(report["modules"])
    assert report["loaded"] == []
