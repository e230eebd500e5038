"""Document structure: lines into blocks (headings, paragraphs, boilerplate) and sections.

Works on the decoded text alone, so it is cheap and testable without spaCy; the
one judgement that needs grammar (is a headline a sentence?) takes a callable
that tells whether a line has a finite verb.

How a line is judged, in order:
1. Page furniture (boilerplate): lines that match patterns of web pages rather
   than of any article (app and newsletter adverts, share and comment prompts,
   bylines, timestamps, metadata labels, teasers cut off with "...", link lists
   under a "Recommended stories" header, a line of names between the title and
   the first paragraph, headlines of other articles after the last paragraph, a
   one- or two-word section label (kicker) right over the headline, the issuing
   body's name over a page label or date line, contributed-reporting credits); named rules
   for more (`FURNITURE`: dated lines, with a time and the story's age set apart by slashes
   or with the issuing body, and notes of the text's source, a provisional translation, a
   republished original, a social-media photo credit; `PAGE_FURNITURE`, judged by the lines
   around: a site's footer after the article's copyright line, a dated photo caption beside
   its credit).
   Such lines stay blocks, so nothing is deleted from the source.
2. Headings: by markup (Markdown `#` and underlined headings, HTML `<h1>`-`<h4>`);
   in plain text, by shape: a short line that does not end like a sentence and
   stands over content. The first line (the title) is a heading only when it has
   no finite verb, since a news headline with a verb is a sentence; so is a line
   ending in ":" ("The measures agreed today cover:" leads into a list). A run of
   short lines is a list, not headings, except a numbered heading ("(1) Visit to X") and
   the line right over one ("Opening Remarks"), a briefing's parts; a quote block's "Name, role" attribution
   is a sentence. Where a document has headings of its own, their length sets its
   heading style: a line no longer than them that stands alone between full
   paragraphs is a heading even with a finite verb or as a question, and a link
   list's last line that short is the next heading; without such headings, two or
   more short verb lines standing alone are evidence of each other.
3. Paragraphs: everything else. A copy's hard-wrapped lines (a line that does not
   end a sentence followed by one that starts in lower case) and, in Markdown,
   consecutive lines of one paragraph are joined into one block. List bullets
   are not part of the block's text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from extract.lexicon import words
from extract.records import BOILERPLATE, HEADING, PARAGRAPH, Block, Section
from extract.rules import Rule, RuleTable, note, probe_extraction

_MD_HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*$")
_MD_UNDERLINE = re.compile(r"^(=+|-+)[ \t]*$")
_MD_FENCE = re.compile(r"^(```|~~~)")
_SEPARATOR = re.compile(r"^#{3,}$|^[*_=~\-–—]{3,}$|^([*_\-] ?){3,}$")
_BULLET = re.compile(r"^(?:[*\-•·▪◦‣–]|\d{1,2}[.)])[ \t]+(?=\S)")
_MD_QUOTE = re.compile(r"^(?:>[ \t]?)+")
# A line ends a sentence when its last mark (before closing quotes and brackets) is one of these.
_SENTENCE_END = re.compile(r"[.!?;,…]['\"”’»)\]]*$")
# Cut off mid-sentence: a word followed directly by "..." or "…" at the end of the line.
_TRUNCATED = re.compile(r"\w ?(?:\.\.\.|…)$")
# The end of a paragraph that closes a quotation, and the "Name, role" line that may follow it.
_CLOSES_QUOTE = re.compile(r"[.!?…,]?[\"”’»]\s*$")
# A name is capitalised words, with the lower-case particles of surnames ("Alberto van Klaveren").
_NAME_ROLE = re.compile(
    r"^[A-Z][\w.'’-]*(?:\s+(?:[A-Z][\w.'’-]*|van|von|de|der|den|da|das|do|dos|di|del|della|du|la|le|al|el|bin|ibn))"
    r"{1,4},\s+\S"
)
# A full stop inside the line with a new sentence after it ("... every Thursday. Subscribe now"): a
# heading is one phrase. The stop must follow a lower-case word, so "U.S. Troops" is not one; a question
# mark is let through, as headlines ask and answer ("Who pays? The view from Brussels").
_INNER_SENTENCE_END = re.compile(r"[a-z]{2}\.['\"”’)]*\s+['\"“‘(]*[A-Z0-9]")

# A topic line opened by a bold marker, as the UN's briefing pages mark theirs ("**Security Council",
# "** Haiti"), with or without the closing marker.
_BOLD_HEADING = re.compile(r"^\*\*\s*([^*\s][^*]*?)\s*(?:\*\*)?$")
# A heading numbered in brackets, as ministries number the topics of a briefing ("(2) Visit to Hanoi").
# Also "2. Bilateral Cooperation", when it stands over a full paragraph and in no list (`_numbered_title`).
_NUMBERED_HEADING = re.compile(r"^(?:\((?:\d{1,2}|[a-h]|[ivx]{1,4})\)|\d{1,2}\.)\s+[A-Z]")

MAX_HEADING_WORDS = 12
MAX_HEADING_CHARS = 100
# A heading may hold a finite verb ("Ukraine strikes back") when it is this short;
# a longer verb-bearing line without a full stop is a headline sentence.
MAX_VERB_HEADING_WORDS = 4
# A heading judged by the document's own heading style may be this many words longer
# than the longest heading the document shows by shape alone.
STYLE_HEADING_SLACK = 2
# A lone subhead is this many times shorter than the paragraphs around it.
MIN_PARAGRAPH_RATIO = 3
# A title (the first line) may be longer than a section heading.
MAX_TITLE_WORDS = 30
MAX_TITLE_CHARS = 250
# Page furniture is short; longer lines are never matched against the patterns
# (which also keeps the regular expressions cheap on huge one-line files).
MAX_FURNITURE_CHARS = 300
MAX_FURNITURE_WORDS = 30

_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_DAY = r"(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?"
_TIME = r"(?:\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s*\(?[a-z]{2,5}\)?)?)"
_DATE = (
    rf"(?:\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH},?\s+\d{{4}}|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    rf"|\d{{4}}-\d{{2}}-\d{{2}}|\d{{1,2}}/\d{{1,2}}/\d{{2,4}}|\d{{1,2}}\.\d{{1,2}}\.\d{{4}})"
)

# Page furniture seen around articles on news and government sites. These are
# patterns of the web page, not of any one article: adverts for apps and
# newsletters, share and comment prompts, bylines and credits, timestamps.
_FURNITURE = [
    (re.compile(p, re.IGNORECASE), reason)
    for p, reason in [
        (
            r"\b(download|get|install)\b.{0,60}\b(app|application)\b.{0,60}\b(play store|app store|google play)\b",
            "app advert",
        ),
        (
            r"^(leave|add|post|write|view|show|read|see|load)\s+(the first |the |a |your |all |\d+ )?"
            r"(comments?|repl(y|ies))\b",
            "comment prompt",
        ),
        (
            r"^(what is|what's) your (opinion|view|take)\b|^what do you think\b|^join the (conversation|discussion)\b",
            "comment prompt",
        ),
        (r"^\d+\s+comments?$|^comments?(\s*\(\d+\))?$|^be the first to comment\b", "comment prompt"),
        (r"^(click|tap) here\b", "page widget"),
        (r"^share (this|on|via|the)\b|^share$|^share (article|story|page)$", "share prompt"),
        # Buttons of a page's toolbar, each alone on its line.
        (
            r"^(save|saved|bookmark|print|email|e-mail|tweet|copy link|link copied|whatsapp|facebook|twitter|linkedin|"
            r"telegram|reddit|gift( this)? article|listen|comment|comments|follow)$",
            "page widget",
        ),
        (r"^(is|was) this (page|article) (useful|helpful)\??$", "page widget"),
        (
            r"^follow (us|@\w+)\b|^add .{1,40} on google$"
            r"|^follow [\w .&'’-]{1,40} on (twitter|x|facebook|instagram|linkedin|telegram|whatsapp|youtube|bluesky)\b"
            r"|^join (us|our)\b.{0,40}\b(channel|community|mailing list)\b",
            "share prompt",
        ),
        (
            r"^listen to (this )?(article|story)\b|^\d+\s*min(ute)?s?\s+(read|listen)$|^skip to (main )?content$",
            "page widget",
        ),
        (
            r"^(scroll|continue) (down )?to (continue|read)\b|^story continues below\b|^continue reading\b"
            r"|^keep reading$",
            "page widget",
        ),
        # Navigation of a page, each alone on its line.
        (
            r"^(back to top|jump to|on this page|contents|table of contents|toggle navigation|menu|log ?in|sign in|"
            r"log ?out|sign out|loading\.*|(previous|next) (article|story|post|page)|explore the topic|"
            r"(see all |show all )?updates to this page|(accept|reject)( all)? cookies|manage cookies|"
            r"terms (of use|of service|and conditions)|privacy (policy|notice)|accessibility( statement)?|"
            r"contact us|about us|purchase licensing rights)$",
            "page widget",
        ),
        # Prompts to the reader that are not about the story.
        (
            r"^report an? (error|typo|correction)\b|^(send us|got|have) an? (news )?tip\b|\bsubscribers only\b"
            r"|^already an? (subscriber|member)\b|^support (our|independent) journalism\b",
            "page widget",
        ),
        # A link to a file or to the full text: "Download the full report (PDF, 2 MB)".
        (
            r"\((pdf|docx?|xlsx?|odt|csv)(,\s*[\d.,]+\s*[kmg]i?b)?\)$"
            r"|^(read|see|view|watch|download) the full [\w ]{1,40}\bhere\.?$",
            "page widget",
        ),
        (
            rf"^(last )?(published|updated|posted|first published)(\s+on)?:?\s+(?=(?:{_DAY}\s+)?(\d|{_MONTH}\b|an?\s))"
            rf"[^.!?]{{0,40}}(\d{{4}}|\d{{1,2}}:\d{{2}}|ago)"
            rf"(\s*[,|•·–-]?\s*{_TIME})?(\s+[a-z]{{2,4}})?$",
            "timestamp",
        ),
        (rf"^(?:{_DAY}\s+)?{_DATE}(\s*[,|•·–-]?\s*{_TIME})?$", "timestamp"),
        # A time before the date ("5:40 pm on 12 September 2025", "09:15, 3 March 2025").
        (rf"^{_TIME}\s*(?:on\s+|[,|•·–-]\s*)?(?:{_DAY}\s+)?{_DATE}$", "timestamp"),
        # A breadcrumb trail of the site's navigation ("Home › Press Releases › 2025"): three or
        # more short link texts set apart by arrows, none ending like a sentence.
        (r"^(?-i:[A-Z0-9])[^.!?›»>]{0,39}(?:\s+[›»>]\s+(?-i:[A-Z0-9])[^.!?›»>]{0,39}){2,}$", "breadcrumb"),
        # A publication label followed straight away by a date, with whatever the page adds after it
        # ("Published 16 May 2025 Last updated 17 May 2025 — see all updates").
        (
            rf"^(last |first )?(published|updated|posted|modified)(\s+on)?:?\s+(?:{_DAY}\s+)?(\d{{1,2}}|{_MONTH})\b"
            rf"[^!?]{{0,80}}\d{{4}}[^!?]{{0,60}}$",
            "timestamp",
        ),
        (r"^this (article|story|page) is (more than|over) [\w ]{1,20} old$", "timestamp"),
        (r"^(\d+|an?)\s+(seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?)\s+ago$", "timestamp"),
        (r"^press release\b.{0,40}\d{4}", "timestamp"),
        # Labels of a page's metadata fields, alone on their line ("From:", "Published").
        (
            r"^(press release|news story|published|updated|last updated|first published|posted|date|from|source|tags|"
            r"topics|categories|filed under|part of|location|media enquiries|press enquiries|media contact|"
            r"press contact|newsletter)s?:?$",
            "page label",
        ),
        # A metadata label with its value on one line ("From: Ministry of Defence", "Source: UNHCR").
        (
            r"^(from|source|sources|author|authors|issued by|published by|organisation|department|tags?|topics|"
            r"keywords|filed under|categories|contacts?|media contacts?|press contacts?|media enquiries|location|"
            r"delivered on|published on|issued on|released on|date|document type|type)\s*:"
            r"\s*.{1,80}(?<![.!?])$",
            "page label",
        ),
        # A credit line naming a role: "Berlin correspondent", "Al Jazeera Staff".
        (
            r"^[\w .'’-]{0,40}\b(correspondent|reporter|staff writer|contributor|columnist|bureau chief|news desk)$",
            "byline",
        ),
        (r"^(advertisement|advertisements|sponsored|sponsored content|ad|paid content|promoted)$", "advert"),
        # An advert label run together with its widget's words ("Advertisement · Scroll to continue").
        (
            r"^(advertisement|sponsored( content)?|paid content)\s*[·•|–—-]\s*[a-z ]{1,40}$",
            "advert",
        ),
        # An outlet's paid product and its call to action ("<Outlet> Pro: Get ... Request a demo.").
        (
            r"^[\w .&'’-]{1,40}\b(pro|premium|plus|insider|intelligence)\s*:\s*(get|try|unlock|access|discover)\b"
            r"|(?:^|[.!?]\s+)(request|book|schedule) a (free )?(demo|trial)[.!]?$"
            r"|(?:^|[.!?]\s+)start (your|a) free trial[.!]?$",
            "advert",
        ),
        # A date and time with the page's note of its last update ("... 11:07 AM GMT+9 Updated 3 hours ago").
        (
            rf"^(?:{_DAY}\s+)?{_DATE}\s*[,|•·–-]?\s*{_TIME}?(\s*(gmt|utc)[+-]\d{{1,2}}(:\d{{2}})?)?"
            rf"\s*[,|•·–-]?\s*(last )?updated\b[^.!?]{{0,30}}\bago$",
            "timestamp",
        ),
        # A line with no letters (an end mark such as "- 30 -", a lone number) says nothing.
        (r"^[\W\d_]+$", "separator"),
        (
            r"^(recommended|related|more|more on this|more from [\w ]{1,30}|most (read|viewed|popular|shared)|"
            r"popular|trending|top|latest|read more|read next|see also|further reading|editor'?s picks|"
            r"you (may|might) also like|don'?t miss|suggested|in pictures)"
            r"( stories| story| articles| news| content| links| reading| coverage| topics| videos| topic"
            r"| analysis| analyses| features| reports| opinion| commentary| explainers| insights| posts| podcasts)?:?$",
            "related links",
        ),
        (r"^(read (also|more)|also read|see also|related|more on this|watch)\s*:\s*\S", "related link"),
        (
            r"\bsign up here\b|\bsubscribe\b.{0,60}\bnewsletter\b|\bnewsletter\b.{0,80}\b(sign up|subscribe)\b"
            r"|^sign up\b|^subscribe\b"
            # An advert's call to action closing the line, and its promise of mail.
            r"|(?:^|[.!?]\s+)(subscribe|sign up|register)( now| here| today| for free)?[.!]?$"
            r"|\b(get|receive|delivered|sent|straight)\b.{0,60}\b(to|in|into) your inbox\b",
            "newsletter advert",
        ),
        # Buttons and links of a government page's own tools.
        (
            r"^(get|receive|sign up for) (emails?|e-mails?|email alerts|alerts|updates) (about|on|for) "
            r"this (page|topic)\b"
            r"|^report a (problem|mistake|error) (with|on) this page\b|^help us improve\b",
            "page widget",
        ),
        (r"^\(?(reporting|writing|editing|additional reporting|compiled|produced) by\b|\bediting by\b", "byline"),
        # A colleague's credit closing a wire story: "Jane Doe in Kyiv contributed to this report."
        (
            r"\bcontributed (additional )?(reporting|to (this|the) (report|story|article))\b[^.!?]{0,80}\.?$",
            "byline",
        ),
        (
            r"^(photo|photograph|image|picture|video|file photo|illustration)s?( credit)?\s*:"
            r"|^(image|media|video) (source|caption)\b|^\(?(photo|photograph|picture) by [^.!?]{1,60}\)?$",
            "credits",
        ),
        # Photo captions: a gallery counter or a picture agency's credit.
        (
            r"^item \d+ of \d+\b|^\[\d+/\d+\]|/file photo$|\bvia getty images\)?$|\(ap photo/",
            "caption",
        ),
        # The counters around a list of links ("list 1 of 4", "end of list").
        (r"^list \d+ of \d+$|^end of list$", "related link"),
        (r"^our standards:|^(copyright\s*)?©|^copyright\s+\d{4}|\ball rights reserved\b", "credits"),
        (r", opens new tab$|^learn more about\b", "page widget"),
        (
            r"^(visit|see|go to) the [\w ]{1,30} (page|website|site)$"
            r"|^(print|email|download)( this)?( page| article| pdf)?$",
            "page widget",
        ),
        (_SEPARATOR.pattern, "separator"),
        (r"^[-–—#*\s]*ends[-–—#*\s.]*$", "separator"),
        (r"\b(we use cookies|cookie (policy|settings|preferences))\b", "cookie notice"),
        # The header of an official meeting record: its number and sitting ("1203rd Meeting (AM)"),
        # the session ("Seventy-second General Assembly", "Plenary"), a live-coverage flag.
        (r"^\d+(st|nd|rd|th) meeting(\s*\((am|pm|night|morning|afternoon|evening|resumed)\))?$", "meeting header"),
        (r"^[a-z]+(-[a-z]+)?(st|nd|rd|th) (general assembly|session)$|^plenary( meeting)?$", "meeting header"),
        (r"^(in progress|live now|happening now|live coverage)( at [\w .-]{1,30})?$", "page widget"),
        # A document symbol alone on its line ("SG/SM/1234", "GA/AB/4321-XY/12"): capitals and
        # numbers set apart by slashes, as official bodies number their releases.
        (r"^(?-i:[A-Z]{1,6}(/[A-Z0-9.]{1,12}){1,5}(-[A-Z]{1,6}(/[A-Z0-9.]{1,12}){1,3})?)$", "document symbol"),
        # The desk and place an official release comes from, its parts set apart by bullets or
        # bars ("Office of Information • Press Section • Geneva").
        (r"^[^.!?•|]{2,60}(\s+[•|]\s+[^.!?•|]{2,60}){2,}$", "issuing office"),
        (r"^for (the )?information (of the )?media\b.{0,40}$|^not an official record\.?$", "release note"),
        # A short breadcrumb from the site's home page ("Home > Press Releases").
        (r"^home\s+[›»>]\s+[^.!?›»>]{1,80}$", "breadcrumb"),
        # A government site's note on an archived page ("This was published under the 2001 to 2005
        # Labour government").
        (r"^this (was|page was) published under the \d{4} to \d{4}\b[^.!?]{0,80}\bgovernment\.?$", "archive note"),
        (r"^this (news|article|story|page|post) has been (read|viewed) [\d,.]+ times\b", "page widget"),
        # A republisher's note on where a text first appeared ("The statement issued by the
        # Ministry of Trade on 2 May 2021.").
        (
            r"^the (press release|statement|news release|news story|speech|article|readout) (was )?"
            r"(issued|published|released|made|delivered) by [^.!?]{1,80} on [^.!?]{1,30}\d{4}\.?$",
            "credits",
        ),
    ]
]
# "By Jane Doe", "By Jane Doe and John Roe": a byline is names only, so it is matched
# case-sensitively (names are capitalised) and only on a short line.
_BY_LINE = re.compile(
    r"^By\s+[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}(?:\s*(?:,|and|&)\s*[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3})*$"
)
# A news agency's photo credit closing a caption ("... REUTERS/Maxim Shemetov"); matched
# case-sensitively so that "a Reuters/Ipsos poll" in a sentence is not taken for one.
_PHOTO_CREDIT = re.compile(
    r"\b(?:AFP|REUTERS|AP|EPA)/[A-Z][\w'’-]*(?: [A-Z][\w'’-]*)*(?:/(?:File Photo|Pool))*$"
    # An organisation's own photo credit, alone on its line: "UN Photo/Jane Doe".
    r"|^(?:[A-Z][\w-]* )?Photo/[A-Z][\w'’-]*(?: [A-Z][\w'’-]*){0,3}$"
    # A handout picture: its source, then the agency that carried it ("Harbour Authority/Handout via REUTERS").
    r"|(?:/Handout|\bHandout)\b.{0,40}\bvia (?:REUTERS|AFP|AP|EPA|ANADOLU)$"
)
_DATELINE_REASONS = {"timestamp", "byline", "page label"}
_DATELINE_SEPARATOR = re.compile(r"\s+[–—|-]\s+")
_DATE_ONLY = re.compile(rf"^(?:{_DAY}\s+)?{_DATE}$", re.IGNORECASE)
# A line of names only: two to five capitalised words, with the small words of names
# and of bodies' names between them ("Amina Yusuf", "UN News", "Council of the EU").
_NAME_LINE = re.compile(
    r"^[A-Z][\w.'’&-]*(?:\s+(?:of|the|and|for|&|van|von|de|der|da|di|del|al|el|bin))*"
    r"(?:\s+[A-Z][\w.'’&-]*(?:\s+(?:of|the|and|for|&|van|von|de|der|da|di|del|al|el|bin))*){1,4}$"
)
# An issuing body's name over a press release, its parts set apart by commas
# ("Ministry of Foreign Affairs, Government of Ruritania", "Office of the President, Republic of X").
_NAME_PART = r"[A-Z][\w.'’&-]*(?:\s+(?:(?:of|the|and|for|&)\s+)*[A-Z][\w.'’&-]*){0,5}"
_PUBLISHER_LINE = re.compile(rf"^{_NAME_PART}(?:,\s+{_NAME_PART}){{0,2}}$")
# A kicker (section label) over a headline is one or two words; the headline under it is longer.
MAX_KICKER_WORDS = 2
MIN_HEADLINE_WORDS = 5
# A title this long in sentence case is a headline written as a sentence.
MIN_SENTENCE_HEADLINE_WORDS = 8
_KICKER_JOIN = re.compile(r"\s+[·|›»/]\s+")
# Link texts of a page widget run together when the page is copied as text
# ("... for harbour and ferry operatorsLearn more aboutPortdesk"): a word
# glued to the capitalised word after it, twice in one line.
_GLUED_WORDS = re.compile(r"[a-z]{4,}[A-Z][a-z]")


def _mark_bold_headings(spans: list[tuple[int, int]], lines: list[str], kinds: list[str], levels: list[int],
                        offsets: list[tuple[int, int]]) -> None:
    """Topic lines opened by a bold marker are headings, their text without the marks (after the
    other headings are found: the marks are a plain-text copy's, not the document's markup)."""
    for i, line in enumerate(lines):
        bold = _BOLD_HEADING.match(line)
        if kinds[i] == BOILERPLATE or bold is None:
            continue
        if len(bold.group(1).split()) > MAX_HEADING_WORDS or ends_sentence(bold.group(1)):
            continue
        kinds[i], levels[i] = HEADING, levels[i] or 2
        offsets[i] = (spans[i][0] + bold.start(1), spans[i][0] + bold.end(1))


def _lines(text: str) -> list[tuple[int, int]]:
    """Offsets of the stripped, non-empty lines of `text`."""
    spans = []
    pos = 0
    for raw in text.split("\n"):
        start, end = pos, pos + len(raw)
        pos = end + 1
        stripped = raw.strip()
        if stripped:
            lead = len(raw) - len(raw.lstrip())
            spans.append((start + lead, start + lead + len(stripped)))
    return spans


_DATE_PARTS = re.compile(
    rf"^(?:{_DAY}\s+)?{_DATE}(?:\s*/\s*(?:{_TIME}|(?:\d+|an?)\s+(?:seconds?|minutes?|hours?|days?|weeks?|months?|years?)"
    rf"\s+ago)){{1,3}}$",
    re.IGNORECASE,
)
# A body's name after a date and time ("..., 11:00 a.m. Ministry of Trade"): capitalised words and
# the small words of names, nothing that ends a sentence.
_DATED_ISSUER = re.compile(
    rf"^(?:{_DAY}\s+)?{_DATE},?\s+(?:{_TIME}\s+)?(?-i:[A-Z][\w.'’-]*)(?:\s+(?:(?-i:[A-Z][\w.'’-]*)|of|the|for|and|on))"
    rf"{{0,8}}$",
    re.IGNORECASE,
)


def _social_credit(line: str) -> str | None:
    return "credits" if re.fullmatch(
        r"@\w{2,30}\s*/\s*(?:twitter|x|facebook|instagram|telegram|youtube|tiktok)", line, re.IGNORECASE) else None


# Furniture by rule: page lines that the patterns above do not describe, each a named rule
# with an invented example of the line it exists for (tests run each on its example).
def _dated_line(line: str) -> str | None:
    """A date with its time and the story's age set apart by slashes, or a date and time with
    the issuing body's name: the page's dating of the text, not a sentence of it."""
    if _DATE_PARTS.match(line) or (_DATED_ISSUER.match(line) and not ends_sentence(line)):
        return "timestamp"
    return None


_TRANSLATION_NOTE = re.compile(
    r"^(?:this is an? |the following is an? )?(?:provisional|unofficial|informal) (?:english )?translation\b",
    re.IGNORECASE)
_ORIGINAL_NOTE = re.compile(r"^read the (?:original|full) (?:article|story|statement) (?:on|at)\b", re.IGNORECASE)


def _source_note(line: str) -> str | None:
    """A note of where the text or its picture comes from: a provisional translation, the
    original a republished release links to, the social-media account a photo is taken from."""
    if _TRANSLATION_NOTE.match(line):
        return "release note"
    if _ORIGINAL_NOTE.match(line):
        return "credits"
    return _social_credit(line)


# The banner government sites put over every page (the US federal sites' ".gov" notice, the EU's
# "An official website of the European Union"): about the site, never the text.
_SITE_BANNER = re.compile(
    r"^an official website of\b|^official websites use\b|\bsecure \.gov websites\b|\ba \.gov website belongs\b"
    r"|^here'?s how you know$|\bmeans you[’']?ve safely connected\b|^share sensitive information only on official\b",
    re.IGNORECASE)


def _site_banner(line: str) -> str | None:
    return "site banner" if _SITE_BANNER.search(line) else None


# A line that is only a time of day, or a date and a time: when the page was posted ("1:05 p.m. EDT").
_TIME_LINE = re.compile(
    rf"^(?:{_DAY}\s+)?(?:{_DATE},?\s+)?(?:at\s+)?\d{{1,2}}[:.]\d{{2}}(?:\s*[ap]\.?m\.?)?"
    rf"(?:\s*\(?(?-i:[A-Z]{{2,5}})\)?)?$",
    re.IGNORECASE)
# A date with the kind of page it heads ("02.03.2021 - Press release").
_DATED_PAGE_LABEL = re.compile(
    rf"^{_DATE}\s*[-–—|]\s*(?:press release|news release|statement|news|article|interview|"
    rf"speech|readout|joint statement)$",
    re.IGNORECASE)
# When the page was last changed ("Last updated: 03/05/2021"), with what a copy leaves before it.
_UPDATED_STAMP = re.compile(
    rf"^\W*(?:last )?(?:updated|modified|published|posted)\s*(?:on)?\s*:?\s*{_DATE}",
    re.IGNORECASE)


def _page_time(line: str) -> str | None:
    """A time, a date with its page's kind, or a last-updated stamp alone on its line."""
    if _TIME_LINE.match(line) or _DATED_PAGE_LABEL.match(line) or _UPDATED_STAMP.match(line):
        return "timestamp"
    return None


