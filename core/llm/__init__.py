"""The chat-model seam: one protocol, an OpenAI-compatible implementation, an embedded default."""

from core.llm.base import ChatMessage, ChatModel, ToolDecision, ToolSpec

__all__ = ["ChatMessage", "ChatModel", "ToolDecision", "ToolSpec"]
