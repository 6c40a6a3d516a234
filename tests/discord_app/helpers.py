"""Small helpers to drive the fake Discord like a user would: send a command, click a button, read what is shown."""

from __future__ import annotations

from typing import Any

from .fake_discord import APPLICATION_ID, EPHEMERAL, USER_ID, FakeDiscord


def ask(fake: FakeDiscord, question: str, private: bool | None = None, **kwargs: Any) -> dict:
    """An /ask interaction."""
    options = [{"name": "question", "type": 3, "value": question}]
    if private is not None:
        options.append({"name": "private", "type": 5, "value": private})
    return fake.interaction("ask", options, **kwargs)


def command(fake: FakeDiscord, name: str, **options: Any) -> dict:
    """A slash command with string / boolean options."""
    kinds = {bool: 5, str: 3, int: 4}
    return fake.interaction(name, [{"name": key, "type": kinds[type(value)], "value": value}
                                   for key, value in options.items()])


def callback_of(interaction: dict):
    return lambda r: r.method == "POST" and r.path == f"/interactions/{interaction['id']}/{interaction['token']}/callback"


def followup_of(interaction: dict):
    return lambda r: r.method == "POST" and r.path == f"/webhooks/{APPLICATION_ID}/{interaction['token']}"


def edit_of(interaction: dict):
    return lambda r: r.method == "PATCH" and r.path.startswith(f"/webhooks/{APPLICATION_ID}/{interaction['token']}/")


async def reply_to(fake: FakeDiscord, interaction: dict, timeout: float = 10.0) -> dict:
    """Dispatch an interaction and return the message it produced (its first response or follow-up), as shown."""
    await fake.dispatch("INTERACTION_CREATE", interaction)
    return await shown_reply(fake, interaction, timeout)


async def shown_reply(fake: FakeDiscord, interaction: dict, timeout: float = 10.0) -> dict:
    """The message an interaction produced or changed, once it is no longer "thinking"."""
    def done() -> dict | None:
        state = fake.interactions[interaction["id"]]
        if state.response_type in (4, 7):
            return fake.visible(state.original_id)
        if state.response_type == 5 and state.followups:
            return fake.visible(state.followups[0])
        if state.response_type == 6 and state.edits:
            return fake.visible(state.original_id)
        return None

    return await fake.wait_until(done, timeout)


async def click(fake: FakeDiscord, message: dict, label: str, user_id: str = USER_ID, locale: str = "en-US") -> dict:
    """Press the button with this label on a message as it is shown now; return the message the press produced or
    changed."""
    current = fake.visible(message["id"]) or message
    button = button_of(current, label)
    assert not button.get("disabled"), f"{label!r} is disabled"
    return await reply_to(fake, fake.click(current, button["custom_id"], user_id=user_id, locale=locale))


def button_of(message: dict, label: str) -> dict:
    """The button of a message with this label."""
    buttons = [b for row in message.get("components", []) for b in row["components"]]
    found = [b for b in buttons if b.get("label") == label]
    assert found, f"no {label!r} button among {[b.get('label') for b in buttons]}"
    return found[0]


def labels(message: dict) -> list[str]:
    """The labels of a message's buttons, in order."""
    return [b.get("label") for row in message.get("components", []) for b in row["components"]]


def is_private(message: dict) -> bool:
    return bool(message["flags"] & EPHEMERAL)


def public_messages(fake: FakeDiscord) -> list[dict]:
    """What everyone in the channel sees from the bot right now."""
    return [m for m in fake.messages.values() if m["author"]["id"] != USER_ID and not m.get("deleted")
            and not m["flags"] & EPHEMERAL and m["author"].get("bot")]


def embed_length(embed: dict) -> int:
    fields = sum(len(f["name"]) + len(f["value"]) for f in embed.get("fields", []))
    return len(embed.get("title", "")) + len(embed.get("description", "")) + fields + len(
        embed.get("footer", {}).get("text", "")) + len(embed.get("author", {}).get("name", ""))
