"""Telegram handlers: thin adapters between updates and the services in `bot/`.

The order below is the order PTB tries them in (all in the default group, first match wins);
the fallbacks come last so they only see what nothing else took.
"""

from __future__ import annotations

from bot.runtime import CouncilApplication
from handlers import errors, fallback, faq, help, invites, members, onboarding, scope


def register_all(app: CouncilApplication) -> None:
    onboarding.register(app)
    help.register(app)
    invites.register(app)
    members.register(app)
    faq.register(app)
    scope.register(app)  # /council and every council-scoped command (/invite, /members …)
    faq.register_text(app)  # free text is a question (or a secretary's answer)
    fallback.register(app)
    errors.register(app)
