"""Surface forms of the data contract: how people name each column, level and measure.

Forms are derived from the contract (`core.schema`): a column's name split into words
("StreamingTV" → "streaming tv"), a level's value ("Fiber optic" → "fiber optic", "Month-to-month"
→ "month to month"), plus the small reviewed table of synonyms below. A column added to the
contract is askable by its own name without touching the linker; the table only adds other words.
"""

from __future__ import annotations

import re
from functools import cache

from retention_agents.core.schema import DIMENSIONS, MEASURES, SERVICES

# ---------------------------------------------------------------- the reviewed synonym table
#: Other names of a column (as a thing one has, a group one is in, or a measure).
COLUMN_SYNONYMS: dict[str, tuple[str, ...]] = {
    "gender": ("sex",),
    "SeniorCitizen": (
        "senior citizen status",
        "senior status",
        "seniority",
        "senior citizen flag",
        "senior flag",
    ),
    "Partner": ("partner status", "partners", "spouse", "spouses"),
    "Dependents": (
        "dependent",
        "dependants",
        "dependant",
        "kids",
        "children",
        "kids or other dependants",
        "kids or other dependents",
        "children or other dependants",
        "children or other dependents",
    ),
    "PhoneService": ("phone", "phone line", "home phone", "telephone service"),
    "MultipleLines": (
        "multiple phone lines",
        "multi-line phone service",
        "multi-line",
        "multiline",
        "several lines",
        "more than one line",
        "more than one phone line",
        "several phone lines",
        "multiple lines service",
        "phone-line setup",  # none, one line or several: the column's three levels
        "phone line setup",
        "phone-line setups",
        "phone line setups",
        "phone setup",
        "line setup",
    ),
    "InternetService": (
        "internet",
        "inet",
        "internet type",
        "internet plan",
        "internet connection",
        "broadband",
        "internet service type",
        "type of internet",
        "kind of internet",
        "type of internet service",
        "kind of internet connection",
        "type of internet connection",
    ),
    "OnlineSecurity": (
        "online security service",
        "security service",
        "online security add-on",
        "online security protection",
    ),
    "OnlineBackup": ("online backup service", "backup service", "cloud backup", "online back-up"),
    "DeviceProtection": (
        "device protection plan",
        "device insurance",
        "device cover",
        "device protection cover",
    ),
    "TechSupport": (
        "technical support",
        "tech support service",
        "tech support plan",
        "support plan",
        "tech support cover",
    ),
    "StreamingTV": (
        "tv streaming",
        "streaming television",
        "streaming tv service",
        "television streaming",
    ),
    "StreamingMovies": (
        "movie streaming",
        "streaming films",
        "film streaming",
        "streaming movies service",
        "streaming movie service",
    ),
    "Contract": (
        "contract type",
        "contract length",
        "contract term",
        "type of contract",
        "kind of contract",
        "contracts",
        "plan length",
        "plan type",
        "plan types",
        "plan terms",
        "plan lengths",
        "type of plan",
        "plan term",
    ),
    "PaperlessBilling": (
        "paperless bills",
        "paperless billing option",
        "e-billing",
        "electronic billing",
        "paperless statements",
        "billing preference",
        "paperless billing setting",
        "billing setting",
        "billing type",
        "paperless",
        "e-bills",
        "e-bill",
        "electronic bills",
        "online bills",
        "online billing",
    ),
    "PaymentMethod": (
        "payment type",
        "way of paying",
        "payment option",
        "way they pay",
        "method of payment",
        "payment methods",
        "how they pay",
        "ways of paying",
        "way of payment",
        "ways to pay",
    ),
    "tenure": (
        "months of service",
        "length of service",
        "service length",
        "months with us",
        "months with the company",
        "months as a customer",
        "length of tenure",
        "time with us",
        "customer tenure",
        "months of tenure",
        "months tenure",
        "time with the company",
        "time as a customer",
        "time as customers",
        "length of time with us",
        "customer-months of tenure",
        "customer-months",
        "customer lifetime",  # "the mean customer lifetime in months" (never "… value")
    ),
    "MonthlyCharges": (
        "monthly charge",
        "monthly bill",
        "monthly bills",
        "monthly spend",
        "monthly fee",
        "monthly fees",
        "monthly payment",
        "monthly payments",
        "monthly amount",
        "monthly cost",
        "monthly price",
        "monthly rate",
        "monthly billing amount",
        "bill per month",
        "charges per month",
        "monthly revenue",
        "monthly billing",
        "monthly",  # "max monthly"
        "mrc",
        "mrr",
        "run-rate",
        "monthly run-rate",
        "arpu",  # the average revenue per user: its mean (`lexicon.IMPLIED_FIGURES`)
        "monthly recurring revenue",
        "recurring revenue",
    ),
    "TotalCharges": (
        "total charge",
        "total bill",
        "total spend",
        "total billed",
        "total amount billed",
        "lifetime charges",
        "lifetime spend",
        "total revenue",
        "cumulative charges",
        "total payments",
        "total paid",
        "amount billed to date",
        "charges to date",
        "total billing",
        "lifetime revenue",
        "book of business",
        "lifetime book of business",
        "lifetime bill",
        "lifetime billing",
        "lifetime spend",
        "lifetime total",
        "lifetime value",
        "customer lifetime value",
        "cumulative billing",
        "cumulative bill",
        "cumulative spend",
        "amount billed",
        "dollars billed",
        "$ billed",
        "total charges billed",
        "total billed revenue",
        "billed revenue",
        "charges billed",
    ),
}
#: Verb phrases that name a measure ("how much do they spend per month"): columns, but not
#: the name a stated number is "of" ("over $50 a month" is read by `numbers`).
MEASURE_VERBS: dict[str, tuple[str, ...]] = {
    "MonthlyCharges": (
        "spend per month",
        "spend a month",
        "spend each month",
        "pay per month",
        "pay a month",
        "pay each month",
        "charged per month",
        "pays per month",
        "pays a month",
        "pays each month",
        "paid per month",
        "charged monthly",
        "billed per month",
        "billed monthly",
        "pay us each month",
        "pay us per month",
        "pay us a month",
        "pays us each month",
        "pays us per month",
        "pays us a month",
        "spend with us each month",
        "spend with us per month",
        "spend with us a month",
        "spends with us each month",
        "dollars a month",
        "dollars per month",
        "dollars each month",
    ),
    "TotalCharges": (
        "charged in total",
        "billed in total",
        "spent in total",
        "paid in total",
        "charged to date",
        "billed to date",
        "spent to date",
        "paid to date",
        "charged so far",
        "billed so far",
        "spent so far",
        "paid us",  # "how much have they paid us altogether": the sum of it
        "paid the company",
    ),
}
#: Nouns that may follow a column's name without changing what it names.
DIMENSION_NOUNS = (
    "status",
    "statuses",
    "type",
    "types",
    "category",
    "categories",
    "group",
    "groups",
    "setting",
    "settings",
    "flag",
    "flags",
    "option",
    "options",
    "level",
    "levels",
    "field",
    "tier",
    "tiers",
    "product",
    "products",
)
#: Other names of a level (lower case), beyond the level's own words.
LEVEL_SYNONYMS: dict[tuple[str, str], tuple[str, ...]] = {
    ("gender", "Female"): ("women", "woman", "females", "ladies", "female customers"),
    ("gender", "Male"): ("men", "man", "males", "gentlemen"),
    ("Partner", "Yes"): ("partnered", "a spouse or partner", "spouse or partner"),
    ("MultipleLines", "No"): (
        "just one phone line",
        "only one phone line",
        "a single phone line",
        "just one line",
        "only one line",
        "a single line",
        "single line",
        "single-line",
    ),
    ("Partner", "No"): (
        "single customers",
        "single clients",
        "single subscribers",
        "single people",
        "singles",
        "are single",
        "is single",
        "unpartnered",
        "partnerless",
    ),
    ("SeniorCitizen", "1"): (
        "senior",
        "seniors",
        "senior citizen",
        "senior citizens",
        "elderly",
        "pensioners",
        "retirees",
        "aged 65 or older",  # the IBM data card: SeniorCitizen means 65 or older
        "65 or older",
        "aged 65+",
        "65+",
    ),
    ("SeniorCitizen", "0"): (
        "non-senior",
        "non-seniors",
        "non senior",
        "non seniors",
        "nonsenior",
        "nonseniors",
        "non-senior citizens",
        "under 65",
        "younger than 65",
        "aged under 65",
    ),
    ("Contract", "Month-to-month"): (
        "monthly contract",
        "monthly contracts",
        "rolling monthly",
        "monthly rolling",
        "month-by-month",
        "month by month",
        "m2m",
        "mtm",
        "monthly plan",
        "monthly plans",
    ),
    ("Contract", "One year"): (
        "one-year",
        "1-year",
        "1 year",
        "12-month",
        "12 month",
        "annual",
        "yearly",
        "one year",
        "1yr",
        "1-yr",
    ),
    ("Contract", "Two year"): (
        "two-year",
        "2-year",
        "2 year",
        "24-month",
        "24 month",
        "two year",
        "biennial",
        "2yr",
        "2-yr",
    ),
    ("InternetService", "Fiber optic"): (
        "fiber",
        "fibre",
        "fibre optic",
        "fiber-optic",
        "fibre-optic",
    ),
    ("InternetService", "DSL"): ("dsl",),
    ("PaymentMethod", "Bank transfer (automatic)"): (
        "bank-transfer autopay",
        "bank transfer autopay",
        "bank autopay",
        "autopay by bank transfer",
        "automatic bank transfer",
        "bank transfers",
        "direct debit",
        "bank draft",
        "auto bank transfer",
    ),
    ("PaymentMethod", "Credit card (automatic)"): (
        "credit-card autopay",  # one automatic method, not both ("autopay")
        "credit card autopay",
        "card autopay",
        "autopay by credit card",
        "autopay by card",
        "automatic credit card",
        "credit cards",
        "card payment",
        "card",
        "cc",
        "credit-card",
    ),
    ("PaymentMethod", "Electronic check"): (
        "e-check",
        "echeck",
        "electronic cheque",
        "e-cheque",
        "electronic checks",
    ),
    ("PaymentMethod", "Mailed check"): (
        "mailed cheque",
        "paper check",
        "check by mail",
        "cheque by post",
        "mailed checks",
        "check in the mail",
        "posted cheque",
        "mail in a check",
        "mail in a cheque",
        "by check in the mail",
        "by cheque in the mail",
        "cheque in the mail",
        "mails in a check",
        "mail a check",
        "mail in checks",
        "cheque-by-post",
        "cheque in the post",
        "check in the post",
        "by cheque in the post",
        "by check in the post",
        "check-by-post",
        "post a cheque",
        "post a check",
        "posts a cheque",
        "posts a check",
    ),
    ("PhoneService", "No"): ("internet-only", "internet only"),
    ("InternetService", "No"): ("phone-only", "phone only", "no-internet"),
    ("PaperlessBilling", "No"): (
        "paper bill",
        "paper bills",
        "paper billing",
        "paper statements",
        "paper-billed",
        "paper billed",
    ),
}
#: Names of a set of levels of one column ("autopay": both automatic payment methods).
LEVEL_SETS: dict[tuple[str, tuple[str, ...]], tuple[str, ...]] = {
    ("PaymentMethod", ("Bank transfer (automatic)", "Credit card (automatic)")): (
        "autopay",
        "auto-pay",
        "automatic payment",
        "automatic payments",
        "automatic payment method",
        "automatic payment methods",
        "auto payment",
        "auto payments",
        "pay automatically",
        "pays automatically",
        "paying automatically",
    ),
    ("PaymentMethod", ("Electronic check", "Mailed check")): (
        "by check",
        "by cheque",
        "by checks",
        "with a check",
        "with a cheque",
        "check payers",
        "check payments",
        "check, electronic or mailed",
        "by check, electronic or mailed",
        "by cheque, electronic or mailed",
        "by check (electronic or mailed)",
        "by cheque (electronic or mailed)",
        "check (electronic or mailed)",
        "cheque (electronic or mailed)",
        "cheque of either kind",
        "check of either kind",
        "electronic or mailed check",
        "electronic or mailed checks",
        "electronic or mailed cheque",
        "electronic or mailed cheques",
        "e-check or mailed check",
        "e-check or mailed cheque",
        "manually",
        "manual payment",
        "manual payments",
    ),
    ("MultipleLines", ("No", "No phone service")): (
        "at most one phone line",
        "at most one line",
        "no more than one phone line",
        "no more than one line",
        "one phone line or none",
        "one line or none",
    ),
    ("InternetService", ("DSL", "Fiber optic")): ("internet-connected", "internet connected"),
    ("Contract", ("One year", "Two year")): (
        "fixed-term contract",
        "fixed-term contracts",
        "fixed-term",
        "fixed term contract",
        "term contract",
        "term contracts",
        "term-contract",
        "non-mtm",
        "non-month-to-month",
    ),
}
#: Verb forms that name having a service without a marker ("who stream tv").
SERVICE_VERBS: dict[str, tuple[str, ...]] = {
    "StreamingTV": (
        "stream tv",
        "streams tv",
        "streamed tv",
        "stream television",
        "streams television",
        "watch streaming tv",
        "watches streaming tv",
    ),
    "StreamingMovies": (
        "stream movies",
        "streams movies",
        "streamed movies",
        "stream films",
        "streams films",
        "watch streaming movies",
    ),
    "Partner": (
        "live with a partner",
        "lives with a partner",
        "living with a partner",
        "live with partners",
    ),
    "Dependents": (
        "support dependents",
        "supports dependents",
        "supporting dependents",
        "care for dependents",
    ),
}


