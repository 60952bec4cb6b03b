"""The data files a user extends (lexicons, actors, gazetteer extras) load
without silent surprises: YAML quietly keeps the last of two equal keys in
one mapping, which has dropped trigger phrases before."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

DATA = Path(__file__).resolve().parents[1] / "parallax" / "data"


class _StrictLoader(yaml.SafeLoader):
    """A SafeLoader that refuses a mapping with the same key twice."""


def _no_duplicates(loader: yaml.SafeLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    seen: set = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(None, None, f"duplicate key {key!r}", key_node.start_mark)
        seen.add(key)
    return yaml.SafeLoader.construct_mapping(loader, node, deep)


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _no_duplicates)


@pytest.mark.parametrize("path", sorted(DATA.rglob("*.yaml")), ids=lambda p: str(p.relative_to(DATA)))
def test_no_key_is_given_twice(path: Path) -> None:
    yaml.load(path.read_text(encoding="utf-8"), Loader=_StrictLoader)


def test_the_strict_loader_catches_a_duplicate() -> None:
    with pytest.raises(yaml.constructor.ConstructorError):
        yaml.load("a: 1\na: 2\n", Loader=_StrictLoader)
