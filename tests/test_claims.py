"""Claims: speakers found through the parse and resolved in the document, cues, and no-claim sentences.

Each case gives a small text (one paragraph per line) and the names the entity stage
would report for it, so that these tests exercise attribution alone.
"""

from __future__ import annotations

import re

import pytest

from extract.claims.document import find_claims
from extract.claims.quotes import quoted_pieces, wholly_quoted
from extract.records import COUNTRY, ORGANISATION, PERSON, Entity, Mention, Sentence


def run(nlp, text: str, names: dict[str, tuple[str, str]]):
    """Claims of `text`, given surface name → (kind, key) for the names in it."""
    parsed = []
    offset = 0
    for block, line in enumerate(text.split("\n")):
        doc = nlp(line)
        for sent in doc.sents:
            stripped = sent.text.strip()
            if not stripped:
                continue
            start = offset + sent.start_char + (len(sent.text) - len(sent.text.lstrip()))
            parsed.append((Sentence(len(parsed), start, start + len(stripped), stripped, block, None), sent))
        offset += len(line) + 1
    mentions, aliases = [], {}
    for surface, (kind, key) in names.items():
        aliases.setdefault((kind, key), set()).add(surface)
        for m in re.finditer(rf"(?<!\w){re.escape(surface)}(?!\w)", text):
            sentence = next((s for s, _ in parsed if s.start <= m.start() < s.end), None)
            if sentence is not None:
                mentions.append(Mention(sentence.index, m.start(), m.end(), surface, kind, key))
    entities = [Entity(kind, key, key, tuple(sorted(a - {key}))) for (kind, key), a in aliases.items()]
    claims = find_claims(parsed, entities, mentions)
    return {c.sentence: c for c in claims}, [s for s, _ in parsed], text


def attributions(nlp, text: str, names: dict[str, tuple[str, str]]) -> list:
    """(speaker, speaker kind, cue) of each sentence's claim, or "none" for a sentence without one."""
    claims, sentences, _ = run(nlp, text, names)
    return [
        (claims[s.index].speaker, claims[s.index].speaker_kind, claims[s.index].cue) if s.index in claims else "none"
        for s in sentences
    ]


ORSETT = {"Mirek Orsett": (PERSON, "Mirek Orsett"), "Orsett": (PERSON, "Mirek Orsett")}
MINISTER_BERG = {"Anna Berg": (PERSON, "Anna Berg"), "Berg": (PERSON, "Anna Berg")}


