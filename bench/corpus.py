"""A varied news corpus for the benchmarks: the bundled sample plus generated articles.

The generated articles are built from sentence frames filled, at random, with
real country names (pycountry), organisation names (the extractor's own table),
invented people and fresh numbers, and from the sample's own sentences with their
countries swapped. Every article differs, so spaCy's and the extractor's caches
cannot flatter a benchmark that runs over the corpus. The same seed gives the
same corpus, so runs compare like with like.

    python -m bench.corpus OUT_DIR [--words 200000] [--seed 7]
"""

from __future__ import annotations

import argparse
import random
import re
from pathlib import Path

import pycountry  # real country names, so the gazetteer does real work

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
ORGANISATIONS = ROOT / "extract" / "lexicon" / "data" / "organisations.tsv"

FIRST = (
    "Amina Boris Carlos Dilnoza Elena Farid Grace Hiroshi Ingrid Jamal Kateryna Lars Mei Nikolai Olga Pedro "
    "Qasim Rania Sergei Tomas Ursula Viktor Wang Ximena Yusuf Zanele Aleksandr Beatriz Chen Dmitro Emeka Fatima "
    "Gustavo Hana Ibrahim Julia Kwame Leila Mateo Nadia Oleksandr Priya Rashid Sofia Tariq Uma Valentina Wei"
).split()
LAST = (
    "Abdullayev Barros Castillo Dimitrov Eriksen Fernandes Gonzalez Haddad Ivanova Jovanovic Kowalski Lindqvist "
    "Mahmoud Nakamura Okonkwo Petrenko Quispe Rahman Santos Tanaka Usmanov Varga Weber Xu Yilmaz Zhukov Adeyemi "
    "Bondarenko Chaudhry Demir Eze Fischer Guerrero Horvat Iqbal Jensen Kim Lopez Moreau Novak Ortiz Park Rossi "
    "Schmidt Takahashi Umarov Volkov Walker"
).split()
ROLES = (
    "Foreign Minister", "Prime Minister", "President", "Defence Minister", "Finance Minister",
    "Trade Minister", "Energy Minister", "ambassador", "spokesperson", "Deputy Foreign Minister",
)
SAY = ("said", "told reporters", "stated", "stressed", "noted", "warned", "added", "argued", "insisted", "claimed")
TOPICS = (
    "energy supplies", "grain exports", "border security", "trade tariffs", "climate finance", "nuclear talks",
    "refugee flows", "maritime patrols", "debt relief", "arms control", "visa rules", "rail links",
    "fishing rights", "water sharing", "sanctions relief", "cyber defence", "vaccine supplies", "port access",
)
UNITS = ("tonnes", "barrels a day", "troops", "refugees", "jobs", "megawatts", "kilometres", "projects", "vessels")
MONEY = ("million dollars", "billion euros", "million euros", "billion dollars")
DAYS = ("on Monday", "on Tuesday", "on Wednesday", "on Thursday", "on Friday", "on Saturday", "on Sunday", "last week")

FRAMES = (
    '"{Country} will not accept {topic} on these terms," {person} {say} {day}.',
    "{person}, {country}'s {role}, {say} that {number} {unit} had been moved since {month}.",
    "According to {org}, {country} pledged {money_amount} {money} for {topic} over {years} years.",
    "{Country} and {country2} signed {small} agreements on {topic}, the {role} {say}.",
    "The {org} {say} {day} that talks with {country} on {topic} would resume in {month}.",
    "{person} {say} the {adj} dispute with {country2} had cost {country} about {percent} percent of its exports.",
    "Officials in {capital} said {number} {unit} were expected to cross into {country2} before {month}.",
    "{Country}'s parliament approved a budget of {money_amount} {money}, with {percent} percent for {topic}.",
    "Talks between {country} and {country2} ended without agreement on {topic}.",
    "\"We have made {adj} progress,\" {person} told the {org} in {capital}.",
    "In {year}, {country} exported {number} {unit} to {country2}, up {percent} percent on the year before.",
    "The delegation from {country} met {person} to discuss {topic} and {topic2}.",
    "{person} of {org} warned that {topic} could fall by {percent} percent if {country} kept its rules.",
    "Analysts expect {country2} to raise the issue of {topic} when leaders meet in {capital} in {month}.",
    "The ministry in {capital} denied reports that {number} {unit} had been sent to {country2}.",
    "{Country} called on {org} to investigate, {person} {say}.",
    "A joint statement by {country} and {country2} welcomed the {adj} steps taken on {topic}.",
    "Some {number} people attended the meeting, which lasted {small} hours.",
)
ADJ = ("significant", "modest", "unprecedented", "limited", "steady", "cautious", "long-running", "bitter", "historic")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
HEADINGS = ("Background", "Trade and energy", "Security", "Regional reaction", "What comes next", "Diplomacy",
            "Humanitarian situation", "Economy", "Relations with {Country}", "The {org} position")


