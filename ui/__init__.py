"""The Chainlit web chat: a thin adapter over the agent and tools."""
