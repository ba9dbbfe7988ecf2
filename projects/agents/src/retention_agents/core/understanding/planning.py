"""A question in plain words → a typed plan: clauses, each routed to one role. Figures over the
customers go to the analyst only as a query that uses every linked span (`parsing`); one
customer's risk goes to the scorer with exactly the fields the clause states (`linking`, values
read exactly); the docs go to the researcher. A clause with a condition or value that cannot be
used is refused naming it; a clause no role takes is reported. Nothing is guessed."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from retention_agents.core.memory import REFERS_BACK
from retention_agents.core.plan import (
    AnalystTask,
    ExternalTask,
    OfferTask,
    Plan,
    Refused,
    ResearcherTask,
    ScorerTask,
    SubTask,
)
from retention_agents.core.schema import DIMENSIONS, HAS, MEASURES, TARGET
from retention_agents.core.semantic import Filter, Metric, Op
from retention_agents.core.understanding.linking import Linked, link
from retention_agents.core.understanding.parsing import (
    Refusal,
    Understood,
    parse,
    split_invalid,
)

SCORER_CUES = re.compile(
    r"churn risk|risk of|risk score|at risk|probability|likely (?:is it )?(?:to|that)|chance|"
    r"odds|score (?:a|this|the)|predict|how risky|how likely|"
    r"^(?:would|will|is|does|could|might) (?:a|an|this|that|the) "
)
WHAT_IF = re.compile(
    r"what if\b|if (?:they|he|she|this customer|the customer) (?:moved?|switched?|changed?)"
)
RESEARCH_CUES = re.compile(
    r"model card|documentation|\bdocs?\b|according to (?:the )?(?:model|doc|card|readme)|"
    r"what does .* say|how (?:is|was) .* (?:trained|evaluated|validated|built)|explain|"
    r"describe|intended use|limitations?|\bwhy\b|readme|\bgate\b|threshold|cost model"
)
OFFER = re.compile(
    r"(?:queue|send|make|give|schedule)\b.*\boffer\b.*?\b(\d{4}-[a-z]{5})\b", re.IGNORECASE
)
#: How a clause that only amends the one before it begins ("Give percentages.").
AMENDS = re.compile(
    r"^\(?(?:please\s+)?(?:(?:i|we)\s+(?:need|want|would like|'d like)\s+(?:it|that|this)\s+"
    r"(?:as|in)\b|give|show|list|express|put|return|in|as|just|absolute\s+(?:difference|"
    r"gap|number|figure|count)\b|(?:in\s+)?percentage\s+points|not\s+a\s+rate|"
    r"(?:lowest|highest|smallest|largest|biggest)\s+first|start(?:ing)?\s+with\s+the\s+(?:lowest|"
    r"highest))\b"
)
#: Words a question about one customer's risk may hold beyond framing and the contract.
SCORER_WORDS = frozenset(
    [
        "risk",
        "probability",
        "chance",
        "chances",
        "likely",
        "likelihood",
        "score",
        "scored",
        "scoring",
        "odds",
        "predict",
        "predicted",
        "prediction",
        "estimate",
        "estimated",
        "would",
        "will",
        "model",
        "if",
        "then",
        "moved",
        "move",
        "moves",
        "switched",
        "switch",
        "switches",
        "changed",
        "change",
        "changes",
        "went",
        "go",
        "instead",
        "same",
        "previous",
        "last",
        "customer's",
        "risky",
        "at",
        "month",
        "months",
        "contract",
        "plan",
        "walk",
        "away",
        "renew",
    ]
)
#: Clauses end at a question mark or a semicolon, or at "and" before a new question ("…, and
#: what is …"); never at "and who …", which adds a condition to the same question.
_SPLIT = re.compile(
    r"\?\s*|;\s*|,?\s+and\s+(?=(?:what|what's|which|how|according|tell|show|give|queue|send|"
    r"call|per|top|check (?:the|whether|if)|use \w+_\w+|is (?:customer|this|that|it|there))\b)"
)


def clauses(question: str) -> list[str]:
    """The question's clauses; one that only names customers ("Filter to customers on fiber;
    which contract …", "Take DSL customers — what …") is the next clause's population."""
    for pattern, said in PLACES:
        question = pattern.sub(said, question)
    parts: list[str] = []
    for part in (p for p in (p.strip(" ,.") for p in _SPLIT.split(question)) if p):
        bare = GROUPS_BEFORE.sub(" ", part).strip(" ,")
        if bare != part and _grouped_clause(bare) and not re.search(r"[.!]\s", bare):
            part = bare  # noqa: PLW2901  # "Break down X by gender: how many in each?": its own
        if parts and part.startswith("(") and not AMENDS.match(part.lower()):
            parts[-1] = f"{parts[-1]} {part}"  # "… would come in? (sum of monthly charges)"
        else:
            parts.append(part)
    out: list[str] = []
    carried = ""
    for i, part in enumerate(parts):
        said = f"{carried}, {part}" if carried else part
        carried = said if i < len(parts) - 1 and _population(said) else ""
        if not carried:
            out.append(said)
    return out


