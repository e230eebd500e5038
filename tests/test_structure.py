"""Document structure: text in, blocks (heading / paragraph / boilerplate) and sections out.

The headline-or-heading judgement uses the real tagger (the session `nlp`), the
rest is pure text handling. HTML goes through the real reader, so its headings
and furniture come from markup.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from extract.reading.files import source_from_bytes
from extract.records import BOILERPLATE, HEADING, PARAGRAPH
from extract.structure.blocks import boilerplate_reason, build_sections, is_heading_shaped, section_at, split_blocks
from extract.structure.sentences import finite_verb_checker


@pytest.fixture(scope="module")
def has_finite_verb(nlp):
    return finite_verb_checker(nlp)


def kinds(blocks, kind=None):
    """(kind, text) of every block, or the texts of the blocks of one kind."""
    if kind is None:
        return [(b.kind, b.text) for b in blocks]
    return [b.text for b in blocks if b.kind == kind]


def check_offsets(text, blocks):
    for b in blocks:
        assert text[b.start : b.end] == b.text


PLAIN_CASES = [
    pytest.param(
        "Varnholm claws back farmland as the border dispute enters its third year\n"
        "Varnholm made small gains in April.\n"
        "Varga's river campaign\n"
        "Lirana launched 64 drones on Sunday.\n",
        [
            (PARAGRAPH, "Varnholm claws back farmland as the border dispute enters its third year"),
            (PARAGRAPH, "Varnholm made small gains in April."),
            (HEADING, "Varga's river campaign"),
            (PARAGRAPH, "Lirana launched 64 drones on Sunday."),
        ],
        id="headline-with-verb-is-a-sentence",
    ),
    pytest.param(
        "Readout of the Meeting of the Foreign Ministers of the Member States of the Union\n"
        "The ministers met in Brussels today.\n"
        "Energy\n"
        "They agreed on gas storage.\n",
        [
            (HEADING, "Readout of the Meeting of the Foreign Ministers of the Member States of the Union"),
            (PARAGRAPH, "The ministers met in Brussels today."),
            (HEADING, "Energy"),
            (PARAGRAPH, "They agreed on gas storage."),
        ],
        id="title-without-verb-is-a-heading",
    ),
    pytest.param(
        "Talks resume in Geneva after a pause of many months.\n"
        "Ukraine strikes back\n"
        "Drones hit a refinery overnight, officials said.\n",
        [
            (PARAGRAPH, "Talks resume in Geneva after a pause of many months."),
            (HEADING, "Ukraine strikes back"),
            (PARAGRAPH, "Drones hit a refinery overnight, officials said."),
        ],
        id="short-body-heading-with-verb",
    ),
    pytest.param(
        "The Council adopted new measures on Tuesday.\n"
        "The steps adopted this week include:\n"
        "Russia's 'shadow fleet'\n"
        "The Council listed 58 more trawlers.\n",
        [
            (PARAGRAPH, "The Council adopted new measures on Tuesday."),
            (PARAGRAPH, "The steps adopted this week include:"),
            (HEADING, "Russia's 'shadow fleet'"),
            (PARAGRAPH, "The Council listed 58 more trawlers."),
        ],
        id="lead-in-with-verb-is-a-sentence",
    ),
    pytest.param(
        "Kestrel revives plan to buy Norwegian gas\n"
        "Key points:\n"
        "* Kestrel aims to buy a stake in a Norwegian plant\n"
        "* Plans stalled in 2023\n"
        "Kestrel Gas will seek long-term supply, its chairman said.\n",
        [
            (PARAGRAPH, "Kestrel revives plan to buy Norwegian gas"),
            (HEADING, "Key points:"),
            (PARAGRAPH, "Kestrel aims to buy a stake in a Norwegian plant"),
            (PARAGRAPH, "Plans stalled in 2023"),
            (PARAGRAPH, "Kestrel Gas will seek long-term supply, its chairman said."),
        ],
        id="label-heading-and-bullets",
    ),
    pytest.param(
        "The siege of the port seems to have ended in recent days,\n"
        "but the blockade lasted two winters.\n"
        "A research group said Norland persuaded\n"
        "Coastal troops used both ferries.\n",
        [
            (
                PARAGRAPH,
                "The siege of the port seems to have ended in recent days,\nbut the blockade lasted two winters.",
            ),
            (PARAGRAPH, "A research group said Norland persuaded"),
            (PARAGRAPH, "Coastal troops used both ferries."),
        ],
        id="wrapped-line-joined-capitalised-line-not",
    ),
    pytest.param(
        "The Council agreed new sanctions today.\n"
        "Key measures:\n"
        "Ban on crude oil imports\n"
        "Price cap on refined products\n"
        "The measures take effect in June.\n",
        [
            (PARAGRAPH, "The Council agreed new sanctions today."),
            (HEADING, "Key measures:"),
            (PARAGRAPH, "Ban on crude oil imports"),
            (PARAGRAPH, "Price cap on refined products"),
            (PARAGRAPH, "The measures take effect in June."),
        ],
        id="last-item-of-a-list-is-not-a-heading",
    ),
    pytest.param(
        "Kenya and Uganda back rail link to speed freight to the coast\n"
        "Kenya and Uganda agreed on Tuesday to build a new rail link.\n"
        "The line will run for 300 kilometres.\n",
        [
            (PARAGRAPH, "Kenya and Uganda back rail link to speed freight to the coast"),
            (PARAGRAPH, "Kenya and Uganda agreed on Tuesday to build a new rail link."),
            (PARAGRAPH, "The line will run for 300 kilometres."),
        ],
        id="headline-with-coordinated-subject-is-a-sentence",
    ),
    pytest.param(
        "Minister's visit to Nairobi: 4 March 2025\n"
        "From: Department for Business and Trade\n"
        "Published 4 March 2025\n"
        "The Minister met business leaders in Nairobi today.\n"
        "Background\n"
        "Trade between the two countries grew last year.\n",
        [
            (HEADING, "Minister's visit to Nairobi: 4 March 2025"),
            (BOILERPLATE, "From: Department for Business and Trade"),
            (BOILERPLATE, "Published 4 March 2025"),
            (PARAGRAPH, "The Minister met business leaders in Nairobi today."),
            (HEADING, "Background"),
            (PARAGRAPH, "Trade between the two countries grew last year."),
        ],
        id="label-title-over-publisher-line",
    ),
    pytest.param(
        "Ports reopen after the storm.\n"
        "Shipping resumed on Monday at all three terminals.\n"
        "Freight rates\n"
        "Rates fell by a fifth within a week.\n"
        "Grain exporters lead the recovery\n"
        "Grain exports rose to a record in March.\n"
        "Who pays for the repairs\n"
        "The port authority will cover most of the cost.\n",
        [
            (PARAGRAPH, "Ports reopen after the storm."),
            (PARAGRAPH, "Shipping resumed on Monday at all three terminals."),
            (HEADING, "Freight rates"),
            (PARAGRAPH, "Rates fell by a fifth within a week."),
            (HEADING, "Grain exporters lead the recovery"),
            (PARAGRAPH, "Grain exports rose to a record in March."),
            (HEADING, "Who pays for the repairs"),
            (PARAGRAPH, "The port authority will cover most of the cost."),
        ],
        id="verb-headings-in-a-document-with-headings",
    ),
    pytest.param(
        "Ports reopen after the storm.\n"
        "Shipping resumed on Monday at all three terminals.\n"
        "Grain exporters lead the recovery\n"
        "Grain exports rose to a record in March.\n",
        [
            (PARAGRAPH, "Ports reopen after the storm."),
            (PARAGRAPH, "Shipping resumed on Monday at all three terminals."),
            (PARAGRAPH, "Grain exporters lead the recovery"),
            (PARAGRAPH, "Grain exports rose to a record in March."),
        ],
        id="verb-line-without-other-headings-is-no-heading",
    ),
    pytest.param(
        "Ports reopen after the storm.\n"
        "Shipping resumed on Monday at all three terminals.\n"
        "Grain exporters lead the recovery\n"
        "Grain exports rose to a record in March.\n"
        "Who pays for the repairs\n"
        "The port authority will cover most of the cost.\n",
        [
            (PARAGRAPH, "Ports reopen after the storm."),
            (PARAGRAPH, "Shipping resumed on Monday at all three terminals."),
            (HEADING, "Grain exporters lead the recovery"),
            (PARAGRAPH, "Grain exports rose to a record in March."),
            (HEADING, "Who pays for the repairs"),
            (PARAGRAPH, "The port authority will cover most of the cost."),
        ],
        id="verb-headings-corroborate-each-other",
    ),
    pytest.param(
        "The ministers signed the treaty in Lima.\n"
        '"This treaty joins our markets. It joins our peoples."\n'
        "Ana Lopez, Minister of Trade\n"
        "Tariff schedules\n"
        "Tariffs fall to zero over ten years.\n"
        "Next steps\n"
        "Both parliaments must ratify the treaty.\n",
        [
            (PARAGRAPH, "The ministers signed the treaty in Lima."),
            (PARAGRAPH, '"This treaty joins our markets. It joins our peoples."'),
            (PARAGRAPH, "Ana Lopez, Minister of Trade"),
            (HEADING, "Tariff schedules"),
            (PARAGRAPH, "Tariffs fall to zero over ten years."),
            (HEADING, "Next steps"),
            (PARAGRAPH, "Both parliaments must ratify the treaty."),
        ],
        id="quote-attribution-then-heading",
    ),
    pytest.param(
        "The ministers signed the treaty in Lima.\n"
        "“This treaty joins our markets,” she said. “It joins our peoples.”\n"
        "Jan de Vries, Trade Commissioner\n"
        "The treaty enters into force in May.\n",
        [
            (PARAGRAPH, "The ministers signed the treaty in Lima."),
            (PARAGRAPH, "“This treaty joins our markets,” she said. “It joins our peoples.”"),
            (PARAGRAPH, "Jan de Vries, Trade Commissioner"),
            (PARAGRAPH, "The treaty enters into force in May."),
        ],
        id="quote-attribution-is-not-a-heading",
    ),
    pytest.param(
        "Rains return to the south.\n"
        "Farmers planted early this year.\n"
        "Get the Farm Brief in your inbox every Monday. Subscribe now\n"
        "Harvest outlook\n"
        "Yields should rise by a tenth.\n",
        [
            (PARAGRAPH, "Rains return to the south."),
            (PARAGRAPH, "Farmers planted early this year."),
            (BOILERPLATE, "Get the Farm Brief in your inbox every Monday. Subscribe now"),
            (HEADING, "Harvest outlook"),
            (PARAGRAPH, "Yields should rise by a tenth."),
        ],
        id="heading-after-newsletter-advert",
    ),
    pytest.param(
        "Fishing fleets idle as fuel prices soar across the islands\n"
        "Island News\n"
        "Photo: Jane Roe\n"
        "Most boats in the harbour stayed in port this week.\n",
        [
            (PARAGRAPH, "Fishing fleets idle as fuel prices soar across the islands"),
            (BOILERPLATE, "Island News"),
            (BOILERPLATE, "Photo: Jane Roe"),
            (PARAGRAPH, "Most boats in the harbour stayed in port this week."),
        ],
        id="outlet-line-under-the-title-is-a-byline",
    ),
    pytest.param(
        "Schools reopen in the north.\n"
        "Classes resumed on Monday in most districts.\n"
        "Teacher shortages\n"
        "One post in five is vacant.\n"
        "Will the buildings be safe?\n"
        "Engineers have inspected every school.\n",
        [
            (PARAGRAPH, "Schools reopen in the north."),
            (PARAGRAPH, "Classes resumed on Monday in most districts."),
            (HEADING, "Teacher shortages"),
            (PARAGRAPH, "One post in five is vacant."),
            (HEADING, "Will the buildings be safe?"),
            (PARAGRAPH, "Engineers have inspected every school."),
        ],
        id="question-heading-in-a-document-with-headings",
    ),
    pytest.param(
        "Schools reopen in the north.\n"
        "Classes resumed on Monday in most districts.\n"
        "Will the buildings be safe?\n"
        "Engineers have inspected every school.\n",
        [
            (PARAGRAPH, "Schools reopen in the north."),
            (PARAGRAPH, "Classes resumed on Monday in most districts."),
            (PARAGRAPH, "Will the buildings be safe?"),
            (PARAGRAPH, "Engineers have inspected every school."),
        ],
        id="question-without-other-headings-is-a-sentence",
    ),
    pytest.param(
        "The minister answered questions from readers.\n"
        "Who pays?\n"
        "The budget covers the first year.\n"
        "What comes next?\n"
        "A review is due in the spring.\n",
        [
            (PARAGRAPH, "The minister answered questions from readers."),
            (PARAGRAPH, "Who pays?"),
            (PARAGRAPH, "The budget covers the first year."),
            (PARAGRAPH, "What comes next?"),
            (PARAGRAPH, "A review is due in the spring."),
        ],
        id="interview-questions-are-sentences",
    ),
    pytest.param(
        "Title of the explainer about ports\n"
        "The first paragraph sets out the story.\n"
        "Why do shipping lines still keep their vessels away?\n"
        "Insurers say the risk is still high.\n"
        "The limits of protection\n"
        "Navies cannot escort every ship.\n"
        "Who pays?\n"
        "The budget covers the first year.\n"
        "What comes next?\n"
        "A review is due in the spring.\n",
        [
            (HEADING, "Title of the explainer about ports"),
            (PARAGRAPH, "The first paragraph sets out the story."),
            (HEADING, "Why do shipping lines still keep their vessels away?"),
            (PARAGRAPH, "Insurers say the risk is still high."),
            (HEADING, "The limits of protection"),
            (PARAGRAPH, "Navies cannot escort every ship."),
            (HEADING, "Who pays?"),
            (PARAGRAPH, "The budget covers the first year."),
            (HEADING, "What comes next?"),
            (PARAGRAPH, "A review is due in the spring."),
        ],
        id="long-question-heading-in-a-document-of-question-headings",
    ),
    pytest.param(
        "Alpha\nBeta\nGamma\n",
        [(PARAGRAPH, "Alpha"), (PARAGRAPH, "Beta"), (PARAGRAPH, "Gamma")],
        id="short-lines-only-are-kept",
    ),
    pytest.param("Hello world", [(PARAGRAPH, "Hello world")], id="one-line-without-full-stop"),
    pytest.param(
        "Ferry company unveils faster timetable for the strait crossing.\n"
        "Ferry operators say the new timetable will cut crossing times across the strait by a third from next spring.\n"
        "Unions have asked for talks on night shifts, which they say will grow longer under the plan the company announced.\n"
        "Unions push back on night shifts\n"
        "The regional council must approve the timetable before it takes effect, and a vote is expected in the autumn.\n",
        [
            (PARAGRAPH, "Ferry company unveils faster timetable for the strait crossing."),
            (PARAGRAPH, "Ferry operators say the new timetable will cut crossing times across the strait by a third from next spring."),
            (PARAGRAPH, "Unions have asked for talks on night shifts, which they say will grow longer under the plan the company announced."),
            (HEADING, "Unions push back on night shifts"),
            (PARAGRAPH, "The regional council must approve the timetable before it takes effect, and a vote is expected in the autumn."),
        ],
        id="lone-short-subhead-with-a-verb-between-long-paragraphs",
    ),
]


@pytest.mark.parametrize("text, expected", PLAIN_CASES)
def test_plain_text_blocks(text, expected, has_finite_verb):
    blocks = split_blocks(text, "text", has_finite_verb=has_finite_verb)
    assert kinds(blocks) == expected
    check_offsets(text, blocks)


FURNITURE_CASES = [
    ("Readers can download the Nordhavn Post app from Google Play or the App Store.", "app advert"),
    ("Leave the first comment", "comment prompt"),
    ("What is your opinion about this report?", "comment prompt"),
    ("Click here to share the article with friends", "page widget"),
    ("Add Al Jazeera on Google", "share prompt"),
    ("Listen to this article", "page widget"),
    ("Published On 27 Feb 2026", "timestamp"),
    ("Updated 3 hours ago", "timestamp"),
    ("February 10, 2025 10:15 AM GMT", "timestamp"),
    ("Press release 14 March 2024 09:40", "timestamp"),
    ("Advertisement", "advert"),
    ("Recommended Stories", "related links"),
    ("Read more: Sanctions hit the shadow fleet", "related link"),
    ("The Harbour Letter newsletter brings you the week in shipping. Sign up here.", "newsletter advert"),
    ("Reporting by Jane Roe Writing by John Doe Editing by Ann Lee", "byline"),
    ("By Jane Roe and John Doe", "byline"),
    ("Our Standards: The Newsroom Code., opens new tab", "credits"),
    ("Photo: AFP", "credits"),
    ("Live freight data for harbour operatorsLearn more aboutPortdesk", "page widget"),
    ("Visit the meeting page", "page widget"),
    ("###", "separator"),
    ("2 hours ago", "timestamp"),
    ("Save", "page widget"),
    ("Berlin correspondent", "byline"),
    ("From:", "page label"),
    ("Is this page useful?", "page widget"),
    ("Related topics", "related links"),
    ("More on this story", "related links"),
    ("list 1 of 4", "related link"),
    ("Vladimir Putin attends a meeting in Moscow, Russia, February 5, 2025. REUTERS/Maxim Shemetov", "caption"),
    ("Item 1 of 3 Vladimir Putin attends a meeting in Moscow. Sputnik/Pool via REUTERS/File Photo", "caption"),
    ("Get the Arctic Brief in your inbox every Monday. Subscribe now", "newsletter advert"),
    ("Our weekly briefing, delivered straight to your inbox.", "newsletter advert"),
    ("The best of the week's reporting. Sign up today", "newsletter advert"),
    ("From: Ministry of Defence", "page label"),
    ("Source: World Bank, national statistics", "page label"),
    ("Get emails about this page", "page widget"),
    ("Report a problem with this page", "page widget"),
    ("Photograph: Jane Roe/Reuters", "credits"),
    ("(Photo by Jane Roe/AFP via Getty Images)", "credits"),
    ("Media caption, Crowds gather in the square", "credits"),
    ("UN Photo/Jane Roe", "caption"),
    ("Published 3 June 2024 Last updated 5 June 2024 — see all updates", "timestamp"),
    ("Last modified on Wed 4 Jun 2025", "timestamp"),
    ("This article is more than 3 years old", "timestamp"),
    ("Tags: trade, tariffs", "page label"),
    ("Contact: press@example.org", "page label"),
    ("Follow the Ministry on Facebook", "share prompt"),
    ("Back to top", "page widget"),
    ("Already a subscriber? Log in", "page widget"),
    ("Download the annual report (PDF, 3 MB)", "page widget"),
    ("- ENDS -", "separator"),
    ("Suggested Topics:", "related links"),
    ("Delivered on: 2 May 2025 (Transcript of the speech)", "page label"),
    ("Reuters reporter Tom Lee in Lagos contributed to this report.", "byline"),
    ("Ann Roe contributed reporting from Nairobi.", "byline"),
    ("*Omar Said contributed to the story.", "byline"),
    ("Related analysis", "related links"),
    ("More features", "related links"),
    ("3 June 2024 – Lyon, France – Ministry of Culture", "timestamp"),
    ("Ministry of Health | 4 May 2023", "timestamp"),
    ("- 12 -", "separator"),
    ("17 -", "separator"),
    ("April 2, 2025 9:15 PM GMT+2 Updated 5 hours ago", "timestamp"),
    ("Advertisement · Scroll to read", "advert"),
    ("Policy Weekly Pro: Get the analysis you need on Asia. Request a demo.", "advert"),
    ("Start your free trial.", "advert"),
    ("9:05 am on 3 March 2024", "timestamp"),
    ("Home › Newsroom › Statements", "breadcrumb"),
    ("Home > Media > Speeches > 2024", "breadcrumb"),
]


@pytest.mark.parametrize("line, reason", FURNITURE_CASES)
def test_furniture_lines(line, reason):
    assert boilerplate_reason(line) == reason


@pytest.mark.parametrize(
    "line",
    [
        "Published in 2019, the report found that exports had doubled since the war began.",
        "Officials want to learn more about the attack before they respond.",
        "By March, the ministers had agreed on the text.",
        "Share prices fell by 3% on Monday.",
        "The newsletter's editor said the paper would close.",
        "He said the advertisement had misled voters.",
        "Hospital staff",
        "Save the date",
        "A Reuters/Ipsos poll showed that 40% of Americans approved of the deal.",
        "The commission urged voters to register today.",
        "From: the outset, the talks were difficult.",
        "Source: officials said the plan would be shelved.",
        "Pictures, videos and testimonies from the town show the damage.",
        "Published reports since 2020",
        "Updated figures show a fall in exports",
        "Photos by residents showed the damage.",
        "The photo/video unit was disbanded.",
        "Contacts with Moscow",
        "Contents of the agreement",
        "He said the talks would end.",
        "Farm exports contributed to this year's growth, the bank said.",
        "3 June 2024 – the day the talks collapsed",
        "Пресс-релиз министерства",
        "The advertisement · a note",
    ],
)
def test_content_lines_are_not_furniture(line):
    assert boilerplate_reason(line) == ""


def test_page_around_an_article(has_finite_verb):
    text = (
        "Talks stall over ports as ministers trade blame\n"
        "Envoys have weighed a bold aim of closing a deal by June, though the schedule...\n"
        "Nordic Trade Council\n"
        "Press release 14 March 2024 09:40\n"
        "The Council adopted the package today.\n"
        "Recommended Stories\n"
        "Floods and empty harbours: a coastal town counts the cost of the storm\n"
        "Azov's hiring spree: how a unit is luring fighters\n"
        "The measures target 189 vessels.\n"
        "Advertisement\n"
        "Background\n"
        "The first package was adopted in 2014.\n"
        "Readers can download the Nordhavn Post app from Google Play or the App Store.\n"
        "Leave the first comment\n"
        "Regional lawmakers back faster permits for offshore wind farms\n"
        "Storm hits Varnholm power grid, cuts heating for thousands, mayor says\n"
    )
    blocks = split_blocks(text, "text", has_finite_verb=has_finite_verb)
    check_offsets(text, blocks)
    reasons = {b.text: b.reason for b in blocks if b.kind == BOILERPLATE}
    assert reasons == {
        "Talks stall over ports as ministers trade blame": "teaser headline",
        "Envoys have weighed a bold aim of closing a deal by June, though the schedule...": "teaser",
        "Nordic Trade Council": "byline",
        "Press release 14 March 2024 09:40": "timestamp",
        "Recommended Stories": "related links",
        "Floods and empty harbours: a coastal town counts the cost of the storm": "related link",
        "Azov's hiring spree: how a unit is luring fighters": "related link",
        "Advertisement": "advert",
        "Readers can download the Nordhavn Post app from Google Play or the App Store.": "app advert",
        "Leave the first comment": "comment prompt",
        "Regional lawmakers back faster permits for offshore wind farms": "trailing teaser",
        "Storm hits Varnholm power grid, cuts heating for thousands, mayor says": "trailing teaser",
    }
    assert kinds(blocks, HEADING) == ["Background"]
    assert kinds(blocks, PARAGRAPH) == [
        "The Council adopted the package today.",
        "The measures target 189 vessels.",
        "The first package was adopted in 2014.",
    ]


MASTHEAD_CASES = [
    pytest.param(
        "Europe\n"
        "Porto bets on tram lines to win back commuters\n"
        "By Ann Roe\n"
        "The city council approved the plan on Monday.\n"
        "Funding\n"
        "The first line opens in 2027.\n",
        {"Europe": "section label", "By Ann Roe": "byline"},
        ["Funding"],
        id="kicker-over-a-headline",
    ),
    pytest.param(
        "Opinion\n"
        "Could cheaper trains fix the Alpine freight jam?\n"
        "The tunnel opened a decade ago.\n",
        {"Opinion": "section label"},
        [],
        id="kicker-over-a-question-headline",
    ),
    pytest.param(
        "Ministry of Foreign Affairs, Republic of Ruritania\n"
        "Press Releases\n"
        "Visit of the Foreign Minister of Freedonia to Ruritania (4-5 March 2025)\n"
        "The two ministers held talks in the capital.\n",
        {"Ministry of Foreign Affairs, Republic of Ruritania": "publisher", "Press Releases": "page label"},
        ["Visit of the Foreign Minister of Freedonia to Ruritania (4-5 March 2025)"],
        id="issuing-body-over-a-page-label",
    ),
    pytest.param(
        "Harbour strike ends after pay deal\n"
        "The dockers returned to work on Friday.\n"
        "Related analysis\n"
        "Will the ports recover before winter?\n"
        "Shipping lines have moved cargo to other harbours, and some of them say they will not come back...\n",
        {
            "Related analysis": "related links",
            "Will the ports recover before winter?": "related link",
            "Shipping lines have moved cargo to other harbours, and some of them say they will not come back...":
                "teaser",
        },
        [],
        id="related-label-over-a-question-teaser",
    ),
    pytest.param(
        "Features\n"
        "Southern Africa\n"
        "Farmers in the delta are planting drought-tolerant sorghum\n"
        "The river has fallen for a third year.\n",
        {"Features": "section label", "Southern Africa": "section label"},
        [],
        id="stacked-kickers-over-a-headline",
    ),
    pytest.param(
        "Business · Energy Markets\n"
        "Refiners brace for a slower winter as stocks climb\n"
        "Inventories rose in October.\n",
        {"Business · Energy Markets": "section label"},
        [],
        id="kicker-trail-joined-by-a-dot",
    ),
    pytest.param(
        "Ministry of Transport\n"
        "Home › News › Press Releases\n"
        "New Rules for Freight Corridors\n"
        "The ministry published the rules today.\n",
        {"Ministry of Transport": "publisher", "Home › News › Press Releases": "breadcrumb"},
        ["New Rules for Freight Corridors"],
        id="issuing-body-over-a-breadcrumb",
    ),
    pytest.param(
        "Coastal towns weigh sea walls against managed retreat in Fiji\n"
        "Councils met in Suva on Monday.\n",
        {},
        [],
        id="sentence-case-headline-is-no-title-heading",
    ),
]


@pytest.mark.parametrize("text, furniture, headings", MASTHEAD_CASES)
def test_labels_and_publishers_around_an_article(text, furniture, headings, has_finite_verb):
    blocks = split_blocks(text, "text", has_finite_verb=has_finite_verb)
    check_offsets(text, blocks)
    assert {b.text: b.reason for b in blocks if b.kind == BOILERPLATE} == furniture
    assert kinds(blocks, HEADING) == headings


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Summary\nThe council agreed new rules on Monday.\n", id="short-title-over-a-paragraph"),
        pytest.param("Energy\nGas storage\nThe tanks are full.\n", id="short-title-over-a-short-heading"),
        pytest.param(
            "Ministry of Health\nNew clinics for rural districts\nThe ministry opened four clinics.\n",
            id="body-name-without-a-page-label",
        ),
    ],
)
def test_short_first_lines_that_are_not_page_labels(text, has_finite_verb):
    blocks = split_blocks(text, "text", has_finite_verb=has_finite_verb)
    assert not [b for b in blocks if b.kind == BOILERPLATE]


def test_byline_and_credit_lines_beside_page_furniture(has_finite_verb):
    text = (
        "Scholz calls snap election after coalition collapse\n"
        "2 hours ago\n"
        "Share\n"
        "Jessica Parker\n"
        "Berlin correspondent\n"
        "Germany's chancellor has announced a confidence vote.\n"
        "Related topics\n"
        "Germany\n"
        "Who could replace Scholz as chancellor?\n"
    )
    blocks = split_blocks(text, "text", has_finite_verb=has_finite_verb)
    assert kinds(blocks, PARAGRAPH) == [
        "Scholz calls snap election after coalition collapse",
        "Germany's chancellor has announced a confidence vote.",
    ]
    assert [b.reason for b in blocks if b.kind == BOILERPLATE] == [
        "timestamp",
        "share prompt",
        "byline",
        "byline",
        "related links",
        "related link",
        "related link",
    ]


def test_sections_nest_under_a_title(has_finite_verb):
    text = (
        "Readout of the Meeting of the Foreign Ministers\n"
        "The ministers met today.\n"
        "Energy\n"
        "They agreed on storage.\n"
        "Trade\n"
        "They agreed on tariffs.\n"
    )
    blocks = split_blocks(text, "text", has_finite_verb=has_finite_verb)
    sections = build_sections(blocks, len(text))
    assert [(s.heading, s.level, s.parent) for s in sections] == [
        ("Readout of the Meeting of the Foreign Ministers", 1, None),
        ("Energy", 2, 0),
        ("Trade", 2, 0),
    ]
    assert section_at(sections, text.index("The ministers")) == 0
    assert section_at(sections, text.index("storage")) == 1
    assert section_at(sections, text.index("tariffs")) == 2


MARKDOWN = """# Sanctions package