@pytest.mark.parametrize(
    ("text", "names", "expected"),
    [
        # subject of the reporting verb; the verb after a quotation; "said X" inversion
        ("Foreign Minister Anna Berg said on Tuesday that the talks had gone well.", MINISTER_BERG,
         [("Anna Berg", PERSON, "said")]),
        ('"We are aware of this," Orsett said.', ORSETT, [("Mirek Orsett", PERSON, "said")]),
        ("Coastal raids may have upset the navy's timetable, said the CAC.",
         {"CAC": (ORGANISATION, "CAC")}, [("CAC", ORGANISATION, "said")]),
        # the acronym's full name when the document has it
        ("The Centre for the Analysis of Conflict published a map.\nThe raids failed, said the CAC.",
         {"Centre for the Analysis of Conflict": (ORGANISATION, "Centre for the Analysis of Conflict"),
          "CAC": (ORGANISATION, "CAC")},
         [(None, None, None), ("Centre for the Analysis of Conflict", ORGANISATION, "said")]),
        # a name in apposition; a relative clause between subject and verb
        ("Her chief of staff, Omar Haddad, three days later, said the losses were small.",
         {"Omar Haddad": (PERSON, "Omar Haddad")}, [("Omar Haddad", PERSON, "said")]),
        ("Haddad, a veteran negotiator who also handles fisheries policy, said Norway saw no shift.",
         {"Haddad": (PERSON, "Omar Haddad")}, [("Omar Haddad", PERSON, "said")]),
        # pronouns: the person last speaking
        ("Orsett said that relations were strong.\nThe year saw a cooling with Russia.\n"
         "He noted that the issue was resolved.",
         ORSETT, [("Mirek Orsett", PERSON, "said"), (None, None, None), ("Mirek Orsett", PERSON, "noted")]),
        ("In Varga's March 3 address, he set out his demands: Norland must give up its claims.",
         {"Varga": (PERSON, "Tomas Varga")}, [("Tomas Varga", PERSON, "set out")]),
        # titles: the person last named with the title
        ("Foreign Minister Mirek Orsett spoke in Tallinn.\nThe Minister later revealed that progress was made.",
         ORSETT, [(None, None, None), ("Mirek Orsett", PERSON, "revealed")]),
        # a role described first and named later; a deputy is not the minister
        ("Norway's foreign minister made the point bluntly, saying that Oslo was open to talks.\n"
         "Deputy Foreign Minister Lena Moritz told a press conference that a deal was close.\n"
         "Norwegian Foreign Minister Anna Berg restated that Oslo was open.",
         {"Norway": (COUNTRY, "NO"), "Norwegian": (COUNTRY, "NO"), "Lena Moritz": (PERSON, "Lena Moritz"),
          "Anna Berg": (PERSON, "Anna Berg"), "Oslo": (COUNTRY, "NO")},
         [("Anna Berg", PERSON, "saying"), ("Lena Moritz", PERSON, "told"),
          ("Anna Berg", PERSON, "restated")]),
        # "according to"
        ("Orsett spoke on Friday.\nAccording to his report, partnerships were established with 10 states.",
         ORSETT, [(None, None, None), ("Mirek Orsett", PERSON, "According to his report")]),
        ("Power demand grew by 8.3%, according to the energy ministry's Grid Forecasting and Statistics Unit.",
         {"Grid Forecasting and Statistics Unit": (ORGANISATION, "Grid Forecasting and Statistics Unit")},
         [("Grid Forecasting and Statistics Unit", ORGANISATION, "according to")]),
        ("Kestrel has contracted to buy 4.2 million tpy of gas from Qatar, according to its annual report.",
         {"Kestrel": (ORGANISATION, "Kestrel Gas Ltd")},
         [("Kestrel Gas Ltd", ORGANISATION, "according to its annual report")]),
        # bodies that are not entities, and capitals speaking for their governments
        ("Flash floods drowned 17 farmers in the delta on Wednesday, health officials said.", {},
         [("health officials", None, "said")]),
        ("Ample supply will cap prices, analysts say.", {}, [("analysts", None, "say")]),
        ("Oslo quickly underscored that its offer was only a starting point.", {"Oslo": (COUNTRY, "NO")},
         [("Oslo", None, "underscored")]),
        # refusing to speak is still attributed
        ("The Harbour Board refused to either confirm or deny the leak.",
         {"Harbour Board": (ORGANISATION, "Harbour Board")},
         [("Harbour Board", ORGANISATION, "refused to either confirm or deny")]),
        # several people at once, or another clause's speaker
        ("The two presidents reiterated the value of open trade.", {}, [(None, None, "reiterated")]),
        ("The ministers affirmed the need to tackle the shortages.", {}, [(None, None, "affirmed")]),
        ("The officials said the talks would resume.", {}, [("officials", None, "said")]),
        ("Both ministers stressed the value of patience, with Prime Minister Haddad describing the talks "
         "as a breakthrough.", {"Haddad": (PERSON, "Omar Haddad")}, [("Omar Haddad", PERSON, "describing")]),
        # not reporting: an action, a participle without a speaker, the outlet's own summary
        ("The Board also added 12 new firms to the register.", {"Board": (ORGANISATION, "Board")},
         [(None, None, None)]),
        ("The rebels made modest advances in March, highlighting gaps in the army's defences.", {},
         [(None, None, None)]),
        ("The country reaffirmed its commitment to tackling rising prices.", {}, [(None, None, "reaffirmed")]),
        # a cue in a clause about something else speaks for that clause only
        ("The deal, which Biden said would create jobs, was signed on Monday.", {"Biden": (PERSON, "Joe Biden")},
         [(None, None, None)]),
        ("Zelenskyy spoke on Tuesday.\nHe was referring to the campaign against Ukraine, where he noted that "
         "the Air Force had improved.", {"Zelenskyy": (PERSON, "Volodymyr Zelenskyy")},
         [(None, None, None), ("Volodymyr Zelenskyy", PERSON, "noted")]),
        ("Putin was quoted by RIA as saying that Russia would respond.", {"Putin": (PERSON, "Vladimir Putin")},
         [("Vladimir Putin", PERSON, "as saying")]),
        # a lead that describes the speaker, who is introduced by title later
        ("Norway's chief negotiator on fishing rights with Iceland said on Tuesday that a deal could wait.\n"
         "Deputy Fisheries Minister Lena Moritz told a press conference in Oslo that the quotas stood.",
         {"Norway": (COUNTRY, "NO"), "Iceland": (COUNTRY, "IS"), "Lena Moritz": (PERSON, "Lena Moritz"),
          "Oslo": (COUNTRY, "NO")},
         [("Lena Moritz", PERSON, "said"), ("Lena Moritz", PERSON, "told")]),
        # "the minister" refers back only: nobody named before, so the role itself
        ('"We will fight," the minister told reporters.\nForeign Minister Andrii Sybiha spoke in Kyiv.',
         {"Andrii Sybiha": (PERSON, "Andrii Sybiha")}, [("minister", None, "told"), (None, None, None)]),
        # the quoted speaker's verbs are not cues
        ("\u201cYou can\u2019t say that our side is giving up the race,\u201d Marta Lind said.",
         {"Marta Lind": (PERSON, "Marta Lind")}, [("Marta Lind", PERSON, "said")]),
        # "the spokesperson" is the spokesperson who spoke last, not one whose title names no country
        ("The president ordered a review, his spokesperson Lena Park said.\n"
         "Peru's foreign ministry spokesperson Ana Ruiz urged restraint. The spokesperson said Lima would help.",
         {"Lena Park": (PERSON, "Lena Park"), "Ana Ruiz": (PERSON, "Ana Ruiz"), "Peru": (COUNTRY, "PE"),
          "Lima": (COUNTRY, "PE")},
         [("Lena Park", PERSON, "said"), ("Ana Ruiz", PERSON, "urged"), ("Ana Ruiz", PERSON, "said")]),
        # a report denied is nobody's statement
        ("State television did not immediately report the test.", {}, [(None, None, None)]),
        # notices and rulings with a clause report what they state
        ("The Permanent Court of Arbitration ruled in 2019 that the dam had breached the accord.",
         {"Permanent Court of Arbitration": (ORGANISATION, "Permanent Court of Arbitration")},
         [("Permanent Court of Arbitration", ORGANISATION, "ruled")]),
    ],
)
def test_speaker_and_cue(nlp, text, names, expected):
    assert attributions(nlp, text, names) == expected


