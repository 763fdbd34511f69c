"""Shared values and secrets, at app and environment level, with value set versions."""

from __future__ import annotations

from shared.messages import Message

MESSAGES: tuple[type[Message], ...] = ()