# Prompts to register or to be notified, which sites put between paragraphs.
_SIGN_UP = re.compile(
    r"^(?:register|sign up|subscribe)(?: now| today| here)?\b.{0,40}\b(?:free|access|newsletter|account)\b[^.!?]{0,40}$"
    r"|^get the latest (?:news|updates|headlines)\b[^.!?]{0,60}$",
    re.IGNORECASE)


def _sign_up_prompt(line: str) -> str | None:
    return "newsletter advert" if _SIGN_UP.match(line) else None


# Furniture by rule: page lines that the patterns above do not describe, each a named rule
# with an invented example of the line it exists for (tests run each on its example).
FURNITURE: RuleTable[str] = RuleTable("furniture", [
    Rule("dated_line", "April 2, 2021 / 9:15 AM / 3 years ago", _dated_line,
         why="wire pages date a story with its time and age set apart by slashes; ministries head a "
             "transcript with its date, time and issuing body on one line"),
    Rule("source_note", "This is a provisional translation for reference only.", _source_note,
         why="ministries mark their English transcripts as provisional translations, aggregators link "
             "to the original, photos are credited by an account's handle"),
    Rule("site_banner", "An official website of the Republic of Ruritania", _site_banner,
         why="government sites head every page with a banner saying the site is official and secure"),
    Rule("page_time", "3:45 p.m. CET", _page_time,
         why="briefing transcripts and releases carry the time they were posted, or a dated page label, "
             "alone on a line"),
    Rule("sign_up_prompt", "Register now for free access to all our reports", _sign_up_prompt,
         why="news sites break the article with prompts to register or to get notified"),
], probe=probe_extraction)