def _countries() -> list[tuple[str, str]]:
    """(name, capital-ish place) pairs; the capital is taken from the name when unknown."""
    names = [getattr(c, "common_name", None) or c.name for c in pycountry.countries]
    return [(n, n) for n in names if "," not in n and "(" not in n]


def _organisations() -> list[str]:
    rows = [line.split("\t")[0] for line in ORGANISATIONS.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]
    return [r for r in rows if r]


class ArticleWriter:
    """Writes one article at a time from frames and the sample's sentences."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.countries = _countries()
        self.organisations = _organisations()
        sample = "\n".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.iterdir()) if p.suffix == ".txt")
        self.sample_sentences = [s for s in re.split(r"(?<=[.!?”\"])\s+", sample) if len(s.split()) > 6]
        self.sample_countries = ("Azerbaijan", "Russia", "Türkiye", "Armenia", "Georgia", "Iran", "Ukraine")

    def _person(self) -> str:
        return f"{self.rng.choice(FIRST)} {self.rng.choice(LAST)}"

    def _slots(self) -> dict[str, str]:
        r = self.rng
        (country, capital), (country2, _) = r.sample(self.countries, 2)
        return {
            "Country": country, "country": country, "country2": country2, "capital": capital,
            "person": self._person(), "role": r.choice(ROLES), "say": r.choice(SAY), "day": r.choice(DAYS),
            "topic": r.choice(TOPICS), "topic2": r.choice(TOPICS), "org": r.choice(self.organisations),
            "number": f"{r.randint(2, 950):,}" if r.random() < 0.5 else f"{r.randint(1, 99) * 1000:,}",
            "unit": r.choice(UNITS), "money": r.choice(MONEY), "money_amount": str(r.randint(2, 900)),
            "percent": str(r.randint(1, 60)), "years": str(r.randint(2, 10)), "small": str(r.randint(2, 14)),
            "adj": r.choice(ADJ), "month": r.choice(MONTHS), "year": str(r.randint(1995, 2026)),
        }

    def _sentence(self) -> str:
        if self.rng.random() < 0.3:  # the sample's own prose, its countries swapped
            sentence = self.rng.choice(self.sample_sentences)
            for name in self.sample_countries:
                if name in sentence:
                    sentence = sentence.replace(name, self.rng.choice(self.countries)[0])
            return sentence
        return self.rng.choice(FRAMES).format(**self._slots())

    def article(self, words: int) -> str:
        r = self.rng
        slots = self._slots()
        title = f"{slots['Country']} and {slots['country2']} at odds over {slots['topic']}"
        lines = [title, ""]
        count = len(title.split())
        while count < words:
            if r.random() < 0.25:
                heading = r.choice(HEADINGS).format(**self._slots())
                lines += [heading, ""]
            paragraph = " ".join(self._sentence() for _ in range(r.randint(2, 6)))
            lines += [paragraph, ""]
            count += len(paragraph.split())
        return "\n".join(lines)


def build_corpus(out: Path, words: int = 200_000, seed: int = 7,
                 include_sample: bool = True) -> tuple[list[Path], int]:
    """Write the sample and generated articles into `out` until `words` words; (files, words written)."""
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    writer = ArticleWriter(rng)
    files, total = [], 0
    for sample in sorted(SEEDS.iterdir()) if include_sample else ():
        target = out / sample.name
        target.write_text(sample.read_text(encoding="utf-8"), encoding="utf-8")
        files.append(target)
        total += len(sample.read_text(encoding="utf-8").split())
    n = 0
    while total < words:
        text = writer.article(rng.randint(400, 1600))
        target = out / f"article_{n:04d}.txt"
        target.write_text(text, encoding="utf-8")
        files.append(target)
        total += len(text.split())
        n += 1
    return files, total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--words", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    files, total = build_corpus(args.out, args.words, args.seed)
    print(f"{len(files)} files, {total:,} words in {args.out}")


if __name__ == "__main__":
    main()
