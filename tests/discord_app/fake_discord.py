"""A fake Discord on 127.0.0.1: enough of the REST API and the gateway for the real discord.py client to run.

The tests point discord.py at it (`discord.http.Route.BASE`, `DiscordWebSocket.DEFAULT_GATEWAY`), push gateway
events (an interaction, a message), and read what the bot sent back from `requests`.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

APPLICATION_ID = "900000000000000001"
BOT_ID = "900000000000000002"
GUILD_ID = "900000000000000003"
CHANNEL_ID = "900000000000000004"
USER_ID = "900000000000000005"
TIMESTAMP = "2026-11-22T12:00:00.000000+00:00"

BOT_USER = {"id": BOT_ID, "username": "coverage", "discriminator": "0", "global_name": None, "avatar": None,
            "bot": True}
HUMAN = {"id": USER_ID, "username": "reader", "discriminator": "0", "global_name": "Reader", "avatar": None}


def json_response(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> web.Response:
    """The client decodes a body only when the content type is exactly application/json."""
    return web.Response(body=json.dumps(data).encode(), status=status,
                        headers={"Content-Type": "application/json", **(headers or {})})


@dataclass
class Recorded:
    """One request the bot made."""

    method: str
    path: str
    body: Any
    at: float


@dataclass
class FakeDiscord:
    """The fake server; start() it, then use `api_base` and `gateway_url`."""

    requests: list[Recorded] = field(default_factory=list)
    messages: list[dict] = field(default_factory=list)
    rate_limited: list[str] = field(default_factory=list)
    rate_limit_next: dict[str, int] = field(default_factory=dict)
    _ids: itertools.count = field(default_factory=lambda: itertools.count(910000000000000000))
    _sequence: itertools.count = field(default_factory=lambda: itertools.count(1))
    _socket: web.WebSocketResponse | None = None
    _runner: web.AppRunner | None = None
    _received: asyncio.Condition | None = None
    guild_created: asyncio.Event | None = None
    port: int = 0

    async def start(self) -> None:
        """Serve on an ephemeral loopback port."""
        self._received = asyncio.Condition()
        self.guild_created = asyncio.Event()
        app = web.Application()
        app.router.add_get("/gateway", self._gateway)
        app.router.add_route("*", "/api/v10/{path:.*}", self._rest)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

    async def stop(self) -> None:
        """Close the socket and the server."""
        if self._socket is not None:
            await self._socket.close()
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def api_base(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/v10"

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/gateway"

    def new_id(self) -> str:
        return str(next(self._ids))

    # --- REST -----------------------------------------------------------------------------------------------

    async def _rest(self, request: web.Request) -> web.Response:
        path = "/" + request.match_info["path"]
        if request.content_type.startswith("multipart/"):
            body = await self._multipart_json(request)
        else:
            body = await request.json() if request.can_read_body and request.content_type == "application/json" else None
        key = f"{request.method} {path}"
        for pattern, remaining in list(self.rate_limit_next.items()):
            if remaining and key.startswith(pattern):
                self.rate_limit_next[pattern] = remaining - 1
                self.rate_limited.append(key)
                # Without a Via header discord.py takes a 429 for a Cloudflare ban and raises instead of waiting.
                return json_response({"message": "You are being rate limited.", "retry_after": 0.2, "global": False},
                                     status=429, headers={"Via": "1.1 google", "Retry-After": "0.2",
                                                          "X-RateLimit-Scope": "user"})
        self._record(request.method, path, body)
        return await self._answer(request.method, path, body)

    async def _multipart_json(self, request: web.Request) -> Any:
        """The JSON part of a message with attachments; the files' names and sizes go under "_files"."""
        payload, files = None, []
        async for part in await request.multipart():
            if part.name == "payload_json":
                payload = json.loads(await part.text())
            else:
                files.append({"filename": part.filename, "size": len(await part.read())})
        return dict(payload or {}, _files=files)

    def _record(self, method: str, path: str, body: Any) -> None:
        self.requests.append(Recorded(method, path, body, time.monotonic()))

        async def notify() -> None:
            async with self._received:
                self._received.notify_all()

        asyncio.get_running_loop().create_task(notify())

    async def _answer(self, method: str, path: str, body: Any) -> web.Response:
        parts = path.strip("/").split("/")
        if method == "GET" and path == "/users/@me":
            return json_response(BOT_USER)
        if method == "GET" and path == "/oauth2/applications/@me":
            return json_response({"id": APPLICATION_ID, "name": "coverage", "description": "", "icon": None,
                                  "bot_public": True, "bot_require_code_grant": False, "owner": HUMAN,
                                  "verify_key": "0" * 64, "flags": 0, "summary": "", "team": None})
        if method == "GET" and path == "/gateway/bot":
            return json_response({"url": self.gateway_url, "shards": 1, "session_start_limit": {
                "total": 1000, "remaining": 1000, "reset_after": 0, "max_concurrency": 1}})
        if method == "PUT" and parts[0] == "applications" and parts[-1] == "commands":
            return json_response([dict(command, id=self.new_id(), application_id=APPLICATION_ID, version="1",
                                       type=command.get("type", 1), default_member_permissions=None,
                                       guild_id=parts[3] if "guilds" in parts else None)
                                  for command in body])
        if method == "POST" and parts[0] == "interactions" and parts[-1] == "callback":
            message = self.message(body.get("data") or {}, webhook=True)
            return json_response({
                "interaction": {"id": parts[1], "type": 2, "response_message_id": message["id"],
                                "response_message_loading": body["type"] == 5,
                                "response_message_ephemeral": bool((body.get("data") or {}).get("flags", 0) & 64)},
                "resource": {"type": body["type"], "message": message}})
        if parts[0] == "webhooks" and method in ("POST", "PATCH"):
            return json_response(self.message(body or {}, webhook=True))
        if parts[0] == "channels" and parts[-1] == "typing":
            return web.Response(status=204)
        if method == "POST" and parts[0] == "channels" and parts[-1] == "messages":
            return json_response(self.message(body or {}))
        return json_response({"message": f"fake Discord has no route {method} {path}", "code": 0}, status=404)

    def message(self, body: dict, webhook: bool = False) -> dict:
        """A message object as Discord returns it for what the bot sent (kept in `messages`)."""
        message = {"id": self.new_id(), "channel_id": CHANNEL_ID, "guild_id": GUILD_ID, "type": 0,
                "content": body.get("content") or "", "embeds": body.get("embeds") or [],
                "components": body.get("components") or [], "author": BOT_USER, "attachments": [],
                "mentions": [], "mention_roles": [], "mention_everyone": False, "pinned": False, "tts": False,
                "timestamp": TIMESTAMP, "edited_timestamp": None, "flags": body.get("flags", 0),
                "webhook_id": APPLICATION_ID if webhook else None}
        self.messages.append(message)
        return message

    async def wait_for(self, predicate, timeout: float = 10.0) -> list[Recorded]:
        """Wait until some recorded requests satisfy the predicate; return those that do."""
        async def matching() -> list[Recorded]:
            async with self._received:
                while not (found := [r for r in self.requests if predicate(r)]):
                    await self._received.wait()
                return found

        return await asyncio.wait_for(matching(), timeout)

    # --- gateway --------------------------------------------------------------------------------------------

    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        socket = web.WebSocketResponse()
        await socket.prepare(request)
        self._socket = socket
        await socket.send_str(json.dumps({"op": 10, "d": {"heartbeat_interval": 41250}, "s": None, "t": None}))
        async for frame in socket:
            if frame.type != WSMsgType.TEXT:
                continue
            payload = json.loads(frame.data)
            if payload["op"] == 1:
                await socket.send_str(json.dumps({"op": 11, "d": None, "s": None, "t": None}))
            elif payload["op"] == 2:
                await self.dispatch("READY", {
                    "v": 10, "user": BOT_USER, "guilds": [{"id": GUILD_ID, "unavailable": True}],
                    "session_id": "fake-session", "resume_gateway_url": self.gateway_url,
                    "application": {"id": APPLICATION_ID, "flags": 0}})
                await self.dispatch("GUILD_CREATE", self.guild())
                self.guild_created.set()
        return socket

    def guild(self) -> dict:
        """The test server: one text channel, the bot and one reader."""
        everyone = {"id": GUILD_ID, "name": "@everyone", "permissions": "2147483647", "position": 0, "color": 0,
                    "hoist": False, "managed": False, "mentionable": False, "flags": 0}
        member = lambda user: {"user": user, "roles": [], "joined_at": TIMESTAMP, "deaf": False, "mute": False,
                               "flags": 0}
        return {"id": GUILD_ID, "name": "Newsroom", "icon": None, "owner_id": USER_ID, "roles": [everyone],
                "emojis": [], "stickers": [], "features": [], "member_count": 2, "large": False,
                "unavailable": False, "members": [member(BOT_USER), member(HUMAN)], "voice_states": [],
                "presences": [], "threads": [], "stage_instances": [], "guild_scheduled_events": [],
                "soundboard_sounds": [], "verification_level": 0, "default_message_notifications": 0,
                "explicit_content_filter": 0, "mfa_level": 0, "nsfw_level": 0, "premium_tier": 0,
                "preferred_locale": "en-US", "joined_at": TIMESTAMP,
                "channels": [{"id": CHANNEL_ID, "type": 0, "name": "general", "position": 0,
                              "permission_overwrites": [], "nsfw": False, "parent_id": None, "guild_id": GUILD_ID}]}

    async def dispatch(self, event: str, data: dict) -> None:
        """Send one gateway event to the bot."""
        assert self._socket is not None, "the bot is not connected"
        await self._socket.send_str(json.dumps({"op": 0, "t": event, "s": next(self._sequence), "d": data}))

    def interaction(self, name: str, options: list[dict] | None = None, *, type: int = 2,
                    data: dict | None = None, message: dict | None = None, user_id: str = USER_ID) -> dict:
        """An INTERACTION_CREATE payload from the reader in the test channel."""
        payload = {
            "id": self.new_id(), "application_id": APPLICATION_ID, "type": type, "token": f"tok{self.new_id()}",
            "version": 1, "guild_id": GUILD_ID, "channel_id": CHANNEL_ID,
            "channel": {"id": CHANNEL_ID, "type": 0, "guild_id": GUILD_ID, "name": "general", "position": 0,
                        "permission_overwrites": [], "nsfw": False, "parent_id": None},
            "member": {"user": dict(HUMAN, id=user_id), "roles": [], "joined_at": TIMESTAMP, "deaf": False, "mute": False,
                       "flags": 0, "permissions": "2147483647"},
            "data": data or {"id": "1", "name": name, "type": 1, "options": options or []},
            "locale": "en-US", "guild_locale": "en-US", "app_permissions": "2147483647", "entitlements": [],
            "authorizing_integration_owners": {"0": GUILD_ID}, "context": 0, "attachment_size_limit": 26214400,
        }
        if message is not None:
            payload["message"] = message
        return payload

    def user_message(self, content: str, mentions: list[dict]) -> dict:
        """A MESSAGE_CREATE payload from the reader."""
        return {"id": self.new_id(), "channel_id": CHANNEL_ID, "guild_id": GUILD_ID, "type": 0, "content": content,
                "author": HUMAN, "member": {"roles": [], "joined_at": TIMESTAMP, "deaf": False, "mute": False,
                                            "flags": 0},
                "mentions": mentions, "mention_roles": [], "mention_everyone": False, "embeds": [],
                "attachments": [], "components": [], "pinned": False, "tts": False, "timestamp": TIMESTAMP,
                "edited_timestamp": None, "flags": 0}