_COPYRIGHT = re.compile(r"^(?:copyright\s*)?©|^copyright\s+\d{4}|\ball rights reserved\b", re.IGNORECASE)
# The site's footer after the article's copyright line is short: a longer run is more content.
MAX_FOOTER_LINES = 6
_ENDS_WITH_DATE = re.compile(rf"\b(?:on\s+)?{_DATE}\.?$", re.IGNORECASE)


def _site_footer(lines: list[str], kinds: list[str], reasons: list[str]) -> list[tuple[int, str]]:
    """The lines after the copyright line that closes an article: the site's own footer."""
    marks = [i for i in range(len(lines)) if kinds[i] == BOILERPLATE and _COPYRIGHT.search(lines[i])]
    if not marks:
        return []
    last = marks[-1]
    after = [k for k in range(last + 1, len(lines)) if kinds[k] == PARAGRAPH and lines[k].strip()]
    if not after or len(after) > MAX_FOOTER_LINES or last < len(lines) // 2:
        return []
    return [(k, "site footer") for k in after]


# A photo caption is one sentence, often cut where the page's layout cut it.
MAX_CAPTION_WORDS = 40


def _dated_caption(lines: list[str], kinds: list[str], reasons: list[str]) -> list[tuple[int, str]]:
    """The photo's caption beside its credit: a one-sentence line ending in a full date beside a
    credit line, or any one-sentence line right over a news agency's photo credit."""
    out = []
    for i, line in enumerate(lines):
        line = line.strip()
        if kinds[i] != PARAGRAPH or _INNER_SENTENCE_END.search(line) or len(line.split()) > MAX_CAPTION_WORDS:
            continue
        beside = [k for k in (i - 1, i + 1) if 0 <= k < len(lines)]
        if _ENDS_WITH_DATE.search(line) and any(
                reasons[k] in ("credits", "caption") and not _COPYRIGHT.search(lines[k]) for k in beside):
            out.append((i, "caption"))
        elif i + 1 < len(lines) and reasons[i + 1] in ("credits", "caption") and _PHOTO_CREDIT.search(
                lines[i + 1].strip()):
            out.append((i, "caption"))
    return out


