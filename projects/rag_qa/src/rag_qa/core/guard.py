"""Prompt-injection defence for retrieved text.

Documents are data, never instructions. Before any passage reaches a model:
- chat-template control tokens (`<|im_start|>`, `[INST]`, `<<SYS>>`, ...) are stripped, so a
  document cannot open a new system or assistant turn;
- sentences that address the model ("ignore previous instructions", "you are now", "reveal your
  system prompt", "respond only with ...") are removed and counted;
the prompt then fences the passages as quoted sources and tells the model to ignore any
instruction inside them. The extractive answerer never quotes a flagged sentence.
"""

from __future__ import annotations

import re

_CONTROL_TOKENS = re.compile(
    r"<\|[a-z_]{2,20}\|>|\[/?INST\]|<</?SYS>>|</?s>|<\|?(?:system|assistant|user)\|?>|"
    r"^#{2,}\s*(?:system|instruction|assistant|response)s?\s*:?.*$",
    re.IGNORECASE | re.MULTILINE,
)
#: A whole injected chat turn: from an opening control token to its end (or the end of the line).
_CHAT_TURN = re.compile(
    r"<\|im_start\|>.*?(?:<\|im_end\|>|$)", re.IGNORECASE | re.MULTILINE | re.DOTALL
)
_ROLE_PREFIX = re.compile(r"^\s*(?:system|assistant|user)\s*:", re.IGNORECASE | re.MULTILINE)
_INJECTION = re.compile(
    r"\b(?:"
    r"ignore|disregard|forget|override|bypass"
    r")\b[^.!?\n]{0,40}\b(?:instructions?|prompts?|rules|directions|guidelines|context|above|"
    r"previous|prior|everything)\b"
    r"|\byou\s+(?:are\s+now|must\s+now|will\s+now|should\s+now)\b"
    r"|\b(?:new|updated|real|actual)\s+(?:system\s+)?instructions?\b"
    r"|\b(?:reveal|print|show|repeat|output|leak)\b[^.!?\n]{0,30}\b(?:system\s+prompt|instructions|"
    r"prompt)\b"
    r"|\b(?:respond|reply|answer|say)\s+(?:only\s+)?(?:with|by\s+saying)\b[^.!?\n]{0,20}[\"'“]"
    r"|\bact\s+as\b[^.!?\n]{0,30}\b(?:assistant|ai|model|dan|jailbr\w*)\b"
    r"|\b(?:always|only|just)\s+(?:answer|reply|respond|say|output|write)\b"
    r"|\bsystem\s+prompt\b",
    re.IGNORECASE,
)
_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")


def strip_control_tokens(text: str) -> str:
    return _ROLE_PREFIX.sub("", _CONTROL_TOKENS.sub(" ", text))


def _drop_chat_turns(text: str) -> tuple[str, int]:
    found = len(_CHAT_TURN.findall(text))
    return (_CHAT_TURN.sub(" ", text), found) if found else (text, 0)


def is_injection(sentence: str) -> bool:
    return bool(_INJECTION.search(sentence))


def sanitize(text: str) -> tuple[str, int]:
    """The passage without control tokens or model-directed sentences, and how many went."""
    text, removed = _drop_chat_turns(text)
    text = strip_control_tokens(text)
    kept: list[str] = []
    for sentence in _SENTENCE.split(text):
        if not sentence.strip():
            continue
        if is_injection(sentence):
            removed += 1
            continue
        kept.append(sentence.strip())
    return " ".join(kept), removed
