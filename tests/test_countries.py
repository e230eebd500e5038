"""Countries: every way a sentence refers to a country, as ISO alpha-2 codes."""

from __future__ import annotations

import pytest

import extract.entities.countries.names as countries
from extract.entities.document import find_entities
from extract.phrases import pieces
from extract.records import COUNTRY, Sentence


def codes(nlp, text: str) -> set[str]:
    doc = nlp(text)
    sentences = [(Sentence(n, s.start_char, s.end_char, s.text, 0, None), s) for n, s in enumerate(doc.sents)]
    _, mentions = find_entities(sentences)
    return {m.key for m in mentions if m.kind == COUNTRY}


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # names and short forms
        ("Türkiye and Azerbaijan keep up warm neighbourly relations.", {"AZ", "TR"}),
        ("Turkey and the United Kingdom signed the deal.", {"TR", "GB"}),
        ("The U.S. and the UAE agreed, and so did Britain.", {"US", "AE", "GB"}),
        ("Talks between U.S.-China officials resumed.", {"US", "CN"}),
        ("Kosovo and Serbia met in Brussels.", {"XK", "RS", "BE"}),
        # a supranational body's seat standing for the body names no country
        ("Farmers in Latvia accuse Brussels of ignoring them.", {"LV"}),
        ("Reform was slowed less by Brussels than by Vilnius.", {"LT"}),
        ("Deputies gathered at Strasbourg for the vote.", {"FR"}),
        # demonyms and adjectives
        ("Shipments of Kazakh and Russian barley restarted.", {"KZ", "RU"}),
        ("Israeli shelling killed 24 Palestinians in Gaza.", {"IL", "PS"}),
        ("Russian-backed separatists fought Ukrainian forces.", {"RU", "UA"}),
        ("American workers and Indian engineers met.", {"US", "IN"}),
        ("Sino-Russian ties deepened during the Russo-Ukrainian war.", {"CN", "RU", "UA"}),
        # capitals, seats of government and places inside a country
        ("Washington and Moscow traded accusations.", {"US", "RU"}),
        ("The Kremlin declined to comment.", {"RU"}),
        ("Nuclear talks will be held in Muscat next week.", {"OM"}),
        ("Russia annexed Crimea in 2014.", {"RU", "UA"}),
        ("In Atlanta, Georgia, lawmakers debated the budget.", {"US"}),
        # regions that span countries, and fixed expressions
        ("Storms hit the Iberian peninsula and the South Caucasus.", set()),
        ("Tankers crossed the South China Sea and the Taiwan Strait.", set()),
        ("Leaders from Central Asia and the Middle East met in Europe.", set()),
        ("Spot prices hover near $11 per million British thermal units.", set()),
        ("They signed up to the OSCE Minsk Process.", set()),
        # words that only look like countries
        ("Let us talk about it later.", set()),
        ("Michael Jordan bought the team.", set()),
        # a capital whose country's old code the packages still carry is its country today
        ("Talks between Belgrade and Podgorica stalled.", {"RS", "ME"}),
        # the city of a dateline, in capitals, whatever its size
        ("MARSEILLE - Dockers walked out on Monday.", {"FR"}),
        ("LYON, June 2 (Reuters) - The strike spread to three more depots.", {"FR"}),
        # a demonym spanning a continent
        ("The Inter-American Commission on Human Rights wrote to Argentina.", {"AR"}),
        ("Pan-African leaders met in anti-American protests.", {"US"}),
        # the state's adjective inside a body's name
        ("The Philippine Navy and the Argentine Army held drills.", {"PH", "AR"}),
    ],
)
def test_country_codes(nlp, text, expected):
    assert codes(nlp, text) == expected


def test_only_assigned_codes_are_ever_emitted():
    valid = countries.valid_codes()
    assert "CS" not in valid and "AN" not in valid and {"RS", "XK"} <= valid
    assert all(form.code in valid for form in countries.gazetteer().values() if form.code is not None)
    assert countries.ner_code("Serbia and Montenegro") in (None, *valid)


def test_country_names_are_common_english_names():
    assert countries.country_name("TR") == "Türkiye"
    assert countries.country_name("RU") == "Russia"
    assert countries.country_name("US") == "United States"
    assert countries.country_name("PS") == "Palestine"