#: A group's figure measured against everyone's ("How far is X's churn rate from the overall
#: churn rate?"): "overall" alone is framing, so this is caught before the clause is read.
BASELINE = re.compile(
    r"\b(?:from|than|vs\.?|versus|compared (?:to|with)|against|relative to|above|below|exceed)"
    r" (?:that of )?(?:the )?(?:overall|company-wide|company|whole-base|base-wide|total|average|"
    r"all customers'?|everyone'?s?|the (?:customer )?base(?: as a whole)?)(?: (?:churn rate|churn|"
    r"rate|average|figure|mean))?\b"
)
#: "I need it as a percentage.": said of a figure that is a percentage already.
PERCENT_ALREADY = re.compile(
    r"(?i)^(?:(?:(?:i|we) (?:need|want|would like|'d like) (?:it|that|this) )?(?:as|in) "
    r"(?:a )?(?:percentage|percent|%)|(?:an? )?(?:rate|percentage)s? (?:per|for each|in each) "
    r"(?:group|segment|category))(?:,? please)?[.!]?$"
)
#: A clause that ends on the groups of the part before ("Segment X by contract and give me the
#: mean bill in each segment", "Break down X by gender: how many customers in each?").
GROUPS_BEFORE = re.compile(
    r"(?i),?\s*\b(?:in|for|per|within|across|of) (?:each|every)(?: (?:one|of them|of those"
    r"|of these"
    r"|group|groups|category|categories|segment|segments|bucket|buckets|cohort|cohorts))?\s*"
    r"[?.!]?\s*$|,?\s*\bper (?:group|segment|category|bucket|cohort)\s*[?.!]?\s*$"
)


def _grouped_clause(clause: str) -> bool:
    """Whether a clause names groups of its own ("by gender", "for each contract"), not only
    a column asked about ("which payment method")."""
    return any(
        lk.grouped or (lk.kind == "dimension" and not lk.phrase.startswith(("which", "what")))
        for lk in link(clause).links
    )


def _only_framing(clause: str) -> bool:
    linked = link(clause)
    return (
        not linked.unknown
        and not linked.invalid
        and all(lk.kind == "cue" and lk.cue == "frame" for lk in linked.links)
    )


def _asks_figure(clause: str) -> bool:
    """Whether a clause asks a figure of its own ("average tenure by contract"), not only
    names groups ("Segment X by contract")."""
    linked = link(clause)
    return bool(linked.kind("measure")) or any(
        (lk.kind == "cue" and lk.cue not in {"frame", "distribution", "or"})
        or (lk.kind == "condition" and lk.churn_word)
        for lk in linked.links
    )


#: Two places asked in one sentence, said as what they are before the sentence is split:
#: "which contract leads and which trails" (the top and the bottom: two questions), "which
#: contract ranks first for X, and which ranks second", "the X with the highest Y, plus the
#: runner-up" (the top two).
PLACES: list[tuple[re.Pattern[str], str | Callable[[re.Match[str]], str]]] = [
    (re.compile(r"(?i)([^?;.]*?)\bwhich ([^?;.]+?) leads and which (?:one )?trails\b([^?;.]*)"),
     r"\1which \2 leads\3? \1which \2 trails\3"),
    (re.compile(r"(?i)\bwhich ([^?;.]+?) ranks first ([^?;.]+?),? and which ranks second\b"),
     r"which two \1 rank highest \2"),
    (re.compile(r"(?i)\b(?:name |give |what is |what's )?the ([^?;.]+?) with the (\w+) ([^?;.]+?),?"
                r" (?:plus|and|along with|together with) (?:the )?runner-up\b"),
     r"which two \1 have the \2 \3"),
    # "Rank the contracts by churn rate for X and give me the top two": the top two
    (re.compile(r"(?i)\brank (?:the |all |every )?([^?;.]+?) by ([^?;.]+?),? and (?:then )?"
                r"(?:give|show|tell|list|name)(?: me| us)? (?:only )?the (top|bottom) (\w+)\b"),
     lambda m: f"which {m.group(4)} {m.group(1)} have the "
               f"{'highest' if m.group(3).lower() == 'top' else 'lowest'} {m.group(2)}"),
    # "top-end monthly bill for X? i.e. the max": the figure said again, part of the question
    (re.compile(r"(?i)\?\s*(?:i\.?e\.?|that is|meaning),? (the (?:max|maximum|min|minimum|median"
                r"|mean|average|sum|total)(?: please)?)\s*[.?!]?\s*$"), r", \1?"),
]  # fmt: skip