HOLT = {"Jane Holt": (PERSON, "Jane Holt"), "Marco Rossi": (PERSON, "Marco Rossi"), "Italian": (COUNTRY, "IT"),
        "Nikos Pappas": (PERSON, "Nikos Pappas"), "Greek": (COUNTRY, "GR")}
FINANCE = {"Ana Costa": (PERSON, "Ana Costa"), "Luis Vega": (PERSON, "Luis Vega"), "Vega": (PERSON, "Luis Vega"),
           "Brazil": (COUNTRY, "BR"), "Peru": (COUNTRY, "PE")}


@pytest.mark.parametrize(
    ("text", "names", "expected"),
    [
        # a role is the person whose own title it is: the principal, whose title names no country
        ("Prime Minister Jane Holt hosted Italian Prime Minister Marco Rossi and Greek Prime Minister Nikos Pappas.\n"
         "The Prime Minister said that the talks had been useful.", HOLT,
         [(None, None, None), ("Jane Holt", PERSON, "said")]),
        # a title in apposition before the name, with its "of" phrase and its country
        ("The accord was signed by Brazil's Minister of Finance, Ana Costa, and Peru's Minister of Finance, "
         "Luis Vega.\nVega said the accord was fair.\nBrazil's Minister of Finance said the accord would lower costs.",
         FINANCE,
         [(None, None, None), ("Luis Vega", PERSON, "said"), ("Ana Costa", PERSON, "said")]),
        # a long title ending in the holder's name; not a name after "to" or with its own title
        ("Director for Regional Trade Policy Maria Lopez said the rules were ready.",
         {"Maria Lopez": (PERSON, "Maria Lopez")}, [("Maria Lopez", PERSON, "said")]),
        ("The adviser to Putin said the plan was dead.", {"Putin": (PERSON, "Vladimir Putin")},
         [("adviser", None, "said")]),
        # pronouns pass over people of the other gender (honorifics, the person's own pronouns)
        ("Ms Carla Ruiz met Mr Tom Berg in Madrid.\nBerg said the deal was close.\nShe added that talks would go on.",
         {"Carla Ruiz": (PERSON, "Carla Ruiz"), "Tom Berg": (PERSON, "Tom Berg"), "Berg": (PERSON, "Tom Berg")},
         [(None, None, None), ("Tom Berg", PERSON, "said"), ("Carla Ruiz", PERSON, "added")]),
        ("Governor Ana Silva, speaking at her office, said the budget was balanced.\n"
         "Mayor John Park said the city would borrow.\nShe added that taxes would not rise.",
         {"Ana Silva": (PERSON, "Ana Silva"), "John Park": (PERSON, "John Park")},
         [("Ana Silva", PERSON, "said"), ("John Park", PERSON, "said"), ("Ana Silva", PERSON, "added")]),
        # a possessive before a name is someone else's: "his" does not make the commander's gender
        ("Queen Rania spoke first.\nHis deputy, Omar Haddad, said the talks went well.\nShe added that aid would flow.",
         {"Rania": (PERSON, "Rania"), "Omar Haddad": (PERSON, "Omar Haddad")},
         [(None, None, None), ("Omar Haddad", PERSON, "said"), ("Rania", PERSON, "added")]),
        # "the agency", "the bloc": the organisation described so, else the one the text is about
        ("The World Health Organization said cases had doubled.\nThe agency warned that vaccines were short.",
         {"World Health Organization": (ORGANISATION, "World Health Organization")},
         [("World Health Organization", ORGANISATION, "said"), ("World Health Organization", ORGANISATION, "warned")]),
        ("The Red Cross opened a clinic.\nThe Red Cross sent nurses.\nThe UN children's agency (UNICEF) sent food.\n"
         "The agency said 5 million children needed help.",
         {"Red Cross": (ORGANISATION, "Red Cross"), "UNICEF": (ORGANISATION, "United Nations Children's Fund")},
         [(None, None, None), (None, None, None), (None, None, None),
          ("United Nations Children's Fund", ORGANISATION, "said")]),
        ("Leaders of the Andean Community met in Lima.\nThe bloc has pledged to cut tariffs by half.",
         {"Andean Community": (ORGANISATION, "Andean Community"), "Lima": (COUNTRY, "PE")},
         [(None, None, None), ("Andean Community", ORGANISATION, "has pledged")]),
        # "the report found": the author of the report named before, else the body last speaking
        ("The survey, published by Gallup on Monday, covered many countries.\nThe survey found that trust had fallen.",
         {"Gallup": (ORGANISATION, "Gallup")}, [(None, None, None), ("Gallup", ORGANISATION, "found")]),
        ("Oxfam said on Monday that hunger was rising.\nThe report said many people faced famine.",
         {"Oxfam": (ORGANISATION, "Oxfam")}, [("Oxfam", ORGANISATION, "said"), ("Oxfam", ORGANISATION, "said")]),
        ("A report said many people faced famine.", {}, [("report", None, "said")]),
        ("A June poll found that most voters backed the plan.", {}, [("June poll", None, "found")]),
        ("Infections rose by a third, according to IMF estimates.",
         {"IMF": (ORGANISATION, "International Monetary Fund")},
         [("International Monetary Fund", ORGANISATION, "according to IMF estimates")]),
        # capitals rejecting what was said; not a vote on a bill
        ("Moscow rejected the allegations.", {"Moscow": (COUNTRY, "RU")}, [("Moscow", None, "rejected")]),
        ("Parliament rejected the bill on Tuesday.", {}, [(None, None, None)]),
        # the one quoted speaks, not the outlet quoting
        ("State media quoted the defence minister, General Aung Min, as saying the army would withdraw.",
         {"Aung Min": (PERSON, "Aung Min")}, [("Aung Min", PERSON, "as saying")]),
        # statements of thanks and welcome, by one person; by several, or a host's welcome, are not
        ("President Lina Kovac thanked Japan for its support.\nShe welcomed the decision to extend the mission.",
         {"Lina Kovac": (PERSON, "Lina Kovac"), "Japan": (COUNTRY, "JP")},
         [("Lina Kovac", PERSON, "thanked"), ("Lina Kovac", PERSON, "welcomed")]),
        ("The two leaders welcomed new headway on the bridge treaty.", {}, [(None, None, "welcomed")]),
        ("Japan's government said the plan would go ahead.", {"Japan": (COUNTRY, "JP")}, [("Japan", None, "said")]),
        ("The ministry said in a statement that 20 people died.\nThe statement added that rescue work went on.", {},
         [("ministry", None, "said"), ("ministry", None, "added")]),
        # The issuer of a document is its author; "a statement of regret" names its tone, not its author.
        ("The Harbour Trust issued a statement of regret.\nThe statement urged calm.",
         {"Harbour Trust": (ORGANISATION, "Harbour Trust")},
         [("Harbour Trust", ORGANISATION, "issued a statement"), ("Harbour Trust", ORGANISATION, "urged")]),
        # "our report" in a quotation is the speaker's group's: not the later report's author.
        ("“Our report was clear,” said the former adviser.\nThe report stated that turnout fell.", {},
         [("former adviser", None, "said"), ("report", None, "stated")]),
        # Someone who works for a named person is not the next person with a title.
        ("Berg's spokesman said the talks would go on.\nLater, Mayor Omar Dahl arrived.",
         {"Berg": (PERSON, "Anna Berg"), "Omar Dahl": (PERSON, "Omar Dahl")},
         [("spokesman", None, "said"), (None, None, None)]),
        ("A spokeswoman for the Red Cross said the convoy was safe.", {"Red Cross": (ORGANISATION, "Red Cross")},
         [("Red Cross", ORGANISATION, "said")]),
        # a pronoun after a clause whose subject is a person refers to that person, not to the one before
        ("Tom Roe spoke first.\nAfter Anna Berg announced her bid, she said the race was open.",
         {"Tom Roe": (PERSON, "Tom Roe"), "Anna Berg": (PERSON, "Anna Berg")},
         [(None, None, None), ("Anna Berg", PERSON, "said")]),
        # "her" in the object of someone's own verb is someone else; "of State" is not a rank
        ("Ms Ana Bel met Tom Roe.\nRoe praised her work.\nHe said the plan was sound.",
         {"Ana Bel": (PERSON, "Ana Bel"), "Tom Roe": (PERSON, "Tom Roe"), "Roe": (PERSON, "Tom Roe")},
         [(None, None, None), ("Tom Roe", PERSON, "praised"), ("Tom Roe", PERSON, "said")]),
        ("U.S. Secretary of State Ann Marsh met Chinese Foreign Minister Li Wen.\nThe secretary said the talks were "
         "frank.", {"Ann Marsh": (PERSON, "Ann Marsh"), "Li Wen": (PERSON, "Li Wen"), "U.S.": (COUNTRY, "US"),
                    "Chinese": (COUNTRY, "CN")},
         [(None, None, None), ("Ann Marsh", PERSON, "said")]),
        # a leader described by role and nationality: the person of that country with a leading office
        ("Kenya's president, Paul Otieno, met his Ugandan counterpart, Sam Okello, in Nairobi.\n"
         "Spokesman Tim Wade said the meeting was short.\nThe Ugandan leader said the border would reopen.",
         {"Kenya": (COUNTRY, "KE"), "Paul Otieno": (PERSON, "Paul Otieno"), "Ugandan": (COUNTRY, "UG"),
          "Sam Okello": (PERSON, "Sam Okello"), "Nairobi": (COUNTRY, "KE"), "Tim Wade": (PERSON, "Tim Wade")},
         [(None, None, None), ("Tim Wade", PERSON, "said"), ("Sam Okello", PERSON, "said")]),
        ("Kenyan President Paul Otieno met French President Anne Morel in Paris.\n"
         "The Kenyan head of state said trade would double.",
         {"French": (COUNTRY, "FR"), "Anne Morel": (PERSON, "Anne Morel"), "Kenyan": (COUNTRY, "KE"),
          "Paul Otieno": (PERSON, "Paul Otieno"), "Paris": (COUNTRY, "FR")},
         [(None, None, None), ("Paul Otieno", PERSON, "said")]),
        # "called on" a person is a visit; "called on X to" a demand; the visitor stays in view for "he"
        ("Trade Minister Mark Dale met officials.\nThe Trade Minister also called on President Lena Berg.\n"
         "He said that talks would continue.",
         {"Mark Dale": (PERSON, "Mark Dale"), "Lena Berg": (PERSON, "Lena Berg")},
         [(None, None, None), (None, None, None), ("Mark Dale", PERSON, "said")]),
        ("The minister called on Russia to withdraw its troops.", {"Russia": (COUNTRY, "RU")},
         [("minister", None, "called on")]),
        ("Envoys press rival factions to resume talks as deadline nears", {}, [(None, None, None)]),
        ("The union pressed ahead with the strike.", {}, [(None, None, None)]),
        # "according to" for the whole sentence outranks a verb of a subordinate clause
        ("Serbia wants a delay, while Kosovo insists on a vote in June, according to EU diplomats.",
         {"Serbia": (COUNTRY, "RS"), "Kosovo": (COUNTRY, "XK")}, [("EU diplomats", None, "according to")]),
        # a statement in a where-clause carries the sentence
        ("Refugees live in camps near Goma, where the Red Cross warned that food would run out.",
         {"Red Cross": (ORGANISATION, "Red Cross"), "Goma": (COUNTRY, "CD")},
         [("Red Cross", ORGANISATION, "warned")]),
        # an unnamed source described by the body it works in is kept as written, not the body
        ('"The window is closing," one senior UN diplomat said.',
         {"UN": (ORGANISATION, "United Nations")},
         [("senior UN diplomat", None, "said")]),
        # a statement inside a clause that sets the news in time is background, not the sentence's claim
        ("After the governing party announced in May that it would delay the vote, the bank froze its loans.",
         {}, [(None, None, None)]),
        # a document named after the city it was issued in: its author is the body that issued it
        ("Arctic Council ministers closed their meeting in Tromso with a joint communique.\n"
         "According to the communique, the ice shelf lost 12 percent of its area.",
         {"Arctic Council": (ORGANISATION, "Arctic Council"), "Tromso": (COUNTRY, "NO")},
         [(None, None, None), ("Arctic Council", ORGANISATION, "According to the communique")]),
        # described sources are kept as written, cut before an apposition or a relative clause
        ("Most of the striking nurses, who met on Friday, said they would stay out.", {},
         [("Most of the striking nurses", None, "said")]),
        ("Six in 10 say the strike will go on.", {}, [("Six in 10", None, "say")]),
        ("Berg supporters said the rally would go ahead.", {"Berg": (PERSON, "Anna Berg")},
         [("Berg supporters", None, "said")]),
        ("Anna Berg's campaign said the rally would go ahead.", {"Anna Berg": (PERSON, "Anna Berg")},
         [("Anna Berg's campaign", None, "said")]),
        ("The insider said nobody cared.", {}, [("insider", None, "said")]),
        # a family name written first in capitals, then alone
        ("KAMIKAWA Yoko arrived in Oslo.\nKamikawa said the talks went well.",
         {"KAMIKAWA Yoko": (PERSON, "KAMIKAWA Yoko")}, [(None, None, None), ("KAMIKAWA Yoko", PERSON, "said")]),
    ],
)
def test_speakers_resolved_in_the_document(nlp, text, names, expected):
    assert attributions(nlp, text, names) == expected


