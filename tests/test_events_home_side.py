"""A state body the actor dictionary does not know, named without its
country in a side's own statement, is that side's
(parallax.extract.events.home_side). Fictional Veldra / Ostmark."""

from __future__ import annotations

import pytest

from veldra_events import countries, events_in, load_res


@pytest.fixture(scope="module")
def res(tmp_path_factory):
    return load_res(tmp_path_factory.mktemp("actors"))


@pytest.mark.parametrize("body", ["the House of Elders' Deputies", "the Grand Council", "the Supreme Chamber"])
def test_an_unknown_legislature_speaks_for_the_publishers_state(body: str, res) -> None:
    text = f"Statement of the ministry. Yesterday {body} demanded the withdrawal of Ostmarkian forces."
    evs = [e for e in events_in(text, res, published="2031-05-04", publisher="Veldra")
           if e.type == "REQUEST"]
    assert evs and countries(evs[0].actors) == {"VLD"}, [(e.type, e.actors) for e in evs]


def test_a_neutral_publisher_gives_no_country(res) -> None:
    text = "Report. Yesterday the Grand Council demanded the withdrawal of Ostmarkian forces."
    evs = [e for e in events_in(text, res, published="2031-05-04", publisher="The Daily Courier")
           if e.type == "REQUEST"]
    assert evs and not countries(evs[0].actors)


def test_a_body_that_is_no_state_organ_stays_unknown(res) -> None:
    text = "Statement of the ministry. Yesterday the Harn Football Club demanded the withdrawal of Ostmarkian forces."
    evs = [e for e in events_in(text, res, published="2031-05-04", publisher="Veldra") if e.type == "REQUEST"]
    assert not evs or "VLD" not in countries(evs[0].actors)