Intro line one runs on
over a second line.

## Energy

* The ban covers crude oil.
* It starts in June.

Trade talks
-----------

```
code = "not prose"
```

> A quoted line from the text.
"""


def test_markdown_headings_by_markup(has_finite_verb):
    blocks = split_blocks(MARKDOWN, "markdown", has_finite_verb=has_finite_verb)
    check_offsets(MARKDOWN, blocks)
    assert [(b.text, b.level) for b in blocks if b.kind == HEADING] == [
        ("Sanctions package", 1),
        ("Energy", 2),
        ("Trade talks", 2),
    ]
    assert kinds(blocks, PARAGRAPH) == [
        "Intro line one runs on\nover a second line.",
        "The ban covers crude oil.",
        "It starts in June.",
        "A quoted line from the text.",
    ]
    assert {b.reason for b in blocks if b.kind == BOILERPLATE} == {"separator", "code"}
    sections = build_sections(blocks, len(MARKDOWN))
    assert [(s.heading, s.parent) for s in sections] == [("Sanctions package", None), ("Energy", 0), ("Trade talks", 0)]


HTML = b"""<!doctype html>
<html><head><title>Ignored</title><script>var x = "<p>no</p>";</script></head>
<body>
<nav><ul><li>Home</li><li>World</li></ul></nav>
<article>
  <h1>EU agrees 17th package</h1>
  <p class="byline">By Jane Roe</p>
  <p>The Council adopted the package <b>today</b>.</p>
  <div class="share-tools">Share on X</div>
  <h2>Energy</h2>
  <p>The ban covers 189 vessels.</p>
  <h3>Details</h3>
  <p>It starts in June.<br>It ends in May.</p>
  <figure><img src="x.png"><figcaption>A tanker at sea.</figcaption></figure>