@pytest.mark.parametrize(
    ("text", "names", "expected"),
    [
        # a second quotation by the speaker just quoted
        ('"Unless the debts are settled, no deal can be signed," Kessler said. "So half-measures will not do."',
         {"Kessler": (PERSON, "Ida Kessler")}, [("Ida Kessler", "said"), ("Ida Kessler", None)]),
        # a quotation over two sentences, attributed at its end
        ("\u201cEvery shell was made this spring. That is, they come to us straight from the plant,\u201d "
         "said adviser Pavel Dunstan.", {"Pavel Dunstan": (PERSON, "Pavel Dunstan")},
         [("Pavel Dunstan", None), ("Pavel Dunstan", "said")]),
        # attributed at its start, continued in the next sentence
        ('Mayor Ruth Calder told reporters at the depot: "I\u2019m done. Let\'s just say I\u2019m done."',
         {"Ruth Calder": (PERSON, "Ruth Calder")}, [("Ruth Calder", "told"), ("Ruth Calder", None)]),
        # first-person statements followed by a line naming who made them
        ("This set of tariffs is the broadest we have adopted. With it, we cover almost 300 products.\n"
         "Lena Moritz, Commissioner for Trade and Customs Policy",
         {"Lena Moritz": (PERSON, "Lena Moritz")}, [("Lena Moritz", None), ("Lena Moritz", None), "none"]),
        # unbalanced marks: a straight opening closed by a curly one, and a quotation never closed
        ('"Within this forum, Norland has restated its view,\u201d he added.', {},
         [(None, "added")]),
        ("He spoke of \u201cthe wrong steps.\nOfficials said more talks were planned.", {},
         [(None, "spoke of"), ("Officials", "said")]),
        # a name that opens a quotation is its topic: "he" is the person the paragraph is about
        ("Mayor Tom Hale said the plan was sound.\n\u201cRiverbank is not a slum. It is our next district,\u201d he "
         "told the council.", {"Tom Hale": (PERSON, "Tom Hale"), "Riverbank": (PERSON, "Riverbank")},
         [("Tom Hale", "said"), ("Tom Hale", None), ("Tom Hale", "told")]),
        # a quote block signed by a name with honorific and initials, then its title
        ("Talks went well.\n\u201cNorway is a close partner. Our trade has never been stronger.\u201d\n"
         "Dr. K. Lindqvist, Minister of Trade",
         {"K. Lindqvist": (PERSON, "K. Lindqvist"), "Norway": (COUNTRY, "NO")},
         [(None, None), ("K. Lindqvist", None), ("K. Lindqvist", None), "none"]),
        # signed with a dash and a style of address
        ("Talks went well.\n\u201cNorway is a close partner. Our trade has never been stronger.\u201d\n"
         "\u2013 The Honourable Kari Lindqvist, Minister of Trade",
         {"Kari Lindqvist": (PERSON, "Kari Lindqvist"), "Norway": (COUNTRY, "NO")},
         [(None, None), ("Kari Lindqvist", None), ("Kari Lindqvist", None), "none"]),
        # signed by a name the entity stage did not mark
        ("Talks went well.\n\u201cNorway is a close partner. Our trade has never been stronger.\u201d\n"
         "\u2013 The Honourable Kari Lindqvist, Minister of Trade",
         {"Norway": (COUNTRY, "NO")},
         [(None, None), ("Kari Lindqvist", None), ("Kari Lindqvist", None), "none"]),
    ],
)
def test_quotations(nlp, text, names, expected):
    claims, sentences, _ = run(nlp, text, names)
    got = [(claims[s.index].speaker, claims[s.index].cue) if s.index in claims else "none" for s in sentences]
    assert got == expected


