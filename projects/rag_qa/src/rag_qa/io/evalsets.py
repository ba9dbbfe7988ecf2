"""An evaluation set the project writes itself over its default corpus (Python's reference
topics from `pydoc_data`), in BEIR format, so the same harness that scores public sets gates
every change in `make test`.

Each question names the topic that answers it (grade 2); topics that *contain* that topic's text
(CPython's topics overlap: `compound` holds `for`, `while`, ...) are relevant too (grade 1).
"""

from __future__ import annotations

import re
from pathlib import Path

from rag_qa.io.beir import BeirQuery, BeirSet, write_beir

#: (question, topic that answers it) — written by hand, not generated from the text.
QUESTIONS: tuple[tuple[str, str], ...] = (
    ("What does the global statement do?", "global"),
    ("How does the nonlocal statement rebind variables of an enclosing scope?", "nonlocal"),
    ("What happens when an assert statement fails?", "assert"),
    ("How do augmented assignment statements like += work?", "augassign"),
    ("What does an await expression do?", "await"),
    ("How does the break statement leave a loop?", "break"),
    ("What does continue do inside a loop?", "continue"),
    ("How is a class definition executed?", "class"),
    ("How are comparison operators chained?", "comparisons"),
    ("How does the del statement delete names and items?", "del"),
    ("How is a dictionary display written?", "dict"),
    ("What is the syntax of floating point literals?", "floating"),
    ("How does the for statement iterate over an iterable?", "for"),
    ("What is the format specification mini-language?", "formatstrings"),
    ("When are default parameter values of a function evaluated?", "function"),
    ("Which words are reserved keywords and cannot be identifiers?", "identifiers"),
    ("How does the if statement select a branch?", "if"),
    ("How does the import statement find and load a module?", "import"),
    ("How are integer literals written in hexadecimal, octal and binary?", "integers"),
    ("What is a lambda expression?", "lambda"),
    ("How is a list display or list comprehension written?", "lists"),
    ("What does the pass statement do?", "pass"),
    ("What does the power operator return for a negative exponent?", "power"),
    ("How does the raise statement chain exceptions with from?", "raise"),
    ("What does a return statement do inside a generator?", "return"),
    ("How does slicing select items from a sequence?", "slicings"),
    ("Which special attributes such as __dict__ and __class__ do objects have?", "specialattrs"),
    ("Which string method splits a string by a separator?", "string-methods"),
    ("How are raw string literals and bytes literals written?", "strings"),
    ("Which values count as false in a truth value test?", "truth"),
    ("How do try, except, else and finally clauses work together?", "try"),
    ("Which operations do mutable sequences like lists support?", "typesseq-mutable"),
    ("Which operations does the dictionary mapping type support?", "typesmapping"),
    ("What do the unary minus and invert operators do?", "unary"),
    ("How does the while statement repeat its suite?", "while"),
    ("What does the with statement do with a context manager?", "with"),
    ("What does a yield expression do in a generator function?", "yield"),
    ("What is the precedence of Python's operators?", "operator-summary"),
    ("How do the shifting operators << and >> work?", "shifting"),
    ("How do I use the pdb debugger commands?", "debugger"),
    ("What do the bitwise operators &, | and ^ compute?", "bitwise"),
    ("How do the binary arithmetic operators like / and % behave?", "binary"),
    ("How do the Boolean operators and, or and not evaluate?", "booleans"),
    ("What is the Ellipsis object?", "bltin-ellipsis-object"),
    ("What is the None object?", "bltin-null-object"),
    ("How are names bound to objects in the execution model?", "naming"),
    ("How are imaginary literals written?", "imaginary"),
    ("How does the in operator test membership?", "in"),
    ("Which methods emulate numeric types, like __add__ and __radd__?", "numeric-types"),
    ("How can a class customise attribute access with __getattr__?", "attribute-access"),
    ("How do __enter__ and __exit__ make an object a context manager?", "context-managers"),
    ("What does a call expression with *args and **kwargs do?", "calls"),
)

#: Questions the default corpus cannot answer: the bot must decline them.
OUT_OF_DOMAIN: tuple[str, ...] = (
    "What is the capital of France?",
    "Who won the 2018 FIFA World Cup?",
    "How long should sourdough bread proof before baking?",
    "Which planet in the solar system has the most moons?",
    "What is the recommended dose of ibuprofen for adults?",
)


def _paragraphs(text: str) -> set[str]:
    return {p.strip() for p in re.split(r"\n\s*\n", text) if len(p.strip()) > 80}


def pydoc_evalset() -> BeirSet:
    from pydoc_data.topics import topics

    paras = {name: _paragraphs(text) for name, text in topics.items()}

    def containers(topic: str) -> list[str]:
        own = paras[topic]
        return [
            other
            for other in topics
            if other != topic and own and len(own & paras[other]) / len(own) > 0.5
        ]

    corpus = {name: (name, text) for name, text in sorted(topics.items())}
    queries: dict[str, BeirQuery] = {}
    qrels: dict[str, dict[str, int]] = {}
    for number, (question, topic) in enumerate(QUESTIONS, start=1):
        if topic not in topics:
            continue  # another CPython version may lack a topic
        qid = f"q{number:03d}"
        queries[qid] = BeirQuery(qid, question)
        qrels[qid] = {topic: 2, **{other: 1 for other in containers(topic)}}
    return BeirSet("pydoc-topics", corpus, queries, qrels)


def write_pydoc_evalset(folder: Path) -> Path:
    write_beir(folder, pydoc_evalset())
    return folder