def _population(clause: str) -> bool:
    """Whether a clause names customers and asks nothing (every link a condition)."""
    linked = link(clause)
    return (
        bool(linked.links)
        and not linked.unknown
        and not linked.invalid
        and all(
            (lk.kind == "condition" and not lk.churn_word)  # "how high is churn among X" asks
            or (lk.kind == "cue" and lk.cue == "frame")
            for lk in linked.links
        )
    )


def customer_fields(linked: Linked) -> dict[str, Any] | Refusal:
    """What a clause states about one customer, read exactly, or why it cannot be used."""
    if linked.invalid:
        return Refusal(*split_invalid(linked.invalid[0]))
    unknown = [w for w in linked.unknown if w not in SCORER_WORDS]
    if unknown:
        return Refusal(" ".join(unknown[:4]), "the churn model takes no such field")
    stated: dict[str, Any] = {}
    for lk in linked.links:
        f = lk.condition
        if f is None or f.column == TARGET:
            continue
        value = _single(f)
        if value is None:
            return Refusal(lk.phrase, "one customer's field must be stated exactly")
        if f.column in stated and stated[f.column] != value:
            return Refusal(lk.phrase, "it contradicts another stated field")
        stated[f.column] = value
    return stated


def _single(f: Filter) -> Any:
    if f.column in MEASURES:
        if f.op != Op.eq or not isinstance(f.value, int | float):
            return None
        return int(f.value) if f.column == "tenure" else float(f.value)
    if f.op == Op.eq:
        return int(str(f.value)) if f.column == "SeniorCitizen" else f.value
    if f.op == Op.ne and f.value == HAS and "No" in DIMENSIONS[f.column]:
        return "No"
    return None


def external_task(clause: str, external: dict[str, str]) -> ExternalTask | None:
    """A clause that names a loaded MCP tool ("use lookup_offers: fiber discounts"): the tool
    gets the rest of the clause as its one text argument (`external`: tool → argument name)."""
    for tool, argument in external.items():
        for name in {tool.lower(), tool.lower().replace("_", " ")}:
            if match := re.search(
                rf"\b{re.escape(name)}\b\W*(?:tool\W*)?(?:for|about|on|:)?\s*", clause.lower()
            ):
                text = clause[match.end() :].strip(" ,.:?") or clause
                return ExternalTask(ask=clause, tool=tool, argument=argument, text=text)
    return None


Routed = SubTask | Refused | None


def _scorer(clause: str, text: str, previous: ScorerTask | None) -> Routed:
    if WHAT_IF.search(text):
        head, tail = WHAT_IF.split(text, maxsplit=1)[0], WHAT_IF.split(text, maxsplit=1)[-1]
        stated, changes = customer_fields(link(head)), customer_fields(link(tail))
        for found in (stated, changes):
            if isinstance(found, Refusal):
                return Refused(ask=clause, phrase=found.phrase, reason=found.reason)
        assert isinstance(stated, dict)
        assert isinstance(changes, dict)
        if previous is not None and not stated:
            stated = previous.stated
        elif not stated and REFERS_BACK.search(text):
            return None  # "that customer", and no customer known: never guessed
        return ScorerTask(ask=clause, stated=stated, what_if=changes) if changes else None
    stated = customer_fields(link(text))
    if isinstance(stated, Refusal):
        return Refused(ask=clause, phrase=stated.phrase, reason=stated.reason)
    if not stated and previous is not None and REFERS_BACK.search(text):
        stated = previous.stated
    return ScorerTask(ask=clause, stated=stated)


def route(clause: str, previous: ScorerTask | None, counted: list[Filter] | None = None) -> Routed:
    """The sub-task one clause asks for, a refusal naming what could not be used, or None when
    no role takes it (`counted`: the customers an earlier analyst part counted)."""
    if match := OFFER.search(clause):
        return OfferTask(ask=clause, customer_id=match.group(1).upper())
    text = clause.lower()
    one_customer = re.search(r"\b(?:a|an|one|this|the|that) [\w\- ,$.]*customer\b", text)
    if WHAT_IF.search(text) or (
        SCORER_CUES.search(text) and one_customer and not re.search(r"\bcustomers\b", text)
    ):
        return _scorer(clause, text, previous)
    if RESEARCH_CUES.search(text):
        return ResearcherTask(ask=clause, question=clause)
    linked = link(clause)
    if not linked.links:
        return None
    understood = _against_everyone(text) or parse(linked, counted)
    if isinstance(understood, Understood):
        return AnalystTask(ask=clause, query=understood.query)
    return Refused(ask=clause, phrase=understood.phrase, reason=understood.reason)