MARCHETTI = {"Jean-Luc Marchetti": (PERSON, "Jean-Luc Marchetti"), "Marchetti": (PERSON, "Jean-Luc Marchetti")}


@pytest.mark.parametrize(
    ("text", "names", "expected"),
    [
        # a briefing's transcript without labelled turns is its spokesperson's; reported speech keeps its own
        ("The following is a transcript of the noon briefing by Anna Berg, Spokesperson for the Council.\n"
         "Good afternoon.\nThe Council meets at 3 p.m.\nThe envoy said the talks had stalled.",
         {"Anna Berg": (PERSON, "Anna Berg")},
         [(None, None, None), "none", ("Anna Berg", PERSON, None), ("envoy", None, "said")]),
        # a statement given after the line that introduces it, to the end of the section
        ("Foreign Minister Marchetti issued the following statement on Monday:\n"
         "The talks are a chance for peace. We will work with all partners. We believe the border will reopen.",
         MARCHETTI,
         [("Jean-Luc Marchetti", PERSON, "issued the following statement"), ("Jean-Luc Marchetti", PERSON, None),
          ("Jean-Luc Marchetti", PERSON, None), ("Jean-Luc Marchetti", PERSON, None)]),
        # a quotation after a lead-in has its own voice; an article's narration is not a lead-in's
        ("The minister said:\n\u201cWe will see.\u201d\nThe talks resumed.", {},
         [("minister", None, "said"), ("minister", None, None), (None, None, None)]),
    ],
)
def test_a_document_names_who_speaks_a_whole_passage(nlp, text, names, expected):
    assert attributions(nlp, text, names) == expected


