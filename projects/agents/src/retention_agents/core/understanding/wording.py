"""A question's wording made regular before it is linked: case, quotes and dashes, and the
ways people write the same thing differently — shorthand ("p/m", "no. of", "w/o", "tenure<=18mo",
"churn x contract | fiber"), code ("mean(tenure) where Contract == 'Two year'"), restated
parentheses ("term contract (1/2 yr)") and idioms that name a figure or a population ("if we lost
all X, how much revenue would go"). Each rewrite keeps the meaning; none adds a condition."""

from __future__ import annotations

import re
from collections.abc import Callable

_EITHER_CHECK = "(electronic or mailed)"
_SUPERLATIVE = {"big": "biggest", "high": "highest", "low": "lowest", "small": "smallest",
                "large": "largest"}  # fmt: skip
Replacement = str | Callable[[re.Match[str]], str]
_LACKING = re.compile(r"\b(?:no|without|not|don't|doesn't|do not|does not)\b")


def _places(m: re.Match[str]) -> str:
    """ "which contract has the second-highest churn rate": the top two, in order (the second
    is the one asked). Said of no groups ("the second-highest monthly charge") it stays as it
    is, and is refused: no figure here is a second place."""
    if not re.search(r"\bwhich\b", m.string[: m.start()]):
        return m.group(0)
    return f"{2 if m.group(1) in ('second', '2nd') else 3} {m.group(2)}"


def _staying(m: re.Match[str]) -> str:
    """ "how many months longer do women stay than men": their tenure, not who stayed ("how
    many more stayed than churned" stays as it is)."""
    longer = re.search(r"\b(?:longer|shorter|more months|fewer months)\b", m.string[: m.start()])
    return "in tenure" if longer else m.group(0)


def _sides(m: re.Match[str]) -> str:
    """ "which has the higher churn rate: those with X or those without?": the two sides
    compared (a choice between levels stays a choice)."""
    if not _LACKING.search(f"{m.group(2)} {m.group(3)}"):
        return m.group(0)
    return f"what is the difference in {m.group(1)} between {m.group(2)} and {m.group(3)}?"


