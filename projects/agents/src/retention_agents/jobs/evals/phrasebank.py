"""The phrase bank of the generated analyst questions (`generated.py`).

Everything here is surface text: how business users name a column, a level, a service, a
comparison, a number or a metric, and the question templates that hold them. The meaning of
each phrase follows the data contract's conventions: having a service is `== "Yes"` (internet:
`!= "No"`), not having it is `!= "Yes"`; churned/left/cancelled is `Churn == 1`, stayed is
`Churn == 0`; more than/over/longer than is `>`, at least is `>=`, under/less than is `<`, at
most/up to is `<=`, between is inclusive; "a year" is 12 months.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Phr:
    """The ways to say one condition: after the noun, as a verb phrase, before it, instead of it."""

    post: tuple[str, ...] = ()  # "customers ___"            e.g. "on a two-year contract"
    pred: tuple[str, ...] = ()  # "customers who ___"        e.g. "have a two-year contract"
    pre: tuple[str, ...] = ()  # "___ customers"             e.g. "two-year-contract"
    nouns: tuple[str, ...] = ()  # replaces "customers"      e.g. "seniors"


# ---------------------------------------------------------------- categories and flags
# (column, op, value, phrasings); op is eq, ne or isin (value then a tuple of levels).
AUTOMATIC = ("Bank transfer (automatic)", "Credit card (automatic)")
CHECKS = ("Electronic check", "Mailed check")

# fmt: off
CATEGORY_CONDS: tuple[tuple[str, str, str | tuple[str, ...], Phr], ...] = (
    ("gender", "eq", "Female", Phr(
        post=("who are women",),
        pred=("are women", "are female"),
        pre=("female",),
        nouns=("women",),
    )),
    ("gender", "eq", "Male", Phr(
        post=("who are men",),
        pred=("are men", "are male"),
        pre=("male",),
        nouns=("men",),
    )),
    ("SeniorCitizen", "eq", "1", Phr(
        post=("flagged as senior citizens",),
        pred=("are senior citizens", "are seniors"),
        pre=("senior", "senior-citizen"),
        nouns=("seniors", "senior citizens"),
    )),
    ("SeniorCitizen", "eq", "0", Phr(
        post=("who are not senior citizens",),
        pred=("are not senior citizens", "aren't seniors"),
        pre=("non-senior",),
        nouns=("non-seniors",),
    )),
    ("Partner", "eq", "Yes", Phr(
        post=("with a partner", "with partners"),
        pred=("have a partner", "live with a partner"),
        pre=("partnered",),
    )),
    ("Partner", "eq", "No", Phr(
        post=("without a partner", "with no partner"),
        pred=("don't have a partner", "have no partner"),
        pre=("single",),
    )),
    ("Dependents", "eq", "Yes", Phr(
        post=("with dependents", "with dependants"),
        pred=("have dependents", "support dependents"),
    )),
    ("Dependents", "eq", "No", Phr(
        post=("without dependents", "with no dependents"),
        pred=("have no dependents", "don't have any dependents"),
    )),
    ("PaperlessBilling", "eq", "Yes", Phr(
        post=("on paperless billing", "with paperless billing", "who get e-bills"),
        pred=("use paperless billing", "are on paperless billing"),
        pre=("paperless-billing",),
    )),
    ("PaperlessBilling", "eq", "No", Phr(
        post=("on paper billing", "without paperless billing", "who get paper bills"),
        pred=("receive paper bills", "don't use paperless billing"),
    )),
    ("Contract", "eq", "Month-to-month", Phr(
        post=("on a month-to-month contract", "on month-to-month contracts",
              "with a month-to-month contract", "on a rolling monthly contract"),
        pred=("are on a month-to-month contract", "have month-to-month contracts"),
        pre=("month-to-month",),
    )),
    ("Contract", "eq", "One year", Phr(
        post=("on a one-year contract", "on one-year contracts", "with an annual contract",
              "on a 12-month contract"),
        pred=("are on a one-year contract", "have an annual contract"),
        pre=("one-year-contract", "annual-contract"),
    )),
    ("Contract", "eq", "Two year", Phr(
        post=("on a two-year contract", "on 2-year contracts", "with a 24-month contract"),
        pred=("have a two-year contract", "are on two-year contracts"),
        pre=("two-year-contract",),
    )),
    ("Contract", "ne", "Month-to-month", Phr(
        post=("not on a month-to-month contract", "on a one- or two-year contract"),
        pred=("are not on a month-to-month contract", "have a one- or two-year contract"),
    )),
    ("PaymentMethod", "eq", "Electronic check", Phr(
        post=("paying by electronic check", "who pay with e-check", "using electronic checks"),
        pred=("pay by electronic check", "use electronic check"),
        pre=("e-check",),
    )),
    ("PaymentMethod", "eq", "Mailed check", Phr(
        post=("paying by mailed check", "who mail in a check"),
        pred=("pay by mailed check", "send their payment as a mailed check"),
    )),
    ("PaymentMethod", "eq", "Bank transfer (automatic)", Phr(
        post=("paying by automatic bank transfer", "on automatic bank transfer"),
        pred=("pay by automatic bank transfer", "pay by bank transfer"),
    )),
    ("PaymentMethod", "eq", "Credit card (automatic)", Phr(
        post=("paying by credit card", "with automatic credit card payments"),
        pred=("pay by credit card", "use automatic credit card payment"),
    )),
    ("PaymentMethod", "isin", AUTOMATIC, Phr(
        post=("on autopay", "using automatic payments"),
        pred=("pay automatically", "use autopay (bank transfer or credit card)"),
        pre=("autopay",),
    )),
    ("PaymentMethod", "isin", CHECKS, Phr(
        post=("paying by check (electronic or mailed)", "who pay by check"),
        pred=("pay by check, electronic or mailed", "don't use automatic payment"),
    )),
    ("PaymentMethod", "ne", "Electronic check", Phr(
        post=("not paying by electronic check",),
        pred=("don't pay by electronic check", "use something other than electronic check"),
    )),
    ("InternetService", "eq", "Fiber optic", Phr(
        post=("on fiber", "with fiber optic internet", "with fiber internet", "on fibre"),
        pred=("have fiber optic internet", "are on fiber", "use fiber-optic internet"),
        pre=("fiber", "fibre", "fiber-optic"),
    )),
    ("InternetService", "eq", "DSL", Phr(
        post=("on DSL", "with DSL internet", "with a DSL connection"),
        pred=("have DSL", "use DSL internet"),
        pre=("DSL",),
    )),
    ("InternetService", "eq", "No", Phr(
        post=("with no internet", "without internet service", "with no internet service"),
        pred=("have no internet service", "don't have internet"),
    )),
    ("InternetService", "ne", "No", Phr(
        post=("with internet service", "with an internet connection"),
        pred=("have internet service", "subscribe to internet", "have internet"),
        pre=("internet",),
    )),
    ("InternetService", "ne", "Fiber optic", Phr(
        post=("not on fiber", "without fiber optic internet"),
        pred=("don't have fiber optic internet", "aren't on fiber"),
    )),
    ("PhoneService", "eq", "Yes", Phr(
        post=("with phone service", "with a phone line"),
        pred=("have phone service", "subscribe to phone service"),
    )),
    ("PhoneService", "eq", "No", Phr(
        post=("without phone service", "with no phone service"),
        pred=("don't have phone service", "lack phone service"),
    )),
)
# fmt: on

# ---------------------------------------------------------------- services (Yes = has it)
# column -> (bare nouns: "with ___"/"no ___", objects of verbs: "has ___", extra "who ___" verbs)
# fmt: off
SERVICES: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "MultipleLines": (("multiple lines", "multiple phone lines"),
                      ("multiple lines", "more than one phone line"), ()),
    "OnlineSecurity": (("online security", "online security service"),
                       ("online security", "the online security add-on"), ()),
    "OnlineBackup": (("online backup", "cloud backup"),
                     ("online backup", "the online backup add-on"), ()),
    "DeviceProtection": (("device protection", "device protection cover"),
                         ("device protection", "the device protection add-on",
                          "a device protection plan"), ()),
    "TechSupport": (("tech support", "technical support"),
                    ("tech support", "the tech support add-on", "technical support"), ()),
    "StreamingTV": (("streaming TV", "TV streaming"),
                    ("streaming TV", "the streaming TV service"), ("stream TV",)),
    "StreamingMovies": (("streaming movies", "movie streaming"),
                        ("streaming movies", "the streaming movies service"), ("stream movies",)),
}
HAS_POST = ("with {n}", "using {o}", "subscribed to {o}", "paying for {o}")
HAS_PRED = ("have {o}", "use {o}", "subscribe to {o}", "pay for {o}", "signed up for {o}")
LACKS_POST = ("without {n}", "with no {n}", "lacking {o}", "not subscribed to {o}")
LACKS_PRED = ("don't have {o}", "lack {o}", "have no {n}", "don't pay for {o}",
              "never signed up for {o}")

# ---------------------------------------------------------------- churn, stay, missing
CHURNED = Phr(
    post=("lost to churn",),
    pred=("churned", "left", "cancelled", "quit", "dropped us", "were lost", "have left",
          "canceled their service"),
    pre=("churned", "lost"),
)
STAYED = Phr(
    post=("still with us", "still on the books"),
    pred=("stayed", "were retained", "are still with us", "are still active", "did not churn",
          "haven't left", "remained customers"),
    pre=("retained", "active", "still-active"),
)
CHURN_VERBS = ("churned", "left", "cancelled", "canceled", "quit", "dropped us", "were lost",
               "left us", "have left", "cancelled their service", "walked away")
MISSING_TOTAL = Phr(
    post=("with no recorded total charges", "with missing total charges",
          "with a blank total charges field"),
    pred=("have no total charges recorded", "have a blank total charges value"),
)

# ---------------------------------------------------------------- numbers and comparisons
# Comparison words by style: "plain" (more than ...), "level" (above ...), "length" (+ longer than).
CMP_PLAIN: dict[str, tuple[str, ...]] = {
    "gt": ("more than {v}", "over {v}"),
    "ge": ("at least {v}", "no less than {v}", "{v} or more"),
    "lt": ("less than {v}", "under {v}"),
    "le": ("at most {v}", "no more than {v}", "up to {v}", "{v} or less"),
    "between": ("between {a} and {b}",),
}
CMP_LEVEL: dict[str, tuple[str, ...]] = {
    "gt": ("above {v}", "over {v}", "greater than {v}", "of more than {v}"),
    "ge": ("of at least {v}", "of no less than {v}", "of {v} or more"),
    "lt": ("below {v}", "under {v}", "of less than {v}"),
    "le": ("of at most {v}", "of no more than {v}", "of up to {v}", "of {v} or less"),
    "between": ("between {a} and {b}",),
}
CMP_LENGTH: dict[str, tuple[str, ...]] = {
    **CMP_PLAIN,
    "gt": (*CMP_PLAIN["gt"], "longer than {v}"),
    "lt": (*CMP_PLAIN["lt"], "shorter than {v}"),
}
CMP_STYLES = {"plain": CMP_PLAIN, "level": CMP_LEVEL, "length": CMP_LENGTH}

# measure -> (post frames, pred frames), each (frame with {c}, comparison style)
NUMERIC_FRAMES: dict[str, tuple[tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]]] = {
    "tenure": (
        (("with a tenure of {c}", "plain"), ("who have been with us for {c}", "length"),
         ("who have been customers for {c}", "length"), ("with tenure {c}", "level"),
         ("with {c} of tenure", "plain")),
        (("have been with us for {c}", "length"), ("have a tenure of {c}", "plain"),
         ("have been customers for {c}", "length")),
    ),
    "MonthlyCharges": (
        (("paying {c} a month", "plain"), ("paying {c} per month", "plain"),
         ("with monthly charges {c}", "level"), ("whose monthly bill is {c}", "plain"),
         ("with a monthly fee {c}", "level")),
        (("pay {c} a month", "plain"), ("pay {c} per month", "plain"),
         ("have monthly charges {c}", "level")),
    ),
    "TotalCharges": (
        (("with total charges {c}", "level"), ("whose total charges are {c}", "plain"),
         ("who have been billed {c} in total", "plain"), ("with lifetime charges {c}", "level"),
         ("who have spent {c} in total so far", "plain")),
        (("have total charges {c}", "level"), ("have been billed {c} in total", "plain"),
         ("have spent {c} to date", "plain")),
    ),
}
THRESHOLDS: dict[str, tuple[float, ...]] = {
    "tenure": (1, 3, 6, 9, 12, 18, 24, 30, 36, 48, 60, 70),
    "MonthlyCharges": (20, 25, 30, 40, 45, 50, 55, 60, 65, 70, 70.5, 75, 79.99, 80, 85, 89.5, 90,
                       95, 100, 105, 110),
    "TotalCharges": (100, 250, 500, 750, 1000, 1200, 1500, 2000, 2500, 3000, 3500, 4000, 5000,
                     6000, 7000, 8000),
}
NUMBER_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
                "ten", "eleven", "twelve")
# fmt: on


def months(v: int) -> tuple[str, ...]:
    """Ways to say a tenure of v months ("a year" = 12, "two years" = 24)."""
    out = [f"{v} months" if v != 1 else "1 month"]
    if v <= 12:
        out.append(f"{NUMBER_WORDS[v]} months" if v != 1 else "one month")
    if v == 1:
        out.append("a month")
    if v == 18:
        out.append("a year and a half")
    if v % 12 == 0:
        years = v // 12
        if years == 1:
            out += ["a year", "one year", "1 year"]
        else:
            out += [f"{NUMBER_WORDS[years]} years", f"{years} years"]
    return tuple(out)


def dollars(v: float) -> tuple[str, ...]:
    """Ways to say a dollar amount: "$70.50", "70.50 dollars", "$1,200", "$2k"."""
    if v != int(v):
        return (f"${v:,.2f}", f"{v:,.2f} dollars")
    whole = int(v)
    out = [f"${whole:,}", f"{whole:,} dollars"]
    if whole >= 1000:
        out.append(f"${whole}")
    if whole >= 1000 and whole % 1000 == 0:
        out.append(f"${whole // 1000}k")
    if whole < 1000:
        out.append(f"${whole}.00")
    return tuple(out)


# ---------------------------------------------------------------- measures, metrics, groups
# fmt: off
MEASURE_NOUNS: dict[str, tuple[str, ...]] = {
    "tenure": ("tenure", "tenure in months", "customer tenure", "length of tenure",
               "time with the company"),
    "MonthlyCharges": ("monthly charges", "monthly charge", "monthly bill", "monthly fee",
                       "monthly spend"),
    "TotalCharges": ("total charges", "lifetime charges", "total billed amount",
                     "total spend to date", "cumulative charges"),
}
AGG_NAMES: dict[str, tuple[str, ...]] = {
    "churn_rate": ("churn rate", "attrition rate", "rate of churn", "cancellation rate"),
    "count": ("number of customers", "customer count", "headcount"),
    "churned": ("number of churned customers", "number of customers lost", "count of churners"),
    "share": ("share of customers", "percentage of customers", "proportion of customers"),
    "mean": ("average {m}", "mean {m}"),
    "median": ("median {m}",),
}
HIGHEST = ("highest", "largest", "greatest", "biggest")
LOWEST = ("lowest", "smallest")

# group column -> (singular nouns, plural nouns)
GROUPS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "gender": (("gender", "sex"), ("men and women", "male and female customers")),
    "SeniorCitizen": (("senior citizen status", "senior status"),
                      ("seniors and non-seniors", "senior and non-senior customers")),
    "Partner": (("partner status",),
                ("customers with and without a partner", "partnered and single customers")),
    "Dependents": (("dependents status",), ("customers with and without dependents",)),
    "PaperlessBilling": (("paperless billing status", "billing preference (paper or paperless)"),
                         ("paperless and paper-billed customers",)),
    "PhoneService": (("phone service status",), ("customers with and without phone service",)),
    "InternetService": (("internet service type", "internet type", "type of internet service",
                         "internet connection type"),
                        ("internet service types", "internet types", "kinds of internet service")),
    "Contract": (("contract type", "contract length", "contract term", "type of contract"),
                 ("contract types", "contract lengths", "contract terms")),
    "PaymentMethod": (("payment method", "payment type", "method of payment"),
                      ("payment methods", "payment types", "ways of paying")),
}
# fmt: on
MULTI_LEVEL = ("InternetService", "Contract", "PaymentMethod")

SCOPE_PREFIX = ("Among {p}, ", "For {p}, ", "Within {p}, ", "Looking only at {p}, ")
SCOPE_SUFFIX = (" among {p}", " for {p}", " within {p}")
BASE_NOUNS = ("customers", "customers", "customers", "customers", "subscribers", "clients")


# ---------------------------------------------------------------- question templates
@dataclass(frozen=True)
class Tpl:
    """A question frame. Slots: {pop} population noun phrase, {In}/{in} "Among X, " / " among X"
    (empty when no condition), {churned} a churn verb, {pred} the share's condition as a verb
    phrase, {m} a measure, {mn} a metric name, {g}/{gp} a group column (singular/plural), {hi}
    highest or lowest, {hier} the comparative for a choice, {k}, {choices}, {A}/{B} the two groups
    of a difference (or of a two-way choice), {x} a refusal's filler."""

    text: str
    measures: tuple[str, ...] = ()  # () = any measure
    aggs: tuple[str, ...] = ()  # () = any of the metric's aggregations
    tags: tuple[str, ...] = ()  # hi | lo | topk | choice | two
    fills: tuple[str, ...] = ()