</article>
<footer>Copyright 2025</footer>
</body></html>"""


def test_html_headings_and_furniture_by_markup(has_finite_verb):
    source = source_from_bytes(HTML, Path("page.html"), "html")
    blocks = split_blocks(source.text, "html", source.headings, has_finite_verb, source.furniture)
    check_offsets(source.text, blocks)
    assert [(b.text, b.level) for b in blocks if b.kind == HEADING] == [
        ("EU agrees 17th package", 1),
        ("Energy", 2),
        ("Details", 3),
    ]
    assert kinds(blocks, PARAGRAPH) == [
        "The Council adopted the package today.",
        "The ban covers 189 vessels.",
        "It starts in June.",
        "It ends in May.",
    ]
    assert {b.text: b.reason for b in blocks if b.kind == BOILERPLATE} == {
        "Home": "navigation",
        "World": "navigation",
        "By Jane Roe": "page byline",
        "Share on X": "page share",
        "A tanker at sea.": "caption",
        "Copyright 2025": "page footer",
    }
    sections = build_sections(blocks, len(source.text))
    assert [(s.heading, s.parent) for s in sections] == [
        ("EU agrees 17th package", None),
        ("Energy", 0),
        ("Details", 1),
    ]
    assert "no</p>" not in source.text and "Ignored" not in source.text


def test_html_without_heading_markup_falls_back_to_line_shape(has_finite_verb):
    source = source_from_bytes(
        b"<p>Ministers met in Rome on Monday.</p><p>Background</p><p>The talks began in 2014.</p>",
        Path("p.html"),
        "html",
    )
    blocks = split_blocks(source.text, "html", source.headings, has_finite_verb, source.furniture)
    assert kinds(blocks, HEADING) == ["Background"]


@pytest.mark.parametrize(
    "line, shaped",
    [
        ("European Union", True),
        ("Relations with the Andean Nations", True),
        ("Russia's 'shadow fleet'", True),
        ("He added that it was fine.", False),
        ('"We agree," he said.', False),
        ("* A bullet item", False),
        ("a lower-case fragment", False),
        ("One two three four five six seven eight nine ten eleven twelve thirteen", False),
        ("Get the brief every week. Subscribe now", False),
        ("U.S. Troops in Europe", True),
        ("What next? The view from Brussels", True),
        # a line opened by a transcript label is a turn, in capitals or not
        ("QUESTION:  Is the harbour board right or wrong", False),
        ("MS BERG: We will see", False),
        ("PORTS: FERRIES RETURN", True),
        ("Harbour Talks: What Comes Next", True),
    ],
)
def test_heading_shape(line, shaped):
    assert is_heading_shaped(line) is shaped


def test_a_furniture_word_in_a_wrapper_class_does_not_hide_the_article(has_finite_verb):
    body = "".join(f"<p>The minister said talks would resume in round {n}.</p>" for n in range(10))
    page = f'<body><div class="post with-sidebar">{body}</div><div class="sidebar">Most read today</div></body>'
    source = source_from_bytes(page.encode(), Path("wrapped.html"), "html")
    blocks = split_blocks(source.text, "html", source.headings, has_finite_verb, source.furniture)
    assert len(kinds(blocks, PARAGRAPH)) == 10
    assert [(b.text, b.reason) for b in blocks if b.kind == BOILERPLATE] == [("Most read today", "page sidebar")]


def _link_list_page(headings: bool) -> str:
    return (
        "Floods hit the delta.\n" + ("Damage to farms\n" if headings else "") + "Thousands of hectares were flooded.\n"
        "Read more:\n"
        "Storm season arrives early across the region as seas warm\n"
        "What the rebuild costs\n"
        "Engineers put the bill at two billion.\n"
    )


@pytest.mark.parametrize("headings", [True, False], ids=["document-with-headings", "document-without-headings"])
def test_a_link_list_ends_at_the_documents_next_heading(headings, has_finite_verb):
    text = _link_list_page(headings)
    blocks = split_blocks(text, "text", has_finite_verb=has_finite_verb)
    links = [b.text for b in blocks if b.reason == "related link"]
    assert links[0] == "Storm season arrives early across the region as seas warm"
    if headings:
        assert kinds(blocks, HEADING) == ["Damage to farms", "What the rebuild costs"]
        assert len(links) == 1
    else:
        assert kinds(blocks, HEADING) == []
        assert links[1:] == ["What the rebuild costs"]


def test_a_link_as_long_as_the_others_stays_a_link(has_finite_verb):
    text = (
        "Floods hit the delta.\n"
        "Damage to farms and roads in the eastern districts of the delta\n"
        "Thousands of hectares were flooded.\n"
        "Read more:\n"
        "Storm season arrives early across the region\n"
        "Insurers count the cost of the spring floods\n"
        "Engineers put the bill at two billion.\n"
    )
    blocks = split_blocks(text, "text", has_finite_verb=has_finite_verb)
    assert kinds(blocks, HEADING) == ["Damage to farms and roads in the eastern districts of the delta"]
    assert [b.text for b in blocks if b.reason == "related link"] == [
        "Storm season arrives early across the region",
        "Insurers count the cost of the spring floods",
    ]


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("1203rd Meeting (AM)", "meeting header"),
        ("57th meeting", "meeting header"),
        ("Seventy-second General Assembly", "meeting header"),
        ("Plenary", "meeting header"),
        ("In progress at Headquarters", "page widget"),
        ("SG/SM/9876-XY/12", "document symbol"),
        ("AB/4321", "document symbol"),
        ("Office of Information • Press Section • Geneva", "issuing office"),
        ("For information media. Not an official record.", "release note"),
        ("Home > Press Statements", "breadcrumb"),
        ("This was published under the 2001 to 2005 Labour government", "archive note"),
        ("This article has been read 1,204 times in total", "page widget"),
        ("The statement issued by the Ministry of Trade on 2 May 2021.", "credits"),
        ("Tag: Trade Ministry", "page label"),
        ("English Français Español 中文 Contact Us", "language switcher"),
    ],
)
def test_furniture_of_official_releases_and_transcripts(line, reason):
    assert boilerplate_reason(line) == reason


@pytest.mark.parametrize(
    "line",
    [
        "The minister said 57 meetings were held.",
        "Home is where the talks will be held, she said.",
        "She spoke English and French with the delegates.",
        "The fund was set up under Resolution 12/34 of the assembly.",
    ],
)
def test_sentences_like_official_furniture_stay_content(line):
    assert boilerplate_reason(line) == ""


def test_a_headline_repeated_broken_over_lines_is_furniture():
    text = (
        "MINISTER WELCOMES HARBOUR DEAL, SAYS TALKS WILL GO ON\n\n"
        "12 March 2031\n\n"
        "MINISTER WELCOMES HARBOUR DEAL,\n\n"
        "SAYS TALKS WILL GO ON\n\n"
        "The minister welcomed the harbour deal on Tuesday. She said the talks would go on.\n"
    )
    blocks = split_blocks(text)
    copies = [b.text for b in blocks if b.reason == "repeated headline"]
    assert copies == ["MINISTER WELCOMES HARBOUR DEAL,", "SAYS TALKS WILL GO ON"]
    assert blocks[0].kind != BOILERPLATE


def test_a_quoted_line_that_opens_a_paragraph_is_no_broken_headline():
    text = "'We will not give in.'\n\n'We will not give in.' The mayor said it twice on Tuesday, aides said.\n"
    assert not [b for b in split_blocks(text) if b.reason == "repeated headline"]


def test_a_subhead_kept_with_its_emphasis_marks_is_heading_shaped():
    assert is_heading_shaped("**Exports")
    assert is_heading_shaped("(2) Regional security")


def test_a_topic_line_opened_by_a_bold_marker_is_a_heading_without_its_marks():
    text = ("Noon briefing by the spokesperson.\n\n** Harbour Trade\n\nThe council met on Monday and agreed to "
            "reopen the harbour.\n\n**Fisheries**\n\nQuotas will be cut by a fifth next year, the minister said.\n")
    headings = [text[b.start:b.end] for b in split_blocks(text) if b.kind == HEADING]
    assert headings[-2:] == ["Harbour Trade", "Fisheries"]


def test_a_caption_over_a_handout_credit_is_furniture_with_it():
    text = ("Port news\n\nThe port reopened on Monday after the storm, the harbour master said.\n\n"
            "The mayor of Port Lira visits the flooded pier, as rain\n\nHarbour Authority/Handout via REUTERS\n\n"
            "Ships waited outside the harbour for two days before the pilots returned.\n")
    furniture = [text[b.start:b.end] for b in split_blocks(text) if b.kind == BOILERPLATE]
    assert furniture == ["The mayor of Port Lira visits the flooded pier, as rain", "Harbour Authority/Handout via REUTERS"]


@pytest.mark.parametrize("line", ["An official website of the Republic of Ruritania", "Official websites use .gov",
                                  "3:45 p.m. CET", "02.03.2021 - Press release", "Last updated: 03/05/2021",
                                  "Register now for free access to all our reports"])
def test_site_banners_page_times_and_sign_up_prompts_are_furniture(line):
    assert boilerplate_reason(line)


@pytest.mark.parametrize("line", ["The talks resumed at 10:30 in Geneva.", "Register voters early, the mayor said.",
                                  "The ministry put the figures on an official website of the government."])
def test_sentences_about_times_and_websites_are_not(line):
    assert not boilerplate_reason(line)


def test_a_numbered_title_over_a_paragraph_is_a_heading_with_its_number():
    text = ("Talks with Lirana\n\nThe ministers met in Tavra on Monday. A summary of the talks is given below.\n\n"
            "1. Trade\n\n1. Minister Berg said that both sides would lower port fees and open two new ferry lines "
            "before the summer.\n\n2. Fisheries and Ports\n\n2. Minister Dahl said quotas would be set together.\n")
    headings = [text[b.start:b.end] for b in split_blocks(text) if b.kind == HEADING]
    assert headings[-2:] == ["1. Trade", "2. Fisheries and Ports"]


def test_a_numbered_list_of_short_items_stays_a_list():
    text = ("Talks with Lirana\n\nThe ministers agreed on three points:\n\n1. Port fees\n\n2. Ferry lines\n\n"
            "3. Fishing quotas\n\nThe next round of talks will be held in Tavra in the spring, officials said.\n")
    headings = [text[b.start:b.end] for b in split_blocks(text) if b.kind == HEADING]
    assert not any(h[:1].isdigit() for h in headings)