def test_thanks_to_a_cause_is_not_courtesy(nlp):
    assert attributions(nlp, "Thanks to the new law, exports rose by a third.", {}) == [(None, None, None)]


@pytest.mark.parametrize(
    "text",
    [
        "What is your opinion about this report?",
        "Sign up for the newsletter here.",
        "The steps adopted this week include:",
        "Good afternoon, everyone.",
        "Thank you all.",
        "(Laughter.)",
        "All right, Anna.",
    ],
)
def test_sentences_that_assert_nothing(nlp, text):
    claims, sentences, _ = run(nlp, text, {})
    assert sentences and not claims


def test_cue_offsets_and_quantities_are_document_offsets(nlp):
    text = "Norland grew.\nHe added that Norland held talks with 37 countries, Orsett said."
    claims, sentences, _ = run(nlp, text, ORSETT)
    claim = claims[sentences[1].index]
    assert text[claim.cue_start : claim.cue_end] == claim.cue == "said"
    assert [text[q.start : q.end] for q in claim.quantities] == ["37 countries"]


@pytest.mark.parametrize(
    ("texts", "quoted"),
    [
        (['"For example, we held a hearing," he added.'], [[(0, 33)]]),
        (['"Within this platform, we reiterated,\u201d he added.'], [[(0, 38)]]),
        (["He said \u201cthe talks failed.", "Officials disagreed."], [[(8, 26)], []]),  # never closed
        (["stray close here,\u201d he said.", "Next."], [[(0, 18)], []]),  # opening mark lost
        (["\u201cA.", "B,\u201d said X."], [[(0, 3)], [(0, 3)]]),
        (["''We lost,'' he said.", "Fine.''"], [[(1, 11)], [(0, 6)]]),  # '' pairs: open, close, close
    ],
)
def test_quoted_pieces_survive_unbalanced_marks(texts, quoted):
    pieces = quoted_pieces(texts)
    assert [[(p.start, p.end) for p in ps] for ps in pieces] == quoted