@pytest.mark.parametrize(
    ("form", "code", "kind"),
    [
        ("Azerbaijani", "AZ", countries.DEMONYM),
        ("American", "US", countries.DEMONYM),  # not the Northern Mariana Islands
        ("Indian", "IN", countries.DEMONYM),  # not the British Indian Ocean Territory
        ("Baku", "AZ", countries.CAPITAL),
        ("Georgia", "GE", countries.NAME),  # the country outranks the US state
        ("Asia", None, countries.NONE),  # a continent, not a town in the Philippines
        ("Belgrade", "RS", countries.CAPITAL),  # not "CS", the deleted code of Serbia and Montenegro
        ("Philippine", "PH", countries.DEMONYM),  # the singular of a plural name
        ("Argentine", "AR", countries.DEMONYM),
        ("Mazar-e Sharif", "AF", countries.PLACE),  # a transliterated name without its diacritics
    ],
)
def test_gazetteer_prefers_the_usual_reading(form, code, kind):
    entry = countries.lookup(form)
    assert entry is not None
    assert (entry.code, entry.kind) == (code, kind)


@pytest.mark.slow
def test_pieces_cut_tokens_at_hyphens_and_brackets(nlp):
    doc = nlp("entities)EU and U.S.-China talks")
    assert [p.text for p in pieces(doc[:])] == ["entities", "EU", "and", "U.S.", "China", "talks"]


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("VN", "the Socialist Republic of Viet Nam"),  # a state styled with more than "Republic of"
        ("IR", "the Islamic Republic of Iran"),
        ("RU", "the Russian Federation"),
        ("PE", "Peru"),  # plain "Republic of Peru": the short name
        ("PH", "the Philippines"),
        ("CN", "the People's Republic of China"),  # self-styled: "People's", "Islamic" ...
        ("BR", "Brazil"),  # styled only by its form of government ("Federative Republic")
        ("DE", "Germany"),
        ("GB", "the United Kingdom"),
    ],
)
def test_formal_names_used_in_state_bodies(code, name):
    assert countries.formal_name(code) == name


@pytest.mark.parametrize(("code", "adjective"), [("PH", "Philippine"), ("AR", "Argentine"), ("UA", "Ukrainian")])
def test_state_adjectives(code, adjective):
    assert countries.demonym(code) == adjective


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a place whose name is spelled with marks beyond Latin-1 in the data ("Petaẖ Tiqva")
        ("Sirens sounded in the city of Petah Tiqva on Monday.", {"IL"}),
        # a sizeable city on a route
        ("Goods shipped from Tashkent to Wuppertal take 18 days.", {"UZ", "DE"}),
        # a seat of government standing for the government
        ("Reporters waited outside La Moneda for the announcement.", {"CL"}),
        # a native name of a country that is an English noun ("Island" for Iceland)
        ("She chairs the Alliance of Small Island Nations.", set()),
        # a country's name opening the name of a gathering or a fund
        ("The next Moldova Investment Conference will be held in Poland.", {"PL"}),
        ("Canada gave $40 million to the Moldova Grid Support Fund.", {"CA"}),
        # a crude benchmark named like a town is no place
        ("The agency expects Brent to average $55 a barrel this year.", set()),
    ],
)
def test_country_codes_general(nlp, text, expected):
    assert codes(nlp, text) == expected


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A place named with the noun of its kind, also inside a body's name.
        ("Officials in Hubei Province sent supplies.", {"CN"}),
        ("Kentucky State Police said the road was closed.", {"US"}),
        # The province beside an ambiguous place says whose it is.
        ("The mayor of London, Ontario, said the bridge would reopen.", {"CA"}),
        ("Flights from Paris, Texas, were cancelled.", {"US"}),
        # A list of cities is no place and its province.
        ("Ministers met in Berlin, Moscow and Paris.", {"DE", "RU", "FR"}),
    ],
)
def test_places_in_the_context_the_text_gives(nlp, text, expected):
    assert codes(nlp, text) == expected


def test_one_display_name_for_a_code_in_extraction_and_in_the_store():
    from extract.store import read

    assert read.country_name("TR") == countries.country_name("TR") == "Türkiye"
    assert read.country_name("XX") == "XX"