# Furniture shown by the lines around it, each rule given the document's lines, kinds and reasons.
PAGE_FURNITURE: RuleTable[list[tuple[int, str]]] = RuleTable("page_furniture", [
    Rule("around_the_article", "@HarbourPolice / Twitter\n\nOfficers inspect the damaged pier in Port Lira on May 3, "
         "2021.\n\nThe port reopened on Monday after the storm.\n\nCopyright © 2024 Harbour News. All "
         "rights reserved.\n\nHarbour News publishes reports from partners across the region.",
         lambda lines, kinds, reasons: _site_footer(lines, kinds, reasons) + _dated_caption(lines, kinds, reasons),
         why="a site's own notes after the article's copyright line, a photo's caption beside its credit"),
], probe=probe_extraction)


def boilerplate_reason(line: str) -> str:
    """Why a line is page furniture, or "" when it is not."""
    line = line.strip()
    if len(line) > MAX_FURNITURE_CHARS or len(line.split()) > MAX_FURNITURE_WORDS:
        return ""
    for pattern, reason in _FURNITURE:
        if pattern.search(line):
            return reason
    decided = FURNITURE.first(line)
    if decided is not None:
        return decided[1]
    if _language_switcher(line):
        return "language switcher"
    if _BY_LINE.match(line) and len(line.split()) <= 12:
        return "byline"
    if _is_dateline(line):
        return "timestamp"
    if _PHOTO_CREDIT.search(line):
        return "caption"
    if len(_GLUED_WORDS.findall(line)) >= 2 and not ends_sentence(line):
        return "page widget"
    return ""


