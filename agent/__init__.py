"""Hookline's LangGraph agent: understand, clarify, research, draft, review, respond."""
