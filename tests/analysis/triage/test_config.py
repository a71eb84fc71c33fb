"""helpers.analysis.triage.config: the TOML file is checked and named in errors."""

import pytest

from helpers.analysis.triage import load_config
from helpers.errors import VigieError


def test_configuration_file_is_checked(tmp_path):
    default = load_config()
    assert {"811", "988"} <= {r["contact"].split()[0] for r in default.resources("fr")}
    bad = tmp_path / "triage.toml"
    bad.write_text("[thresholds]\nthreat = 'high'\n", encoding="utf-8")
    with pytest.raises(VigieError, match=r"triage.toml: thresholds.threat must be a number"):
        load_config(bad)
    bad.write_text("[[referrals]]\nregion = 'QC'\nname = 'x'\n", encoding="utf-8")
    with pytest.raises(VigieError, match=r"referrals\[0\] lacks contact, lang"):
        load_config(bad)