def test_wholly_quoted():
    text = "\u201cVarnholm had long stopped being important.\u201d"
    assert wholly_quoted(text, quoted_pieces([text])[0])
    scare = "Russia\u2019s \u201cunstoppable\u201d missile"
    assert not wholly_quoted(scare, quoted_pieces([scare])[0])


BERG = {"Anna Berg": (PERSON, "Anna Berg"), "Berg": (PERSON, "Anna Berg")}
UNION = {"Nordic Farmers Union": (ORGANISATION, "Nordic Farmers Union")}


@pytest.mark.parametrize(
    ("text", "names", "expected"),
    [
        # a verb that reports only a clause reports the quotation beside it, or the sentence around it
        ("Anna Berg chairs the board.\n\u201cNot this year,\u201d Berg replied.", BERG,
         [(None, None, None), ("Anna Berg", PERSON, "replied")]),
        ("The harvest, Anna Berg added, would be late.", BERG, [("Anna Berg", PERSON, "added")]),
        # not answering a request for comment is attributed, like declining to comment
        ("Anna Berg did not respond to a request for comment on the new tariff.", BERG,
         [("Anna Berg", PERSON, "respond to a request")]),
        # a statement issued speaks for its issuer
        ("The Nordic Farmers Union issued a statement saying the tariff was unfair.", UNION,
         [("Nordic Farmers Union", ORGANISATION, "issued a statement")]),
        # after a quotation the subject follows the verb, a relative clause after it
        ("\u201cPrices will fall,\u201d said Anna Berg, who chairs the board.", BERG, [("Anna Berg", PERSON, "said")]),
        ("Anna Berg was quick to add that the plan would change.", BERG, [("Anna Berg", PERSON, "add")]),
        # a source that names no single speaker: the cue stays, with no speaker
        ("They said the bridge would reopen in May.", {}, [(None, None, "said")]),
        ("It was revealed on Monday that the bridge would close.", {}, [(None, None, "revealed")]),
        # praise is a statement; so are phrasal verbs of speech ("pointed to", "weighed in", "spoke out")
        ("Anna Berg hailed the vote as a victory for the city.", BERG, [("Anna Berg", PERSON, "hailed")]),
        ("Farm groups pointed to the drought.", {}, [("Farm groups", None, "pointed to")]),
        ("Anna Berg weighed in on the tariff debate.", BERG, [("Anna Berg", PERSON, "weighed in")]),
        ("Several nurses spoke out against the cuts.", {}, [("Several nurses", None, "spoke out")]),
        ("The union charged that the firm had broken the deal.", {}, [("union", None, "charged")]),
        # any verb of a speaker set against a quotation reports it; a quoted label is not a statement
        ("Anna Berg continued, \u201cThe plan is late.\u201d", BERG, [("Anna Berg", PERSON, "continued")]),
        ("\u201cThe road is closed,\u201d Anna Berg shrugged.", BERG, [("Anna Berg", PERSON, "shrugged")]),
        ("The film \u201cStorm Front\u201d opened in May.", {}, [(None, None, None)]),
        # a name written against a colon and a quotation; a name that ends in a verb's spelling
        ('Minister Anna Berg:"We have not seen the report.', BERG, [("Anna Berg", PERSON, ":")]),
        ("Omar Said shot back, \u201cThe council ignored us.\u201d", {"Omar Said": (PERSON, "Omar Said")},
         [("Omar Said", PERSON, "shot back")]),
        # a quoted question with its speaker named is reported speech
        ("Anna Berg asked, \u201cWill the border reopen?\u201d", BERG, [("Anna Berg", PERSON, "asked")]),
        # a quotation marked with '' pairs, continued in the next sentence
        ("''We will see,'' Anna Berg said. ''Not now.''", BERG,
         [("Anna Berg", PERSON, "said"), ("Anna Berg", PERSON, None)]),
    ],
)
def test_cues_beyond_the_subject_of_a_verb(nlp, text, names, expected):
    assert attributions(nlp, text, names) == expected
