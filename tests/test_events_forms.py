"""Surface forms of events a statement from any conflict uses, typed as the
PLOVER codebook (and ACLED, for taking a position) say."""

from __future__ import annotations

import pytest

from veldra_events import events_in, load_res


@pytest.fixture(scope="module")
def res(tmp_path_factory):
    return load_res(tmp_path_factory.mktemp("actors"))


@pytest.mark.parametrize("text, etype, mode", [
    ("The Ostmarkian army captured the border post at Gorsk.", "ASSAULT", "capture"),
    ("Veldran units took the village of Harn after a short fight.", "ASSAULT", "capture"),
    ("The post at Gorsk was overrun by Ostmarkian troops on 4 March.", "ASSAULT", "capture"),
    ("Ostmark captured three Veldran soldiers.", "COERCE", "detain"),
    ("Veldran troops took up positions along the border.", "MOBILIZE", "troops"),
    ("Ostmark sent two battalions to the border.", "MOBILIZE", "troops"),
    ("The Red Cross delivered food and medicine to displaced families in Lisk.", "AID", "aid"),
    ("Veldra sent tents and blankets to the evacuees.", "AID", "aid"),
])
def test_form_is_typed(text: str, etype: str, mode: str, res) -> None:
    found = [(e.type, e.mode) for e in events_in(text, res)]
    assert (etype, mode) in found, found