# ---------------------------------------------------------------- derived forms
def words_of(name: str) -> str:
    """A column name as words: "StreamingTV" → "streaming tv", "tenure" → "tenure"."""
    spaced = re.sub(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", " ", name)
    return spaced.lower()


def _variants(phrase: str) -> set[str]:
    """A phrase with hyphens as spaces and the other way round, plurals of its last word."""
    base = re.sub(r"\s*\(.*?\)", "", phrase.lower()).strip()
    if re.match(r"\d", base):  # "24-month" names a contract; "24 months" is a tenure
        return {base}
    out = set(_joinings(base))
    if not re.search(r"\b(?:year|month)$", base):  # "two years" is a duration, not a plan
        out |= {f"{v}s" for v in list(out) if not v.endswith("s")}
    out |= {f"{v}es" for v in list(out) if v.endswith("status")}
    return out


def _joinings(phrase: str) -> list[str]:
    """A phrase with each of its word joints a space or a hyphen ("tech support cover" →
    "tech-support cover", …); phrases of more than four words keep their own joints and the
    two uniform ones."""
    parts = re.split(r"[ -]", phrase)
    if len(parts) > 4:
        return [phrase, phrase.replace("-", " "), phrase.replace(" ", "-")]
    out = [parts[0]]
    for part in parts[1:]:
        out = [f"{head}{joint}{part}" for head in out for joint in (" ", "-")]
    return out


@cache
def column_forms(verbs: bool = True) -> dict[str, str]:
    """Every name of every column (dimension or measure) → the column (`verbs`: with the verb
    phrases that name a measure)."""
    forms: dict[str, str] = {}
    for column in (*DIMENSIONS, *MEASURES):
        said = (*MEASURE_VERBS.get(column, ()),) if verbs else ()
        named = (words_of(column), column.lower())  # "TotalCharges" as written, too
        for phrase in (*named, *COLUMN_SYNONYMS.get(column, ()), *said):
            for form in _variants(phrase):
                forms.setdefault(form, column)
    for form, column in list(forms.items()):  # "total charges value(s)": the measure
        if column in MEASURES and not form.endswith(("value", "values")):
            for noun in ("value", "values"):
                forms.setdefault(f"{form} {noun}", column)
    for form, column in list(forms.items()):  # "device protection status(es)", "… setting"
        if column in DIMENSIONS and not form.endswith(DIMENSION_NOUNS):
            for noun in DIMENSION_NOUNS:
                forms.setdefault(f"{form} {noun}", column)
    return forms


@cache
def level_forms() -> dict[str, tuple[str, tuple[str, ...]]]:
    """Every name of a level (or of a set of levels) that names it on its own ("fiber optic",
    "seniors", "autopay") → (column, levels); also with the column's own name hyphened on
    ("two-year-contract"). Yes/No levels are here only by a synonym: they are had or not had
    (`service_forms`)."""
    forms: dict[str, tuple[str, tuple[str, ...]]] = {}
    for column, levels in DIMENSIONS.items():
        for level in levels:
            words: tuple[str, ...] = LEVEL_SYNONYMS.get((column, level), ())
            if level not in {"Yes", "No", "0", "1"} and "service" not in level.lower():
                words = (level, *words)
            for phrase in words:
                for form in _variants(phrase):
                    forms.setdefault(form, (column, (level,)))
                    compound = f"{form}-{words_of(column)}".replace(" ", "-")
                    forms.setdefault(compound, (column, (level,)))
    for (column, levels), names in LEVEL_SETS.items():
        for phrase in names:
            forms.setdefault(phrase, (column, levels))
    return forms


@cache
def service_forms() -> dict[str, str]:
    """Names of what a customer has or lacks ("tech support", "a partner", "internet") →
    the column (every yes/no column of the contract, and internet)."""
    forms: dict[str, str] = {}
    for column in (*SERVICES, "InternetService", "SeniorCitizen"):
        names = (words_of(column), *COLUMN_SYNONYMS.get(column, ()))
        if column == "SeniorCitizen":
            names = LEVEL_SYNONYMS[("SeniorCitizen", "1")]
        for phrase in names:
            for form in _variants(phrase):
                forms.setdefault(form, column)
    return forms


def alternation(phrases: list[str] | set[str] | tuple[str, ...]) -> str:
    """A regex alternation of phrases, longest first, whitespace-tolerant."""
    ordered = sorted(set(phrases), key=len, reverse=True)
    return "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in ordered)
