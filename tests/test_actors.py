"""Actor dictionary: built-in world data, user files, PETRARCH import, and
mentions in a parsed document (fictional Veldra / Ostmark)."""

from __future__ import annotations

from pathlib import Path

import pytest

from parallax import nlp
from parallax.extract.actors import ActorDictionary, ActorFileError, extract_actors
from parallax.model import Document

ACTORS_YAML = """
- id: VLD
  name: Veldra
  country: VLD
  sector: null
  aliases: [Veldra, Republic of Veldra]
  adjectives: [Veldran]
- id: OST
  name: Ostmark
  country: OST
  aliases: [Ostmark, Kingdom of Ostmark]
  adjectives: [Ostmarkian]
- id: VLD-capital
  name: Kellhaven
  country: VLD
  sector: government
  aliases: [Kellhaven]
- id: person-ilvar-dask
  name: Ilvar Dask
  country: VLD
  sector: government
  role: president
  from: 2028-01-01
  aliases: [Ilvar Dask, President Dask]
"""


@pytest.fixture(scope="module")
def actors(tmp_path_factory) -> ActorDictionary:
    path = tmp_path_factory.mktemp("actors") / "veldra.yaml"
    path.write_text(ACTORS_YAML, encoding="utf-8")
    return ActorDictionary.load([path])


class _Res:
    def __init__(self, actors: ActorDictionary) -> None:
        self.actors = actors


def test_builtin_has_every_country_and_sectors() -> None:
    adict = ActorDictionary.load([])
    countries = [e for e in adict.entries.values() if e.country and not e.generic and e.id == e.country]
    assert len(countries) >= 240
    assert all(len(e.id) == 3 and e.id.isupper() for e in countries)
    assert sum(1 for e in countries if e.adjectives) > 200  # demonyms
    assert adict.match("the army").sector == "military"
    assert adict.match("NATO").sector == "igo"


@pytest.mark.parametrize("phrase, country, sector", [
    ("the armed forces of Veldra", "VLD", "military"),
    ("Ostmarkian troops", "OST", "military"),
    ("Veldra's army", "VLD", "military"),
    ("the Ministry of Foreign Affairs of Ostmark", "OST", "government"),
    ("Ilvar Dask", "VLD", "government"),
    ("Kellhaven", "VLD", "government"),
    ("Ostmark", "OST", None),
])
def test_match(actors: ActorDictionary, phrase: str, country: str, sector: str | None) -> None:
    actor = actors.match(phrase)
    assert actor is not None
    assert (actor.country, actor.sector) == (country, sector)


def test_match_unknown_and_case(actors: ActorDictionary) -> None:
    assert actors.match("a quiet afternoon") is None
    # capitalised aliases need a capitalised surface
    assert actors.match("veldra") is None


def test_user_entries_override(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text("- {id: OST, name: Ostmark, country: OSX, aliases: [Ostmark]}\n"
                    "- {id: OST, name: Ostmark, country: OST, aliases: [Ostmark]}\n", encoding="utf-8")
    adict = ActorDictionary.load([path])
    assert adict.match("Ostmark").country == "OST"


def test_bad_file_raises_parallax_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("- [not, a, mapping]\n", encoding="utf-8")
    with pytest.raises(ActorFileError):
        ActorDictionary.load([path])


def test_find_in_document(actors: ActorDictionary) -> None:
    text = ("The Ministry of Foreign Affairs of Ostmark said that Veldran troops and President Dask's guards "
            "crossed the river. The Defence Minister of Veldra, Anna Korvel, denied it.")
    analysis, doc = nlp.annotate(Document(text=text))
    mentions = extract_actors(analysis, doc, _Res(actors))
    by_text = {m.text: m.actor for m in mentions}
    assert by_text["Ministry of Foreign Affairs of Ostmark"].country == "OST"
    assert by_text["Ministry of Foreign Affairs of Ostmark"].sector == "government"
    assert by_text["Veldran troops"].country == "VLD"
    assert by_text["Veldran troops"].sector == "military"
    minister = next(m.actor for m in mentions if "Korvel" in m.text)
    assert minister.country == "VLD" and minister.name == "Anna Korvel"
    for m in mentions:
        assert text[m.start:m.end] == m.text


def test_unknown_person_kept_with_name_only(actors: ActorDictionary) -> None:
    text = "John Hargreaves met Veldran officials in the morning."
    _, doc = nlp.annotate(Document(text=text))
    mentions = actors.find(doc)
    person = [m for m in mentions if "Hargreaves" in m.text]
    assert person and person[0].actor.country is None and person[0].actor.name


def test_import_petrarch(tmp_path: Path) -> None:
    path = tmp_path / "actors.txt"
    path.write_text(
        "<!-- a test dictionary\n with a comment block -->\n"
        "VELDRA [VLD]\n+VELDRAN\n\n"
        "OSTMARK_MILITARY  [OSTMIL] # a comment\n"
        "GRIMLOCK  # no code on this line\n"
        "+THE_GRIM_ONE\n"
        "\t[VLD <280101]\n"
        "\t[VLDREB]\n", encoding="utf-8")
    adict = ActorDictionary()
    assert adict.import_petrarch(path) == 3
    assert adict.match("Veldran").country == "VLD"
    mil = adict.match("Ostmark military")
    assert (mil.country, mil.sector) == ("OST", "military")
    grim = adict.match("The Grim One")
    assert (grim.country, grim.sector) == ("VLD", "rebel")


def test_load_petrarch_validation_actors() -> None:
    path = Path(__file__).resolve().parents[2] / "shared" / "benchmarks" / "petrarch" / "PETR.Validate.actors.txt"
    if not path.exists():
        pytest.skip("../shared benchmarks absent")
    adict = ActorDictionary.load([path])
    assert adict.match("Arnor").country == "ARN"
    assert adict.match("Smeagol").entry.startswith("petrarch:")


def test_article_of_a_one_word_name_is_required() -> None:
    from parallax.extract.actors import ActorDictionary

    adict = ActorDictionary.load([])
    assert adict.lookup("The Valley") is not None
    assert adict.lookup("Valley") is None


def test_a_person_keeps_the_country_of_a_fuller_mention(tmp_path) -> None:
    from parallax import nlp
    from parallax.extract.actors import ActorDictionary
    from parallax.model import Document

    path = tmp_path / "a.yaml"
    path.write_text("- {id: VLD, name: Veldra, country: VLD, aliases: [Veldra], adjectives: [Veldran]}\n",
                    encoding="utf-8")
    adict = ActorDictionary.load([path])
    text = "Veldran Defence Minister John Carter arrived on Monday. On Tuesday, Carter said the talks had failed."
    _, doc = nlp.annotate(Document(text=text))
    later = [m for m in adict.find(doc) if m.start > text.index("Tuesday")]
    assert ("Carter", "VLD") in [(m.text, m.actor.country) for m in later]
