"""`python -m bot run` pointed at the fake Discord (API and gateway given as arguments), for the SIGTERM test.

Every question takes 1.5 s to answer, so that a signal can arrive while it is in progress.
"""

from __future__ import annotations

import sys
import time

import discord
import yarl

from bot import cli
from bot.answer import Answerer

api_base, gateway_url = sys.argv[1], sys.argv[2]
discord.http.Route.BASE = api_base
discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(gateway_url)
real_ask = Answerer.ask


def ask(self: Answerer, question: str, k: int = 5):
    time.sleep(1.5)
    return real_ask(self, question, k)


Answerer.ask = ask  # type: ignore[method-assign]
sys.exit(cli.main(["run"]))