def _language_switcher(line: str) -> bool:
    """A site's links to its other languages: two or more languages named in their own words
    ("Français Español 中文"), on a short line with nothing that ends a sentence."""
    names = words("language_name")
    tokens = line.replace("|", " ").replace("/", " ").split()
    if len(tokens) > 10 or ends_sentence(line):
        return False
    return sum(t in names for t in tokens) >= 2


def _normalised(line: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", line.casefold()).split())


_FULL_STOP = re.compile(r"[.!?…]['\"”’»)\]]*\s*$")
# A broken copy is at least this long, so that a short label that starts a headline stays.
MIN_BROKEN_COPY_CHARS = 20


def _mark_broken_copies(lines: list[str], kinds: list[str], reasons: list[str]) -> None:
    """A headline that the page repeats broken over several lines ("PRICES RISE" / "IN THE NORTH,"
    after "PRICES RISE IN THE NORTH, MINISTRY SAYS"): lines that together start another,
    longer line of the document are its broken copy, furniture like the page's other headers."""
    n = len(lines)
    norms = [_normalised(line) for line in lines]
    for i in range(n):
        short = len(norms[i]) >= MIN_BROKEN_COPY_CHARS and len(lines[i].split()) <= MAX_HEADING_WORDS
        if kinds[i] == BOILERPLATE or not short or _FULL_STOP.search(lines[i]):
            continue
        # The whole copy is a headline: no longer than a title, and no full stop at its end.
        whole = next((k for k in range(n) if k != i and len(norms[k]) > len(norms[i])
                      and norms[k].startswith(norms[i] + " ") and not _FULL_STOP.search(lines[k])
                      and len(lines[k].split()) <= MAX_TITLE_WORDS), None)
        if whole is None:
            continue
        run, j = norms[i], i
        while j + 1 < n and j + 1 != whole and norms[j + 1] and norms[whole].startswith(run + " " + norms[j + 1]):
            j += 1
            run += " " + norms[j]
        for k in range(i, j + 1):
            kinds[k], reasons[k] = BOILERPLATE, "repeated headline"


def _is_dateline(line: str) -> bool:
    """A release's date-and-place line: a date and names only, set apart by dashes or bars.

    "10 May 2025 – Geneva, Switzerland – Ministry of Health": every part but the date is a
    capitalised name (a place, the issuing body), so the line says nothing of its own.
    """
    parts = _DATELINE_SEPARATOR.split(line.strip())
    if len(parts) < 2:
        return False
    dates = [p for p in parts if _DATE_ONLY.match(p)]
    names = [p for p in parts if not _DATE_ONLY.match(p)]
    return len(dates) == 1 and all(_PUBLISHER_LINE.match(p) for p in names)


def ends_sentence(line: str) -> bool:
    """Whether a line ends like a sentence (or a clause that runs on)."""
    return bool(_SENTENCE_END.search(line.rstrip()))


def is_truncated(line: str) -> bool:
    """A line cut off mid-sentence with "..." (a teaser of another article)."""
    return bool(_TRUNCATED.search(line.rstrip())) and len(line.split()) > 8


# A transcript's turn opened by its label: a turn word or a name in capitals, then the words said in
# ordinary case ("QUESTION: Is the port open?", "MS BERG: It is."): a turn, never a heading.
_TURN = re.compile(r"^(?:Q|A|QUESTION|ANSWER|[A-Z][A-Z.'’ -]{1,40}[A-Z.]):\s+\S.*[a-z]")


def is_heading_shaped(line: str, *, max_words: int = MAX_HEADING_WORDS, max_chars: int = MAX_HEADING_CHARS) -> bool:
    """A short line that does not end like a sentence and starts like a name or a number."""
    line = line.strip()
    words = line.split()
    if not words or len(line) > max_chars or len(words) > max_words or (
            _BULLET.match(line) and not _NUMBERED_HEADING.match(line)) or _TURN.match(line):
        return False
    if ends_sentence(line) or is_truncated(line) or _INNER_SENTENCE_END.search(line):
        return False
    # A plain-text copy may keep the page's emphasis marks around a subhead ("**Exports").
    first = line.lstrip("'\"‘“«([*_")[:1]
    return first.isupper() or first.isdigit()


def _link_shaped(line: str) -> bool:
    """A line that could be the text of a link to another article: a headline, possibly a question."""
    line = line.rstrip()
    return len(line.split()) <= 20 and (not ends_sentence(line) or line.endswith("?"))


def _is_attribution(line: str, previous: str | None) -> bool:
    """A quote block's attribution: "Name, role" on the line after a paragraph that ends a quotation."""
    if previous is None or not _CLOSES_QUOTE.search(previous):
        return False
    return bool(_NAME_ROLE.match(line.strip()))


def _shortest_of_run(lines: list[str], reasons: list[str], i: int) -> bool:
    """Whether link line `i` follows other links of its run, all of them longer (other articles' headlines)."""
    j = i
    while j > 0 and reasons[j - 1] == "related link":
        j -= 1
    others = [len(lines[k].split()) for k in range(j, i)]
    return bool(others) and len(lines[i].split()) < min(others)


def _styled_heading_shape(line: str) -> bool:
    """Heading-shaped, or a short question that is not a quotation ("Who pays for the rebuild?")."""
    line = line.strip()
    if line.endswith("?") and line[:1] not in "'\"‘“«":
        line = line[:-1]
    return is_heading_shaped(line)


def _is_lead_in(line: str) -> bool:
    """A line ending in a colon: a label ("Key points:") or a sentence leading into a list."""
    return line.rstrip().endswith(":")


def split_blocks(
    text: str,
    kind: str = "text",
    markup_headings: Sequence[tuple[int, int, int]] = (),
    has_finite_verb: Callable[[str], bool] = lambda line: False,
    markup_furniture: Sequence[tuple[int, int, str]] = (),
    guess_article_bounds: bool = True,
) -> list[Block]:
    """Split a document into heading, paragraph and boilerplate blocks.

    `kind` is "text", "markdown" or "html"; `markup_headings` are (start, end,
    level) of headings known from HTML markup, `markup_furniture` (start, end,
    reason) of page regions known from markup to be furniture (navigation,
    footers, share bars). `guess_article_bounds` is False when the reader already
    knows where the document's own text starts and ends (an article a main-text
    extractor found, a PDF or Word file): the furniture judged by position alone,
    over the headline and after the last paragraph, is then left as text.
    """
    spans = _lines(text)
    lines = [text[a:b] for a, b in spans]
    n = len(lines)
    kinds = [PARAGRAPH] * n
    levels = [0] * n
    reasons = [""] * n
    offsets = list(spans)
    bullet = [False] * n

    _mark_markup(text, kind, spans, lines, kinds, levels, reasons, offsets, bullet, markup_headings, markup_furniture)
    _mark_furniture(lines, kinds, reasons, bullet, guess_article_bounds)
    _mark_broken_copies(lines, kinds, reasons)
    has_markup_headings = any(k == HEADING for k in kinds)
    if not has_markup_headings:
        _mark_plain_headings(lines, kinds, levels, reasons, bullet, has_finite_verb)
    _mark_bold_headings(spans, lines, kinds, levels, offsets)

    blocks: list[Block] = []
    i = 0
    while i < n:
        start, end = offsets[i]
        j = i
        if kinds[i] == PARAGRAPH:
            while (
                j + 1 < n
                and kinds[j + 1] == PARAGRAPH
                and _continues(text, kind, lines[j], lines[j + 1], offsets[j][1], offsets[j + 1][0], bullet[j + 1])
            ):
                j += 1
            end = offsets[j][1]
        blocks.append(
            Block(
                index=len(blocks),
                kind=kinds[i],
                start=start,
                end=end,
                text=text[start:end],
                level=levels[i],
                reason=reasons[i],
            )
        )
        i = j + 1
    return blocks


def _mark_markup(
    text, kind, spans, lines, kinds, levels, reasons, offsets, bullet, markup_headings, markup_furniture
) -> None:
    """Headings and furniture known from markup; list bullets and Markdown quote marks taken off."""
    known = {start: level for start, _end, level in markup_headings}
    furniture = sorted(markup_furniture)
    in_fence = False
    for i, line in enumerate(lines):
        start, end = spans[i]
        if kind == "markdown":
            if _MD_FENCE.match(line):
                in_fence = not in_fence
                kinds[i], reasons[i] = BOILERPLATE, "code"
                continue
            if in_fence:
                kinds[i], reasons[i] = BOILERPLATE, "code"
                continue
            m = _MD_HEADING.match(line)
            if m:
                kinds[i], levels[i] = HEADING, len(m.group(1))
                offsets[i] = (start + m.start(2), start + m.end(2))
                continue
            if (
                i + 1 < len(lines)
                and _MD_UNDERLINE.match(lines[i + 1])
                and text.count("\n", end, spans[i + 1][0]) == 1
                and kinds[i] == PARAGRAPH
                and not _BULLET.match(line)
            ):
                kinds[i], levels[i] = HEADING, 1 if lines[i + 1].startswith("=") else 2
                continue
            quote = _MD_QUOTE.match(line)
            if quote:
                start += quote.end()
                line = text[start:end]
        if start in known:
            kinds[i], levels[i] = HEADING, known[start]
            continue
        reason = next((r for a, b, r in furniture if a <= start and end <= b), "")
        if reason:
            kinds[i], reasons[i] = BOILERPLATE, reason
            continue
        if _SEPARATOR.match(line):
            continue  # "* * *" is a separator, not a bullet; furniture marks it
        m = _BULLET.match(line)
        if m and not _numbered_title(lines, bullet, i):
            bullet[i] = True
            start += m.end()
        offsets[i] = (start, end)
        lines[i] = text[start:end]


def _numbered_title(lines: list[str], bullet: list[bool], i: int) -> bool:
    """ "2. Bilateral Cooperation" over a full paragraph: a numbered heading of a release's parts, kept
    with its number, not a list item. The line before it must not be a short item of a list."""
    line = lines[i]
    if not _NUMBERED_HEADING.match(line) or ends_sentence(line):  # a "-" or "*" bullet is never one
        return False
    if len(line.split()) > MAX_HEADING_WORDS or i + 1 >= len(lines):
        return False
    after = lines[i + 1]
    if not ends_sentence(after) or len(after.split()) < 8:
        return False
    return not (i > 0 and bullet[i - 1] and not ends_sentence(lines[i - 1]))


def _mark_furniture(
    lines: list[str], kinds: list[str], reasons: list[str], bullet: list[bool], guess_article_bounds: bool = True
) -> None:
    n = len(lines)

    def mark(i: int, reason: str) -> None:
        kinds[i], reasons[i] = BOILERPLATE, reason

    for i, line in enumerate(lines):
        if kinds[i] != PARAGRAPH:
            continue
        reason = boilerplate_reason(line)
        if reason:
            mark(i, reason)
        elif is_truncated(line) and not bullet[i]:
            # A teaser cut off with "...": the line and the headline just above it.
            mark(i, "teaser")
            if i > 0 and kinds[i - 1] == PARAGRAPH and is_heading_shaped(lines[i - 1], max_words=MAX_TITLE_WORDS):
                mark(i - 1, "teaser headline")

    for rule in PAGE_FURNITURE.active():
        if not isinstance(rule, Rule):
            continue
        marked = rule.decide(lines, kinds, reasons)
        if marked:
            note(PAGE_FURNITURE.qualified(rule))
            for i, reason in marked:
                mark(i, reason)

    # Headline-shaped lines right under a "Recommended stories" header are links to other articles.
    for i in range(n):
        if reasons[i] != "related links":
            continue
        j = i + 1
        while j < n and kinds[j] == PARAGRAPH and _link_shaped(lines[j]):
            mark(j, "related link")
            j += 1

    # An author or publisher line beside a date or credit line ("Council of the EU" over
    # "Press release 20 May 2025", "Jessica Parker" over "Berlin correspondent"); the
    # first line is the title, not a byline. Runs both ways so a pair of such lines is caught.
    for order in (range(1, n), range(n - 1, 0, -1)):
        for i in order:
            if kinds[i] != PARAGRAPH or bullet[i] or not is_heading_shaped(lines[i]) or len(lines[i].split()) > 6:
                continue
            if reasons[i - 1] in _DATELINE_REASONS or (i + 1 < n and reasons[i + 1] in _DATELINE_REASONS):
                mark(i, "byline")
    if not guess_article_bounds:
        return
    _mark_masthead(lines, kinds, reasons, bullet, mark)
    content = [i for i in range(n) if kinds[i] == PARAGRAPH and ends_sentence(lines[i])]
    if not content:
        return
    # Between the title and the first paragraph stand the article's byline and outlet
    # ("UN News", "Amina Yusuf"): a short line of names there names no section.
    title = next((i for i in range(n) if kinds[i] == PARAGRAPH), n)
    for i in range(title + 1, content[0]):
        if kinds[i] != PARAGRAPH or bullet[i] or _over_numbered(lines, kinds, i):
            continue
        if _NAME_LINE.match(lines[i]):
            mark(i, "byline")
    # Headline-shaped lines after the last content paragraph are teasers of other articles.
    for i in range(content[-1] + 1, n):
        if kinds[i] == PARAGRAPH and not bullet[i]:
            mark(i, "trailing teaser")


def _headline_shaped(line: str) -> bool:
    """A line that may be a headline: no longer than a title, not a full sentence (a question may be)."""
    line = line.strip()
    if line.endswith("?"):
        line = line[:-1]
    return is_heading_shaped(line, max_words=MAX_TITLE_WORDS, max_chars=MAX_TITLE_CHARS)


def _over_numbered(lines: list[str], kinds: list[str], i: int) -> bool:
    """The next line that is not furniture is a numbered heading: line `i` heads a list of parts
    ("Opening Remarks" over "(1) ..."), it is no byline."""
    k = next((k for k in range(i + 1, len(lines)) if kinds[k] != BOILERPLATE), None)
    return k is not None and bool(_NUMBERED_HEADING.match(lines[k]))


def _mark_masthead(
    lines: list[str], kinds: list[str], reasons: list[str], bullet: list[bool], mark: Callable[[int, str], None]
) -> None:
    """Furniture over the headline: a section label (kicker) or the name of the body that issues the page.

    A kicker ("Analysis", "Americas") is one or two words right over a longer
    headline-shaped line; an issuing body's name ("Ministry of ..., Government of ...")
    stands over a page label or date line with a title still to come under it. Either
    way the headline or title below is the document's first line of its own.
    """
    n = len(lines)
    top = next((i for i in range(n) if kinds[i] != BOILERPLATE), None)
    if top is None or kinds[top] != PARAGRAPH or bullet[top] or top + 1 >= n:
        return
    line = lines[top]
    below = top + 1
    # Kickers may be stacked ("Conflicts" over "Middle East"): every label line of the run
    # at the top goes when the run ends at a longer headline-shaped line.
    end = top
    while end < n and kinds[end] == PARAGRAPH and not bullet[end] and _is_kicker(lines[end]):
        end += 1
    if (
        end > top
        and end < n
        and kinds[end] in (PARAGRAPH, HEADING)
        and not bullet[end]
        and _headline_shaped(lines[end])
        and len(lines[end].split()) >= MIN_HEADLINE_WORDS
    ):
        for k in range(top, end):
            mark(k, "section label")
        return
    # The issuing body's name stands over a date or page label, or over the site's breadcrumb trail.
    if not _PUBLISHER_LINE.match(line) or reasons[below] not in _DATELINE_REASONS | {"breadcrumb"}:
        return
    title = next((k for k in range(below, n) if kinds[k] != BOILERPLATE), None)
    if title is not None and not bullet[title] and _headline_shaped(lines[title]):
        mark(top, "publisher")


def _sentence_case_headline(line: str) -> bool:
    """A long title in sentence case ("Pacific leaders back ocean finance push in Honiara"): a news headline.

    A label-style title capitalises its words ("Sanctioning Malian Junta Officials for ...");
    a headline written as a sentence capitalises only its first word and names, even where
    the tagger misses its verb.
    """
    words = [w for w in line.split()[1:] if w[:1].isalpha()]
    if len(words) < MIN_SENTENCE_HEADLINE_WORDS:
        return False
    capitalised = sum(1 for w in words if w[:1].isupper())
    return capitalised * 3 <= len(words)


def _is_kicker(line: str) -> bool:
    """A section label: one to `MAX_KICKER_WORDS` words, or a trail of labels joined by "·", "|", "›" or "/"."""
    parts = [p for p in _KICKER_JOIN.split(line.strip()) if p]
    if len(parts) > 1:
        return all(is_heading_shaped(p) and len(p.split()) <= MAX_KICKER_WORDS for p in parts)
    return len(line.split()) <= MAX_KICKER_WORDS and is_heading_shaped(line)


def _mark_plain_headings(lines, kinds, levels, reasons, bullet, has_finite_verb) -> None:
    """Headings of text without heading markup, judged by the shape of the line and its neighbours."""
    n = len(lines)
    following: list[int | None] = [None] * n  # index of the next line that is not furniture
    nxt = None
    for i in range(n - 1, -1, -1):
        following[i] = nxt
        if kinds[i] != BOILERPLATE:
            nxt = i
    preceding: list[int | None] = [None] * n  # index of the previous line that is not furniture
    prev = None
    for i in range(n):
        preceding[i] = prev
        if kinds[i] != BOILERPLATE:
            prev = i
    title = next((i for i in range(n) if kinds[i] != BOILERPLATE), None)

    # A quote block's attribution line is a sentence of its own, neither heading nor list item.
    attribution = [
        kinds[i] == PARAGRAPH and preceding[i] is not None and _is_attribution(lines[i], lines[preceding[i]])
        for i in range(n)
    ]

    def list_item(k: int | None) -> bool:
        return (
            k is not None
            and not bullet[k]
            and not attribution[k]
            and is_heading_shaped(lines[k])
            and not _is_lead_in(lines[k])
        )

    def in_list(k: int) -> bool:
        """A short line with a lead-in or another short line before it: a list takes two items or a label."""
        p = preceding[k]
        return p is not None and p != title and (list_item(p) or _is_lead_in(lines[p]))

    def over_content(i: int, lead_in: bool) -> bool:
        k = following[i]
        if k is None or kinds[k] != PARAGRAPH:
            return False
        # The last item of a list stands over content too, but is no heading; a label ending
        # in ":" may stand over a list. One short line alone (a quote's attribution, a
        # caption) before this one makes no list.
        p = preceding[i]
        if p is not None and p != title and list_item(p) and in_list(p) and not lead_in:
            return False
        return lead_in or bullet[k] or not list_item(k) or heads_numbered(k)

    def heads_numbered(k: int) -> bool:
        """A numbered heading ("(1) Visit to Hanoi"), or a short line right over one ("Opening
        Remarks" over "(1) ..."): a transcript's or a release's parts, each a heading of its own."""
        if _NUMBERED_HEADING.match(lines[k]):
            return True
        after = following[k]
        return after is not None and kinds[after] == PARAGRAPH and bool(_NUMBERED_HEADING.match(lines[after]))

    def full_paragraph(k: int | None) -> bool:
        return k is not None and kinds[k] == PARAGRAPH and not bullet[k] and ends_sentence(lines[k])

    body_level = 1
    for i in range(n):
        line = lines[i]
        if kinds[i] != PARAGRAPH or bullet[i] or attribution[i]:
            continue
        lead_in = _is_lead_in(line)
        if i == title:
            # A headline with a finite verb is the first sentence; a title without one names the document.
            if (
                is_heading_shaped(line, max_words=MAX_TITLE_WORDS, max_chars=MAX_TITLE_CHARS)
                and over_content(i, lead_in)
                and not has_finite_verb(line)
                and not _sentence_case_headline(line)
            ):
                kinds[i], levels[i] = HEADING, 1
                body_level = 2
            continue
        if not is_heading_shaped(line) or not over_content(i, lead_in):
            continue
        short = len(line.split()) <= MAX_VERB_HEADING_WORDS and not lead_in
        if short or not has_finite_verb(line):
            kinds[i], levels[i] = HEADING, body_level

    # A document's own headings are evidence of its heading style. Where it has some, a
    # line as short as they are that stands alone between full paragraphs is a heading
    # too, even with a finite verb ("Sudan's war drives the rise") or as a question,
    # with its mark or without; so is the last line of a run of links when it is that
    # short, shorter than the links before it, and content follows it directly: a list
    # of other articles' headlines ends at the document's next heading. Where it has
    # none, two or more such lines (not questions), each as short as a heading with a
    # verb may be, are evidence of each other.
    body = [i for i in range(n) if kinds[i] == HEADING and i != title and not _is_lead_in(lines[i])]
    longest = max((len(lines[i].split()) for i in body), default=0)
    limit = max(longest, MAX_VERB_HEADING_WORDS) + STYLE_HEADING_SLACK
    candidates = []
    for i in range(n):
        if i == title or bullet[i] or attribution[i] or _is_lead_in(lines[i]) or len(lines[i].split()) > limit:
            continue
        if kinds[i] == PARAGRAPH:
            k = following[i]
        elif (
            reasons[i] == "related link"
            and i + 1 < n
            and kinds[i + 1] == PARAGRAPH
            and _shortest_of_run(lines, reasons, i)
        ):
            k = i + 1
        else:
            continue
        if _styled_heading_shape(lines[i]) and full_paragraph(preceding[i]) and full_paragraph(k):
            candidates.append(i)
    if not body:
        # Questions with their mark are left out here: an interview's questions stand alone too.
        candidates = [i for i in candidates if not lines[i].rstrip().endswith("?")]
        # One such line alone is a heading when it is no longer than a heading with a verb may be
        # and far shorter than the paragraphs on both sides: a subhead of a short article.
        if len(candidates) == 1:
            i = candidates[0]
            words = len(lines[i].split())
            neighbours = [len(lines[k].split()) for k in (preceding[i], following[i]) if k is not None]
            if words > limit or not all(w >= MIN_PARAGRAPH_RATIO * words for w in neighbours):
                return
        elif len(candidates) < 2:
            return
    # Questions the document already sets alone as headings show that it heads its sections
    # with questions: another question standing alone between full paragraphs is one too,
    # however long, up to a heading's length.
    if body and any(lines[i].rstrip().endswith("?") for i in candidates):
        for i in range(n):
            line = lines[i].rstrip()
            if (
                i in candidates
                or kinds[i] != PARAGRAPH
                or i == title
                or bullet[i]
                or attribution[i]
                or not line.endswith("?")
                or len(line.split()) > MAX_HEADING_WORDS
            ):
                continue
            if _styled_heading_shape(line) and full_paragraph(preceding[i]) and full_paragraph(following[i]):
                candidates.append(i)
    for i in candidates:
        kinds[i], levels[i], reasons[i] = HEADING, body_level, ""


def _continues(text: str, kind: str, line: str, nxt: str, end: int, next_start: int, next_is_bullet: bool) -> bool:
    """Whether the next line carries on the same paragraph."""
    if next_is_bullet:
        return False
    adjacent = text.count("\n", end, next_start) == 1
    if not adjacent:
        return False
    if kind == "markdown":
        # Markdown joins the lines of a paragraph until a blank line; table rows stay apart.
        return not (line.startswith("|") or nxt.startswith("|"))
    # A hard-wrapped copy: the line does not end a sentence and the next starts in lower case.
    first = nxt.lstrip("'\"‘“([")[:1]
    return first.islower() and not line.rstrip().endswith((".", "!", "?", ":", "…"))


def build_sections(blocks: Sequence[Block], text_length: int) -> list[Section]:
    """Sections from heading blocks; a section runs until the next heading of its level or above."""
    headings = [b for b in blocks if b.kind == HEADING]
    sections: list[Section] = []
    stack: list[int] = []
    for n, block in enumerate(headings):
        while stack and sections[stack[-1]].level >= block.level:
            stack.pop()
        end = next((h.start for h in headings[n + 1 :] if h.level <= block.level), text_length)
        sections.append(
            Section(
                index=n,
                heading=block.text,
                level=block.level,
                start=block.start,
                end=end,
                parent=stack[-1] if stack else None,
            )
        )
        stack.append(n)
    return sections


def section_at(sections: Sequence[Section], offset: int) -> int | None:
    """Index of the innermost section whose heading precedes `offset`."""
    found = None
    for section in sections:
        if section.start <= offset < section.end:
            found = section.index  # later (deeper) sections win
    return found