#: Questions written as code: "mean(tenure) where Contract == 'Two year'", "churn=yes".
CODE: list[tuple[str, Replacement]] = [
    (r"(?<=[=(,])\s*'([^']{1,40})'", r' "\1"'),  # 'Yes' → "Yes"
    (r"\bchurn\s*(?:==|=)\s*\"?(?:yes|1)\b\"?|\bchurn\s*!=\s*\"?(?:no|0)\b\"?", "churned"),
    (r"\bchurn\s*(?:==|=)\s*\"?(?:no|0)\b\"?|\bchurn\s*!=\s*\"?(?:yes|1)\b\"?", "stayed"),
    (r"\bin\s*\(\s*(\"[^\"]+\"(?:\s*,\s*\"[^\"]+\")*)\s*\)", r"is \1"),  # in ("A", "B")
    (r"\s*<>\s*", " != "),  # a spreadsheet's not-equal
    (r"\bseniorcitizen\s*(?:==|=)\s*\"?1\b\"?|\bseniorcitizen\s*!=\s*\"?0\b\"?", "senior citizen"),
    (r"\bseniorcitizen\s*(?:==|=)\s*\"?0\b\"?|\bseniorcitizen\s*!=\s*\"?1\b\"?",
     "not senior citizen"),
    (r"(?<=[\w\s])==(?=[\s\"\w])", " = "),
    (r"\b([a-z]+)\s*(!=|=)\s*(yes|no)\b", r'\1 \2 "\3"'),  # "streamingtv=yes"
    (r"\b(?:mean|avg|average)\s*\(\s*churn\s*\)", "churn rate"),
    (r"\b(sum|max|min|count|average)ifs?\b", r"\1"),  # spreadsheet "SUMIFS … where …"
    (r"\b(mean|avg|average|median|min|max|sum)\s*\(\s*([a-z]+)\s*\)", r"\1 \2"),
    (r"\barg(max|min) over (.+?) of\b",
     lambda m: f"which {m.group(2)} has the {'highest' if m.group(1) == 'max' else 'lowest'}"),
]  # fmt: skip
#: Shorthand: "churn rate x contract | tenure<=18mo, 1y/2y only", "w/o", "p/m", "no. of".
SHORTHAND: list[tuple[str, Replacement]] = [
    (r"(?<![\w/])p/m(?![\w/])", "per month"),  # "$25 p/m"
    (r"(?<![\w.])no\.(?= of\b)", "number"),  # "no. of customers"
    (r"(?<![\w/])w/o(?= )", "without"),
    (r"(?<![\w/])w/?(?= )", "with"),  # "w highest churn", "w/ fiber"
    (r"(?<=[a-z])%", " %"),  # "churn%"
    (r"\bchgs?\b", "charges"),
    (r"(?<![\w#])#\s*(?:of\s+)?(?=[a-z])", "number of "),  # "# of churners", "# churned"
    (r"\bchurn-rate\b", "churn rate"),
    (r"\s*\|\s*", " among customers with "),
    (r"\s+x\s+(?=[a-z])", " by "),
    (r"\s*\by/n\b", ""),
    (r"\b([12])y/([12])y\b", r"\1yr or \2yr"),
    (r"\b([12])y\b", r"\1yr"),
    (r"\b([12])yr\s+\+\s+(?=[a-z])", r"\1yr contract, "),  # "1yr + partnered": not "1 year or more"
    (r"(?<!for )\b([12])yr\b(?!\+| contracts?\b| plans?\b| terms?\b| of\b)", r"\1yr contract"),
    (r"(?<![$\w.])(\d+)\s?m\b", r"\1 months"),  # "3m" (never "$3m")
    (r"(?<=\d)(mos?)\b", r" \1"),  # "18mo" ("2yr" names a contract)
    (r"\s*(<=|>=|!=|(?<![<>!=])[<>](?!=))\s*", r" \1 "),  # "tenure<=18"
    (r"\bincl\.?(?![\w])", "inclusive"),
    (r"\b(months|years|yrs)' (tenure)\b", r"\1 \2"),  # "36 months' tenure"
]
#: Parentheses that say again what stands before them, and idioms for a figure or a population.
PHRASES: list[tuple[str, Replacement]] = [
    (r"\s*\((?:1|one)\s*(?:/|or)\s*(?:2|two)(?:[\s-]*(?:yrs?|years?))?\)", ""),  # "(1/2 yr)"
    (r"\((?:e-check|e-cheque|electronic) or mailed\)", _EITHER_CHECK),
    (r"\b(check|cheque)s? of either kind\b", rf"\1 {_EITHER_CHECK}"),
    (r"\b(card|transfer)\s*\((?:auto|automatic)\)(?!['\"])", r"\1"),  # "credit card (auto)"
    (r"\((?:non-blank|non-empty|not blank)\)\s*", "recorded "),
    (r"\b(?:is|are) (?=in each\b)", "fall "),  # "what share … is in each X": how they spread
    (r"^(?:filter(?:ed)?|restrict(?:ed)?|limit(?:ed)?)(?: it| this| that)? to\b|"
     r"^(?:looking|look) only at\b|^only looking at\b|^take\b(?=.* [-:]\s)", "for"),
    (r"\bmost (big|high|low|small|large)\b", lambda m: _SUPERLATIVE[m.group(1)]),
    (r"\bgive each value's share of all\b.*$", "give percentages"),
    (r"\b(?:is|are) the stickiest\b,?\s*", ""),  # "…, i.e. has the lowest churn rate"
    (r"\bin recorded (?=total charges|lifetime)", "in "),
    (r"\bnot (?:flagged|marked|classed|classified|registered) as\b", "not"),
    (r"\bany (?:payment method|method|way|means) (?:other than|except(?: for)?)\b",
     "anything other than"),
    (r"\bhow much (more|less) (?:per|a|each) month\b", r"how much \1 monthly charges"),
    (r"\bbefore (?=leaving\b|churning\b|they (?:left|churned)\b)", ""),
    # "if we lost all X, how much revenue would go": what all X add up to, not who churned
    (r"^if all (.+?) (?:left|churned|quit|cancelled|were to leave),\s*", r"for all \1, "),
    (r"\bif we (?:lost|lose|were to lose) (?:all|every)\b", "for all"),
    (r"\bwould go with them\b", "would go"),
    (r"\b(?:loses|lose|lost) the (most|fewest|least) (?:customers|clients|accounts|subscribers)"
     r"(?: to (?:churn|attrition|cancellation))?", r"has the \1 churned customers"),
    (r"\s*\(0\s*/\s*1\)", ""),  # "senior-citizen flag (0/1)": the levels said again
    # Context first: "We are reviewing X. How many of them left?", "Ticket: the retention team
    # is looking at X. What share of that group churned?", "I'm drafting a memo about X."
    (r"^((?:[a-z'-]+\s+){0,2}[a-z'-]+:\s*)?(?:(?:we|i)(?: are|'re| am|'m)|(?:the|our) "
     r"[a-z -]{1,30}? (?:team )?is) (?:currently |now )?(?:reviewing|auditing|looking (?:at|into)"
     r"|analy[sz]ing|studying|examining|focusing on|thinking about|(?:drafting|writing|preparing"
     r"|putting together|sizing|planning|running|building) (?:a |an |the )?[a-z -]{0,30}? "
     r"(?:about|on|for))"
     r"(?: (?:retention|churn|attrition) (?:for|among|in|of))?\b", r"\1for"),
    (r"^(?:thinking|talking) about\b", "for"),
    (r"\bif (?:i|we|you) (?:pick|choose|select|draw) (?:one of (?:your|our|the) |an? |one )(.+?)"
     r" at random,? what(?:'s| is) the (?:chance|probability|likelihood|odds) (?:that )?"
     r"(?:they|he|she|it|the customer)\b", r"of \1, what share"),
    (r"\btop-end\b", "maximum"),
    (r"\b(share|percent|percentage|fraction|proportion) of (?:total |all |our )?churn"
     r" (?:from|coming from|that comes from|accounted for by)\b", r"\1 of churners that are"),
    # "what share of churners is made up of seniors": of them, who are
    (r"\b(?:is|are) (?:made up of|comprised of|composed of)\b", "are"),
    (r"\b(?:the|their|whose|the customer's) plan includes\b", "have"),
    (r"\b(?:is|are) associated with the\b", "has the"),
    (r"\bcame from each\b", "fall in each"),  # "of the churners, what percentage came from …"
    (r"^how likely are (.+?) to (?:churn|leave|cancel|quit)\b",
     r"what is the churn rate of \1"),
    (r"\bhow many (?:percentage )?points of churn separate (.+?) from\b",
     r"what is the difference in churn rate between \1 and"),
    (r"^do ((?:(?! or ).)+?) or ((?:(?! or ).)+?) (?:churn|cancel|leave|quit) (?:more|less)"
     r"(?: often)?\b(.*?)[?.!]?$",
     r"what is the difference in churn rate between \1 and \2\3?"),
    (r"\bwho stays (longer|shorter)(?: on average)?\b",
     lambda m: f"which has the {'higher' if m.group(1) == 'longer' else 'lower'} average tenure"),
    (r"\bwhich group pays (more|less) per month(?: on average)?\b",
     lambda m: f"which has the {'higher' if m.group(1) == 'more' else 'lower'} average monthly "
               "charges"),
    (r"\b(highest|lowest)-churn\b", r"\1 churn rate"),
    # "which has the higher churn rate: those with X or those without": the two sides compared
    (r"\bwhich has the (?:higher|lower) ([^:]+?): (.+?) or (.+?)[?.!]?$", _sides),
    (r"\b(customers|subscribers|clients|accounts|people|users|aged|who are) (?:under|younger"
     r" than|below) 65\b(?! (?:months|dollars|a month|per month|monthly|usd)|\s*/)",
     r"\1 who are not seniors"),
    (r"\b(?:has|have) the (best|worst) retention\b",
     lambda m: f"has the {'lowest' if m.group(1) == 'best' else 'highest'} churn rate"),
    (r"\bkeeps the (largest|biggest|highest|smallest|lowest) (?:share|proportion) of its"
     r" customers\b",
     lambda m: "has the " + ("lowest" if m.group(1) in ("largest", "biggest", "highest")
                             else "highest") + " churn rate"),
    (r"\bwhich (.+?) (?:ranks|comes|is|places) second (?:for|on|in|by) (?:the )?"
     r"(lowest |highest )?",
     lambda m: f"which 2 {m.group(1)} have the {(m.group(2) or 'highest ').strip()} "),
    (r"\b(?:loses|lose) the (biggest|largest|highest|smallest|lowest) (?:share|proportion"
     r"|percentage|fraction) of (?:them|its customers|their customers|customers|its base)\b",
     lambda m: f"has the {'lowest' if m.group(1) in ('smallest', 'lowest') else 'highest'} "
               "churn rate"),
    (r"\bhow much in ([a-z -]+?) did we lose (?:from|among|with)\b", r"total \1 lost among"),
    (r"\bjoined (less|more|fewer) than (.+?) ago\b", r"have tenure of \1 than \2"),
    # "We're comparing A with B. What's the difference in their churn rates?"
    (r"^(?:we're|we are|i'm|i am) comparing (.+?) (?:with|to|against|and) "
     r"((?:(?!with\b)[\w-]+ ){0,2}(?:customers|subscribers|clients|accounts|users|people|those)"
     r"\b.+?)[.?!]\s*(?:so )?what(?:'s| is) the (difference|gap) in their (.+?)\??$",
     r"what is the \3 in \4 between \1 and \2?"),
    (r"\bin (?:percentage|percent) terms\b", "as a percentage"),
    # "the second-highest churn rate": the top two, in order (the second is the one asked)
    (r"\b(second|2nd|third|3rd)[- ](highest|lowest|largest|smallest|biggest|most|least)\b",
     _places),
    (r"\b(?:who|which group|which one|which) (?:churns|churn|churned|cancels|cancel|leaves|leave"
     r"|quits|quit) (more|less)(?: often| frequently)?\b(?! than)",
     lambda m: f"which has the {'higher' if m.group(1) == 'more' else 'lower'} churn rate"),
    # "how many months longer do women stay than men": their tenure, not who stayed
    (r"\b(?:stay|stayed|remain|remained|stick around|last)(?= than\b)", _staying),
    (r"\bthe (?:most|highest amount) (?:that )?any(?: one| single)?(?: of)? (.+?) (?:has|have)"
     r" (?:ever )?paid(?: us)?(?: in total)?\b", r"the maximum total charges among \1"),
    (r"\b(churners|churned customers|customers) came from\b", r"\1 among"),
    (r"\b(?:churns|churn) the (most|least)\b",
     lambda m: f"has the {'highest' if m.group(1) == 'most' else 'lowest'} churn rate"),
    (r"\bwho pays the (most|least) (?:per|a|each) month\b",
     lambda m: f"the {'highest' if m.group(1) == 'most' else 'lowest'} monthly charges"),
    (r"\b(highest|lowest|largest|smallest|biggest) single\b", r"\1"),
    (r"^spread in\b(?=.* (?:vs\.?|versus) )", "difference in"),
    (r"\bwould (?:go|disappear|vanish|be lost|we lose)\b", "in total"),
]  # fmt: skip


def _apply(text: str, rewrites: list[tuple[str, Replacement]]) -> str:
    for pattern, replacement in rewrites:
        text = re.sub(pattern, replacement, text)
    return text


def normalize(text: str) -> str:
    """The question in lower case with its wording made regular (see the module)."""
    text = text.lower().replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    text = text.replace("–", " - ").replace("—", " - ").replace("−", "-")
    # "one- or two-year" → "one-year or two-year"; "a year and a half" → "18 months"
    text = re.sub(r"\b([\w]+)- (or|and|to) ([\w]+)-([\w-]+)", r"\1-\4 \2 \3-\4", text)
    text = re.sub(r"\b(who|they|you)'ve\b", r"\1 have", text)
    text = re.sub(r"\ban? year and a half\b", "18 months", text)
    text = re.sub(r"\bhalf an? year\b", "6 months", text)
    text = text.replace("(%)", " in percent ").replace("per cent", "percent")
    text = _apply(_apply(_apply(text, CODE), PHRASES), SHORTHAND)
    text = re.sub(r"\b(?:i\.e\.|e\.g\.|i\.e|e\.g)(?=\W|$)", " ", text)
    return re.sub(r"\s+", " ", text).strip()


__all__ = ["normalize"]