def _against_everyone(text: str) -> Refusal | None:
    if baseline := BASELINE.search(text):
        return Refusal(baseline.group(0), "a group against all customers is not one query: ask "
                       "the group's figure and the overall one")  # fmt: skip
    return None


def _amends(clause: str, last: SubTask) -> bool:
    """A clause that only says how to give the last part's figure ("Give percentages.", "Give
    the difference.", "Show every one."): it names no customers, measure or grouping."""
    if not isinstance(last, AnalystTask) or not AMENDS.match(clause.lower()):
        return False
    linked = link(clause)
    return (
        all(lk.kind == "cue" and lk.cue in {"share", "compare", "frame"} for lk in linked.links)
        and not linked.unknown
        and not linked.invalid
    )


def _no_groups_before(clause: str) -> Refused:
    """A clause on the last part's groups where that part named none or asked its own figure."""
    why = "ask it of the groups again (“… by contract”): the part before named none, or asked a "
    return Refused(ask=clause, phrase=clause, reason=why + "figure of its own")


def _follow_up(
    clause: str, last: AnalystTask | None, given: list[Filter] | None, previous: ScorerTask | None
) -> AnalystTask | Refused | bool:
    """What a clause that only adds to the last part ("Give percentages.", "… and the mean bill
    in each segment", "I need it as a percentage.") makes of it: the last part amended, why
    not, True where it changes nothing, or False where the clause is a part of its own."""
    bare = GROUPS_BEFORE.sub(" ", clause).strip(" ,")
    if last is None:
        return bare != clause and _no_groups_before(clause)
    if (
        PERCENT_ALREADY.match(clause) and last.query.metric in (Metric.churn_rate, Metric.share)
    ) or (
        bare != clause and last.query.group_by and _only_framing(bare)
    ):  # "I need it as a percentage.", "Give me the figure for every group.": given already
        return True
    if _amends(clause, last):
        amended = route(f"{last.ask}, {clause}", previous, given)
    elif bare != clause and last.query.group_by and not _asks_figure(last.ask):
        amended = route(f"{last.ask}, {bare}", previous, given)
    elif bare != clause:
        return _no_groups_before(clause)
    else:
        return False
    if isinstance(amended, AnalystTask | Refused):
        return amended
    return Refused(ask=clause, phrase=clause, reason="I could not tell what it adds to the part "
                   "before")  # fmt: skip


def plan(
    question: str,
    max_tasks: int,
    external: dict[str, str] | None = None,
    remembered: dict[str, Any] | None = None,
) -> Plan:
    """`remembered`: the customer an earlier run of this user scored ("that customer")."""
    tasks: list[SubTask] = []
    unrouted: list[str] = []
    refused: list[Refused] = []
    previous = ScorerTask(ask="remembered", stated=remembered) if remembered else None
    counted: list[Filter] | None = None
    given: list[Filter] | None = None  # what the last analyst part was given to point back at
    last: AnalystTask | None = None  # the last part, while a clause may still amend it
    failed = False  # the last clause was refused or taken by no role
    for clause in clauses(question):
        if failed and AMENDS.match(clause.lower()):  # "How leaky is X? (sum of …)": not alone
            refused.append(Refused(ask=clause, phrase=clause, reason="it is about the part before, "
                                   "which I could not use"))  # fmt: skip
            continue
        follow = _follow_up(clause, last, given, previous)
        last, failed = None, False
        if isinstance(follow, AnalystTask):
            tasks[-1] = follow
            continue
        if isinstance(follow, Refused):
            refused.append(follow.model_copy(update={"ask": clause}))
            failed, counted = True, None
            continue
        if follow:
            continue
        task = (external_task(clause, external) if external else None) or route(
            clause, previous, counted
        )
        failed = task is None or isinstance(task, Refused)
        if failed:
            counted = None  # "… Give me its churn rate": no customers to point back at
        if task is None:
            unrouted.append(clause)
        elif isinstance(task, Refused):
            refused.append(task)
        else:
            if isinstance(task, ScorerTask):
                previous = task
            if isinstance(task, AnalystTask):
                given, last, counted = counted, task, task.query.filters
            tasks.append(task)
    return Plan(
        tasks=tasks[:max_tasks],
        unrouted=unrouted + [t.ask for t in tasks[max_tasks:]],
        refused=refused,
    )


def warm_up() -> None:
    """Compile the linker's patterns (cached for the process) by planning one question with
    every kind of span: the first real question then pays nothing for them."""
    plan("How many customers on fiber with tech support paying over $70 a month, excluding "
         'those whose contract is "Two year", churned by contract?', 4)  # fmt: skip


__all__ = ["clauses", "customer_fields", "plan", "route", "warm_up"]
