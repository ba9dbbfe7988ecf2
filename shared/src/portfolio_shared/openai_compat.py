"""The OpenAI chat-completions wire format, for services that let any OpenAI client talk to them:
the request fields that apply, the question a conversation asks, and the answer as a completion
or as server-sent chunks."""

from __future__ import annotations

import json
import time
import uuid
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from portfolio_shared.errors import ApiError


class ChatMessage(BaseModel):
    model_config = ConfigDict(extra="allow")

    role: Literal["system", "user", "assistant", "tool", "developer"]
    content: str | list[dict[str, Any]] | None = None


class ChatCompletionRequest(BaseModel):
    """The fields of OpenAI's chat completions request that apply here; others are accepted
    and ignored so unmodified clients (openai, LangChain's ChatOpenAI) work."""

    model_config = ConfigDict(extra="allow")

    model: str = ""
    messages: list[ChatMessage] = Field(min_length=1)
    stream: bool = False
    max_tokens: int | None = Field(None, ge=1, le=4096)
    temperature: float | None = Field(None, ge=0, le=2)


def last_user_text(body: ChatCompletionRequest, field: str = "messages") -> str:
    """The text of the last user message (the question), or a 422 naming `messages`."""
    for message in reversed(body.messages):
        if message.role == "user":
            content = message.content
            if isinstance(content, list):
                content = " ".join(
                    str(part.get("text", "")) for part in content if part.get("type") == "text"
                )
            if content and content.strip():
                return content
    raise ApiError(422, "no user message with text content", field)


def models(model_id: str, owner: str) -> dict[str, Any]:
    return {
        "object": "list",
        "data": [{"id": model_id, "object": "model", "created": 0, "owned_by": owner}],
    }


class Completion:
    """One answer in OpenAI's shapes: whole (`message`) or streamed (`chunk`, then `done`)."""

    def __init__(self, model_id: str) -> None:
        self.model_id = model_id
        self.id = f"chatcmpl-{uuid.uuid4().hex[:24]}"
        self.created = int(time.time())

    def message(self, content: str, **extra: Any) -> dict[str, Any]:
        return {
            "id": self.id,
            "object": "chat.completion",
            "created": self.created,
            "model": self.model_id,
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": content},
                    "finish_reason": "stop",
                }
            ],
            "usage": {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0},
            **extra,
        }

    def chunk(self, delta: dict[str, Any], finish: str | None = None) -> str:
        payload = {
            "id": self.id,
            "object": "chat.completion.chunk",
            "created": self.created,
            "model": self.model_id,
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
        }
        return f"data: {json.dumps(payload, ensure_ascii=False)}\n\n"

    def done(self) -> list[str]:
        return [self.chunk({}, "stop"), "data: [DONE]\n\n"]