T = Tpl
TEN, MON, TOT = ("tenure",), ("MonthlyCharges",), ("TotalCharges",)

TEMPLATES: dict[str, tuple[Tpl, ...]] = {
    "count": (
        T("How many {pop} are there?"),
        T("How many {pop} do we have?"),
        T("What is the number of {pop}?"),
        T("Count the {pop}."),
        T("Give me a headcount of {pop}."),
        T("Number of {pop}?"),
        T("How many {pop} are in the table?"),
        T("What's the total count of {pop}?"),
        T("Can you tell me how many {pop} there are?"),
        T("I need the customer count for {pop}."),
        T("Tally up the {pop}, please."),
        T("What's our count of {pop}?"),
        T("In total, how many {pop} are on the books?"),
        T("How many rows in the customer table are {pop}?"),
        T("Quick one: how many {pop}?"),
        T("Please count {pop}."),
        T("How many {pop} show up in the data?"),
    ),
    "churned": (
        T("How many {pop} {churned}?"),
        T("How many {pop} have churned?"),
        T("What is the number of churned {pop}?"),
        T("Of the {pop}, how many {churned}?"),
        T("How many churners are there among {pop}?"),
        T("Count the {pop} who {churned}."),
        T("How many {pop} did we lose?"),
        T("How many of our {pop} {churned}?"),
        T("Number of {pop} lost to churn?"),
        T("How many {pop} ended up leaving?"),
        T("How many {pop} cancelled their service?"),
        T("Give me the churn count for {pop}."),
        T("What's the count of {pop} who {churned}?"),
        T("Among {pop}, how many are churners?"),
        T("How many {pop} walked away?"),
        T("Total churned {pop}?"),
        T("How many cancellations were there among {pop}?"),
    ),
    "churn_rate": (
        T("What is the churn rate among {pop}?"),
        T("What is the churn rate for {pop}?"),
        T("What percentage of {pop} {churned}?"),
        T("What fraction of {pop} {churned}?"),
        T("What proportion of {pop} {churned}?"),
        T("Churn rate of {pop}?"),
        T("How high is the churn rate among {pop}?"),
        T("What share of {pop} did we lose?"),
        T("What's the attrition rate for {pop}?"),
        T("What percent of {pop} ended up leaving?"),
        T("Of all {pop}, what % {churned}?"),
        T("Tell me the churn rate of {pop}."),
        T("As a percentage, how many {pop} {churned}?"),
        T("What is the cancellation rate among {pop}?"),
        T("Among {pop}, what is the rate of churn?"),
        T("Give me the churn percentage for {pop}."),
        T("I'd like the churn rate for {pop}, please."),
        T("What is the churn rate of {pop}, expressed as a percentage?"),
    ),
    "share": (
        T("What share of {pop} {pred}?"),
        T("What percentage of {pop} {pred}?"),
        T("What proportion of {pop} {pred}?"),
        T("What fraction of {pop} {pred}?"),
        T("Among {pop}, what share {pred}?"),
        T("Of all {pop}, what percent {pred}?"),
        T("As a percentage, how many {pop} {pred}?"),
        T("What % of {pop} {pred}?"),
        T("Out of all {pop}, what portion {pred}?"),
        T("For {pop}, what is the share who {pred}?"),
        T("Among {pop}, what's the percentage that {pred}?"),
        T("Of the {pop}, what proportion {pred}?"),
        T("Tell me what share of {pop} {pred}."),
        T("I want the percentage of {pop} who {pred}."),
        T("Within {pop}, what fraction {pred}?"),
        T("Can you compute the share of {pop} that {pred}?"),
        T("Among {pop}, how large is the share that {pred}?"),
    ),
    "mean": (
        T("What is the average {m} of {pop}?"),
        T("What is the mean {m} for {pop}?"),
        T("Average {m} among {pop}?"),
        T("What's the avg {m} for {pop}?"),
        T("Give me the mean {m} across {pop}."),
        T("Calculate the average {m} of {pop}."),
        T("For {pop}, what is the average {m}?"),
        T("Among {pop}, what does the {m} average out to?"),
        T("What is the arithmetic mean of {m} for {pop}?"),
        T("Tell me the average {m} for {pop}."),
        T("On average, how many months have {pop} been with us?", measures=TEN),
        T("How long have {pop} been customers, on average?", measures=TEN),
        T("What's the mean tenure, in months, of {pop}?", measures=TEN),
        T("On average, how much do {pop} pay per month?", measures=MON),
        T("How much do {pop} spend per month, on average?", measures=MON),
        T("On average, how much have {pop} been charged in total?", measures=TOT),
        T("What is the average lifetime spend of {pop}?", measures=TOT),
    ),
    "median": (
        T("What is the median {m} of {pop}?"),
        T("Median {m} for {pop}?"),
        T("What is the middle value of {m} among {pop}?"),
        T("What's the 50th percentile of {m} for {pop}?"),
        T("For {pop}, what is the median {m}?"),
        T("Give me the median {m} across {pop}."),
        T("Among {pop}, what's the median {m}?"),
        T("Calculate the median {m} of {pop}."),
        T("Tell me the median {m} for {pop}."),
        T("What is the median tenure, in months, of {pop}?", measures=TEN),
        T("What's the median monthly bill for {pop}?", measures=MON),
        T("What is the median amount {pop} have been charged in total?", measures=TOT),
        T("If you line up {pop} by {m}, what is the median?"),
    ),
    "min": (
        T("What is the lowest {m} among {pop}?"),
        T("What is the minimum {m} for {pop}?"),
        T("What's the smallest {m} among {pop}?"),
        T("Min {m} for {pop}?"),
        T("For {pop}, what is the minimum {m}?"),
        T("What is the shortest tenure among {pop}?", measures=TEN),
        T("What's the cheapest monthly charge paid by {pop}?", measures=MON),
        T("What is the least that any of the {pop} has been charged in total?", measures=TOT),
        T("How low does the {m} go among {pop}?"),
        T("Among {pop}, what's the lowest {m} on record?"),
        T("Give me the minimum {m} across {pop}."),
        T("Tell me the lowest {m} for {pop}."),
        T("Find the minimum {m} among {pop}."),
    ),
    "max": (
        T("What is the highest {m} among {pop}?"),
        T("What is the maximum {m} for {pop}?"),
        T("What's the largest {m} among {pop}?"),
        T("Max {m} for {pop}?"),
        T("For {pop}, what is the maximum {m}?"),
        T("What is the longest tenure among {pop}?", measures=TEN),
        T("What's the most expensive monthly charge among {pop}?", measures=MON),
        T("What is the most that any of the {pop} has been charged in total?", measures=TOT),
        T("How high does the {m} go among {pop}?"),
        T("Among {pop}, what's the highest {m} on record?"),
        T("Give me the peak {m} across {pop}."),
        T("Tell me the biggest {m} for {pop}."),
        T("Find the maximum {m} among {pop}."),
    ),
    "sum": (
        T("What is the sum of {m} for {pop}?"),
        T("What is the combined {m} of {pop}?"),
        T("Add up the {m} of {pop}."),
        T("Add together the {m} of all {pop}: what is the total?"),
        T("Total up the {m} across {pop}."),
        T("How much monthly revenue do {pop} bring in?", measures=MON),
        T("What's the total amount {pop} have been billed to date?", measures=TOT),
        T("How many customer-months of tenure do {pop} add up to?", measures=TEN),
        T("Give me the sum of {m} across {pop}."),
        T("Sum of {m} for {pop}?"),
        T("For {pop}, what is the sum of their {m}?"),
        T("What's the aggregate {m} of {pop}?"),
        T("Calculate the total of {m} over {pop}."),
        T("What is the total monthly billing for {pop}?", measures=MON),
    ),
    "rank": (
        T("{In}which {g} has the {hi} {mn}?"),
        T("Which {g} has the {hi} {mn}{in}?"),
        T("{In}what {g} shows the {hi} {mn}?"),
        T("Which {g} tops the list for {mn}{in}?", tags=("hi",)),
        T("Which {g} comes last on {mn}{in}?", tags=("lo",)),
        T("What are the top {k} {gp} by {mn}{in}?", tags=("topk", "hi")),
        T("What are the bottom {k} {gp} by {mn}{in}?", tags=("topk", "lo")),
        T("{In}name the {k} {gp} with the {hi} {mn}.", tags=("topk",)),
        T("Rank the {gp} by {mn}{in}: which one is {hi}?"),
        T("Which {g} has the most customers{in}?", aggs=("count",), tags=("hi",)),
        T("Which {g} has the fewest customers{in}?", aggs=("count",), tags=("lo",)),
        T("Which {g} lost the most customers{in}?", aggs=("churned",), tags=("hi",)),
        T("Which {g} lost the fewest customers to churn{in}?", aggs=("churned",), tags=("lo",)),
        T("By {g}, where is the churn rate highest{in}?", aggs=("churn_rate",), tags=("hi",)),
        T("Which {g} is associated with the {hi} {mn}{in}?"),
        T("{In}which {g} has the {hi} average {m}?", aggs=("mean",)),
        T("{In}which {g} loses customers at the {hi} rate?", aggs=("churn_rate",)),
        T("{In}which has the {hier} {mn}: {choices}?", tags=("choice",)),
        T("Who has the {hier} {mn}{in}: {choices}?", aggs=("churn_rate", "mean"), tags=("choice",)),
        T("Comparing {both}, which group has the {hier} {mn}{in}?", tags=("choice",)),
        T(
            "Do {A} or {B} have the {hier} {mn}{in}?",
            aggs=("churn_rate", "mean"),
            tags=("choice", "two"),
        ),
    ),
    "breakdown": (
        T("Break down the {mn} by {g}{in}."),
        T("What is the {mn} for each {g}{in}?"),
        T("Show me the {mn} per {g}{in}."),
        T("{In}how does the {mn} vary across {gp}?"),
        T("Give me the {mn} split by {g}{in}."),
        T("List the {mn} by {g}{in}."),
        T("{In}what's the {mn} broken out by {g}?"),
        T("Can you tabulate the {mn} by {g}{in}?"),
        T("For each {g}, what is the {mn}{in}?"),
        T("{mn} by {g}{in}, please."),
        T("How many {pop} are there in each {g}?", aggs=("count",)),
        T("How many {pop} {churned} in each {g}?", aggs=("churned",)),
        T("What percentage of {pop} fall into each {g}?", aggs=("share",)),
        T("How are {pop} distributed across {gp}, in percent?", aggs=("share",)),
        T("What is the churn rate of {pop} for each {g}?", aggs=("churn_rate",)),
        T("Compare the {mn} across {gp}{in}."),
        T("Per {g}, what's the {mn}{in}?"),
        T("{In}show the {mn} for every {g}."),
        T("What does the average {m} look like by {g}{in}?", aggs=("mean",)),
    ),
    "difference": (
        T("{In}what is the difference in {mn} between {A} and {B}?"),
        T("{In}what is the {mn} of {A} minus that of {B}?"),
        T("{In}compute the {mn} for {A} minus the {mn} for {B}."),
        T("{In}{A} vs {B}: what's the gap in {mn}?"),
        T("{In}by how much does the {mn} of {A} differ from that of {B}?"),
        T("{In}what's the {mn} difference, {A} versus {B}?"),
        T("{In}compare the {mn} of {A} against {B}: what is the difference?"),
        T("{In}how much higher or lower is the {mn} for {A} than for {B}?"),
        T("{In}what is the {mn} gap between {A} and {B}?"),
        T("{In}give me the difference in {mn} between {A} and {B}."),
        T("{In}how does the {mn} of {A} compare with that of {B}? Give the difference."),
        T("{In}take the {mn} of {A} and subtract the {mn} of {B}. What do you get?"),
        T("{In}difference in {mn}, {A} minus {B}?"),
        T("{In}how far is the {mn} of {A} above or below that of {B}?"),
        T("{In}please calculate the {mn} for {A} less the {mn} for {B}."),
        T(
            "{In}by how many percentage points does the churn rate of {A} differ from that of {B}?",
            aggs=("churn_rate",),
        ),
    ),
    "refuse": (
        T(
            "What is the churn rate for customers in {x}?",
            fills=(
                "California",
                "Texas",
                "the Northeast",
                "New York City",
                "the Midwest",
                "Chicago",
                "the southern region",
                "Europe",
            ),
        ),
        T(
            "How many customers aged {x} {churned}?",
            fills=("18 to 25", "30 to 40", "25 to 34", "40 to 49", "between 20 and 29"),
        ),
        T(
            "What is the average monthly charge for {pop} older than {x}?",
            fills=("30 years", "35 years", "40 years", "45 years"),
        ),
        T(
            "What share of {pop} have a household income above {x}?",
            fills=("$50,000", "$75,000 a year", "$100k", "$60,000 per year"),
        ),
        T("What's the average satisfaction score of {pop}?"),
        T(
            "How many {pop} called customer service more than {x} times?",
            fills=("two", "3", "five", "ten"),
        ),
        T(
            "What is the churn rate among customers who signed up in {x}?",
            fills=("2019", "2020", "January 2021", "the spring of 2018", "Q3 2017"),
        ),
        T(
            "How many {pop} use {x}?",
            fills=("an iPhone", "an Android phone", "a Samsung Galaxy", "a Google Pixel"),
        ),
        T("What is the standard deviation of {m}{in}?"),
        T(
            "What's the correlation between {x}{in}?",
            fills=(
                "tenure and monthly charges",
                "monthly charges and churn",
                "tenure and total charges",
            ),
        ),
        T(
            "Forecast {x}.",
            fills=(
                "next quarter's churn rate",
                "how many customers will churn next month",
                "churn for the coming year",
                "monthly revenue for next year",
            ),
        ),
        T("What is the average monthly data usage in GB of {pop}?"),
        T("How many complaints did {pop} file last year?"),
        T(
            "Which pricing tier ({x}) has the highest churn rate?",
            fills=("Gold, Silver or Bronze", "Basic, Plus or Premium", "Starter or Pro"),
        ),
        T(
            "Break down the churn rate by {x}.",
            fills=("city", "state", "region", "zip code", "sales channel", "age group"),
        ),
        T("What is the variance of {m}{in}?"),
        T(
            "Predict how many {pop} will cancel in the next {x}.",
            fills=("30 days", "quarter", "six months", "year"),
        ),
        T("What's the net promoter score of {pop}?"),
        T("How many {pop} have more than {x} phone lines?", fills=("two", "three", "4")),
        T("What is the average age of {pop}?"),
        T(
            "How many {pop} live in {x}?",
            fills=("Florida", "Ohio", "a rural area", "the Pacific Northwest", "London"),
        ),
        T(
            "How did the churn rate{in} change compared with {x}?",
            fills=("last month", "a year ago", "the previous quarter"),
        ),
    ),
}
