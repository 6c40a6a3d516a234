"""A strict fake Discord on 127.0.0.1: the REST API and the gateway, refusing what Discord refuses.

The real discord.py client logs in to it (the tests point `discord.http.Route.BASE` and
`DiscordWebSocket.DEFAULT_GATEWAY` here). Tests push gateway events (an interaction, a message) and read what the
bot sent from `requests` and `messages`. What Discord would refuse is answered as Discord answers it and kept in
`refused`; a message that would notify someone is kept in `pings`. The fixtures fail a test that leaves either
non-empty unless it expected them.

Rules enforced (https://discord.com/developers/docs):
- message content 2,000; 10 embeds; embed title 256, description 4,096, 25 fields, field name 256 and value 1,024
  (neither empty), footer 2,048, author 256, 6,000 characters over the message's embeds; an empty message;
- components: 5 action rows of 5 buttons, label 80, custom_id 1-100 and unique in the message;
- autocomplete: 25 choices, each name 1-100 and value at most 100;
- an interaction answered more than 3 s after it was sent is unknown (10062); a second acknowledgement is refused
  (40060); its token accepts follow-ups and edits for 15 minutes (then 50027);
- type 7 edits the message the component is on; type 6 defers that edit (then PATCH @original edits it);
- the first follow-up after a type-5 defer replaces the "thinking" message and keeps the defer's visibility;
- gateway: HELLO with a (short, in tests) heartbeat interval, ACK to heartbeats, IDENTIFY with shards, RESUME after a
  dropped connection (the events missed meanwhile are replayed), the close code the client sends.

Time is `clock()`: real monotonic time plus what tests `advance()`, so a slow core or the 15-minute window can be
simulated without waiting.
"""

from __future__ import annotations

import asyncio
import copy
import itertools
import json
import re
import time
from dataclasses import dataclass, field
from typing import Any, Callable

from aiohttp import WSMsgType, web

APPLICATION_ID = "900000000000000001"
BOT_ID = "900000000000000002"
GUILD_ID = "900000000000000003"
CHANNEL_ID = "900000000000000004"
USER_ID = "900000000000000005"  # the reader, who also owns the application
OTHER_USER_ID = "900000000000000006"
DM_CHANNEL_ID = "900000000000000007"
# A second server whose shard is the other one of two: (id >> 22) % 2 differs from GUILD_ID's.
GUILD_2_ID = str(int(GUILD_ID) + (1 << 22))
CHANNEL_2_ID = "900000000000000008"
TIMESTAMP = "2026-11-22T12:00:00.000000+00:00"

BOT_USER = {"id": BOT_ID, "username": "coverage", "discriminator": "0", "global_name": None, "avatar": None,
            "bot": True}
HUMAN = {"id": USER_ID, "username": "reader", "discriminator": "0", "global_name": "Reader", "avatar": None}

ACK_DEADLINE = 3.0
TOKEN_LIFETIME = 15 * 60
EPHEMERAL = 1 << 6
LOADING = 1 << 7
LIMITS = {"content": 2000, "embeds": 10, "title": 256, "description": 4096, "fields": 25, "field_name": 256,
          "field_value": 1024, "footer": 2048, "author": 256, "embed_total": 6000, "rows": 5, "row_items": 5,
          "label": 80, "custom_id": 100, "choices": 25, "choice_name": 100, "choice_value": 100}


def shard_of(guild_id: str | int, shard_count: int) -> int:
    """The shard Discord routes a guild's events to."""
    return (int(guild_id) >> 22) % shard_count


def json_response(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> web.Response:
    """The client decodes a body only when the content type is exactly application/json."""
    return web.Response(body=json.dumps(data).encode(), status=status,
                        headers={"Content-Type": "application/json", **(headers or {})})


def message_problems(payload: dict, *, edit: bool = False) -> list[str]:
    """Why Discord would refuse this message body (empty when it would accept it)."""
    problems = []
    content = payload.get("content") or ""
    if len(content) > LIMITS["content"]:
        problems.append(f"content: {len(content)} characters > {LIMITS['content']}")
    embeds = payload.get("embeds") or []
    if len(embeds) > LIMITS["embeds"]:
        problems.append(f"embeds: {len(embeds)} > {LIMITS['embeds']}")
    total = 0
    for n, embed in enumerate(embeds):
        def check(value: str | None, limit: str, what: str, required: bool = False) -> int:
            text = value or ""
            if required and not text.strip():
                problems.append(f"embeds.{n}.{what}: empty")
            if len(text) > LIMITS[limit]:
                problems.append(f"embeds.{n}.{what}: {len(text)} characters > {LIMITS[limit]}")
            return len(text)

        total += check(embed.get("title"), "title", "title")
        total += check(embed.get("description"), "description", "description")
        total += check((embed.get("footer") or {}).get("text"), "footer", "footer.text")
        total += check((embed.get("author") or {}).get("name"), "author", "author.name")
        fields = embed.get("fields") or []
        if len(fields) > LIMITS["fields"]:
            problems.append(f"embeds.{n}.fields: {len(fields)} > {LIMITS['fields']}")
        for m, item in enumerate(fields):
            total += check(item.get("name"), "field_name", f"fields.{m}.name", required=True)
            total += check(item.get("value"), "field_value", f"fields.{m}.value", required=True)
    if total > LIMITS["embed_total"]:
        problems.append(f"embeds: {total} characters in all > {LIMITS['embed_total']}")
    rows = payload.get("components") or []
    if len(rows) > LIMITS["rows"]:
        problems.append(f"components: {len(rows)} rows > {LIMITS['rows']}")
    seen: set[str] = set()
    for n, row in enumerate(rows):
        items = row.get("components") or []
        if row.get("type") != 1 or not items or len(items) > LIMITS["row_items"]:
            problems.append(f"components.{n}: an action row holds 1 to {LIMITS['row_items']} components")
        for item in items:
            label, custom_id = item.get("label") or "", item.get("custom_id")
            if len(label) > LIMITS["label"]:
                problems.append(f"components.{n}: label of {len(label)} characters > {LIMITS['label']}")
            if item.get("style") == 5:
                continue  # a link button has a url, no custom_id
            if not custom_id or len(custom_id) > LIMITS["custom_id"]:
                problems.append(f"components.{n}: custom_id must be 1 to {LIMITS['custom_id']} characters")
            elif custom_id in seen:
                problems.append(f"components.{n}: custom_id {custom_id!r} is used twice")
            seen.add(custom_id or "")
    if not edit and not (content or embeds or payload.get("_files") or payload.get("attachments") or rows
                         or payload.get("sticker_ids") or payload.get("poll")):
        problems.append("Cannot send an empty message")
    return problems


def pings(payload: dict, replied_author: str | None = None) -> list[str]:
    """Whom sending this message would notify, given its allowed_mentions (Discord's defaults when absent)."""
    content = payload.get("content") or ""
    allowed = payload.get("allowed_mentions")
    parse = set(allowed.get("parse", [])) if allowed is not None else {"everyone", "users", "roles"}
    users = set(allowed.get("users", [])) if allowed is not None else set()
    roles = set(allowed.get("roles", [])) if allowed is not None else set()
    found = []
    if re.search(r"@(everyone|here)\b", content) and "everyone" in parse:
        found.append("@everyone/@here")
    for user in re.findall(r"<@!?(\d+)>", content):
        if "users" in parse or user in users:
            found.append(f"user {user}")
    for role in re.findall(r"<@&(\d+)>", content):
        if "roles" in parse or role in roles:
            found.append(f"role {role}")
    if replied_author and (allowed is None or allowed.get("replied_user", False)):
        found.append(f"replied user {replied_author}")
    return found


@dataclass
class Recorded:
    """One request the bot made, and how the fake answered it."""

    method: str
    path: str
    body: Any
    at: float
    status: int = 200


@dataclass
class Refusal:
    """A request the fake refused as Discord would have."""

    method: str
    path: str
    status: int
    code: int
    reason: str


@dataclass
class InteractionState:
    """What Discord knows of one interaction it sent the bot."""

    payload: dict
    sent_at: float
    response_type: int | None = None
    original_id: str | None = None  # the message the interaction's @original refers to
    loading: bool = False  # a type-5 defer whose first follow-up has not come yet
    followups: list[str] = field(default_factory=list)  # the messages its follow-ups made or replaced
    edits: int = 0  # PATCHes through its token


@dataclass
class Session:
    """One gateway connection of one shard."""

    shard: tuple[int, int]
    session_id: str
    socket: web.WebSocketResponse | None
    sequence: int = 0
    sent: list[tuple[int, dict]] = field(default_factory=list)  # (seq, payload) for replay on RESUME


@dataclass
class FakeDiscord:
    """The fake server; start() it, then point discord.py at `api_base` and `gateway_url`."""

    heartbeat_interval_ms: int = 250
    recommended_shards: int = 1
    owner: dict = field(default_factory=lambda: dict(HUMAN))
    team: dict | None = None
    requests: list[Recorded] = field(default_factory=list)
    refused: list[Refusal] = field(default_factory=list)
    pings: list[tuple[str, list[str]]] = field(default_factory=list)
    messages: dict[str, dict] = field(default_factory=dict)
    interactions: dict[str, InteractionState] = field(default_factory=dict)
    commands: dict[str, list[dict]] = field(default_factory=dict)  # "global" or a guild id → commands
    rate_limited: list[str] = field(default_factory=list)
    rate_limit_next: dict[str, int] = field(default_factory=dict)
    identifies: list[dict] = field(default_factory=list)
    resumes: list[dict] = field(default_factory=list)
    heartbeats: list[tuple[float, int | None]] = field(default_factory=list)
    close_codes: list[int | None] = field(default_factory=list)
    sessions: dict[int, Session] = field(default_factory=dict)  # shard id → its current session
    warp: float = 0.0
    port: int = 0
    _ids: itertools.count = field(default_factory=lambda: itertools.count(910000000000000000))
    _runner: web.AppRunner | None = None
    _changed: asyncio.Condition | None = None
    guilds: tuple[str, ...] = (GUILD_ID, GUILD_2_ID)

    # --- running ------------------------------------------------------------------------------------------------

    async def start(self) -> None:
        """Serve on an ephemeral loopback port."""
        self._changed = asyncio.Condition()
        app = web.Application()
        app.router.add_get("/gateway", self._gateway)
        app.router.add_route("*", "/api/v10/{path:.*}", self._rest)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

    async def stop(self) -> None:
        """Close every socket and the server."""
        for session in self.sessions.values():
            if session.socket is not None and not session.socket.closed:
                await session.socket.close()
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def api_base(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/v10"

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/gateway"

    def clock(self) -> float:
        """Discord's time: real time plus what the test advanced."""
        return time.monotonic() + self.warp

    def advance(self, seconds: float) -> None:
        """Let `seconds` pass for Discord at once (a slow core, or the 15-minute window)."""
        self.warp += seconds

    def new_id(self) -> str:
        return str(next(self._ids))

    async def _notify(self) -> None:
        async with self._changed:
            self._changed.notify_all()

    async def wait_for(self, predicate: Callable[[Recorded], bool], timeout: float = 10.0) -> list[Recorded]:
        """Wait until some recorded requests satisfy the predicate; return those that do."""
        async def matching() -> list[Recorded]:
            async with self._changed:
                while not (found := [r for r in self.requests if predicate(r)]):
                    await self._changed.wait()
                return found

        return await asyncio.wait_for(matching(), timeout)

    async def wait_until(self, condition: Callable[[], Any], timeout: float = 10.0) -> Any:
        """Wait until condition() is truthy (checked at every request or gateway frame); return it."""
        async def waiting() -> Any:
            async with self._changed:
                while not (value := condition()):
                    await self._changed.wait()
                return value

        return await asyncio.wait_for(waiting(), timeout)

    # --- REST ---------------------------------------------------------------------------------------------------

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
        recorded = Recorded(request.method, path, body, self.clock())
        self.requests.append(recorded)
        try:
            response = await self._answer(request.method, path, body)
        except _Refused as refusal:
            self.refused.append(Refusal(request.method, path, refusal.status, refusal.code, refusal.reason))
            response = json_response({"message": refusal.reason, "code": refusal.code}, status=refusal.status)
        recorded.status = response.status
        await self._notify()
        return response

    async def _multipart_json(self, request: web.Request) -> Any:
        """The JSON part of a message with attachments; the files' names and sizes go under "_files"."""
        payload, files = None, []
        async for part in await request.multipart():
            if part.name == "payload_json":
                payload = json.loads(await part.text())
            else:
                files.append({"filename": part.filename, "size": len(await part.read())})
        return dict(payload or {}, _files=files)

    async def _answer(self, method: str, path: str, body: Any) -> web.Response:
        parts = path.strip("/").split("/")
        if method == "GET" and path == "/users/@me":
            return json_response(BOT_USER)
        if method == "GET" and path == "/oauth2/applications/@me":
            return json_response({"id": APPLICATION_ID, "name": "coverage", "description": "", "icon": None,
                                  "bot_public": True, "bot_require_code_grant": False, "owner": self.owner,
                                  "verify_key": "0" * 64, "flags": 0, "summary": "", "team": self.team})
        if method == "GET" and path in ("/gateway/bot", "/gateway"):
            return json_response({"url": self.gateway_url, "shards": self.recommended_shards, "session_start_limit": {
                "total": 1000, "remaining": 1000, "reset_after": 0, "max_concurrency": 1}})
        if parts[0] == "applications" and parts[-1] == "commands":
            return self._commands(method, parts, body)
        if method == "POST" and parts[0] == "interactions" and parts[-1] == "callback":
            return self._callback(parts[1], parts[2], body or {})
        if parts[0] == "webhooks" and len(parts) >= 3:
            return self._webhook(method, parts[2], parts[4] if len(parts) > 4 else None, body or {})
        if parts[0] == "channels" and parts[-1] == "typing":
            return web.Response(status=204)
        if parts[0] == "channels" and len(parts) >= 3 and parts[2] == "messages":
            return self._channel_message(method, parts[1], parts[3] if len(parts) > 3 else None, body or {})
        if method == "POST" and path == "/users/@me/channels":
            return json_response({"id": DM_CHANNEL_ID, "type": 1, "recipients": [HUMAN], "last_message_id": None})
        raise _Refused(404, 0, f"fake Discord has no route {method} {path}")

    def _commands(self, method: str, parts: list[str], body: Any) -> web.Response:
        scope = parts[3] if "guilds" in parts else "global"
        if method == "GET":
            return json_response(self.commands.get(scope, []))
        if method != "PUT":
            raise _Refused(405, 0, "only bulk overwrite is faked")
        for command in body:
            if not re.fullmatch(r"[-_\w]{1,32}", command["name"]) or not 1 <= len(command.get("description", "")) <= 100:
                raise _Refused(400, 50035, f"command {command['name']!r}: bad name or description")
            if len(command.get("options", [])) > 25:
                raise _Refused(400, 50035, f"command {command['name']!r}: more than 25 options")
        self.commands[scope] = [dict(command, id=self.new_id(), application_id=APPLICATION_ID, version="1",
                                     type=command.get("type", 1),
                                     default_member_permissions=command.get("default_member_permissions"),
                                     guild_id=None if scope == "global" else scope)
                                for command in body]
        return json_response(self.commands[scope])

    def _interaction(self, token: str) -> InteractionState:
        state = next((s for s in self.interactions.values() if s.payload["token"] == token), None)
        if state is None:
            raise _Refused(404, 10015, "Unknown Webhook")
        return state

    def _callback(self, interaction_id: str, token: str, body: dict) -> web.Response:
        state = self.interactions.get(interaction_id)
        if state is None or state.payload["token"] != token:
            raise _Refused(404, 10062, "Unknown interaction")
        if state.response_type is not None:
            raise _Refused(400, 40060, "Interaction has already been acknowledged.")
        if self.clock() - state.sent_at > ACK_DEADLINE:
            raise _Refused(404, 10062, "Unknown interaction (acknowledged after 3 s)")
        kind, data, itype = body.get("type"), body.get("data") or {}, state.payload["type"]
        allowed = {2: {4, 5, 9}, 3: {4, 5, 6, 7, 9}, 4: {8}}[itype]
        if kind not in allowed:
            raise _Refused(400, 50035, f"response type {kind} is not valid for interaction type {itype}")
        message = None
        if kind == 4:
            self._check(data)
            message = self._store(data, flags=data.get("flags", 0) & EPHEMERAL, webhook=True)
            state.original_id = message["id"]
        elif kind == 5:
            message = self._store({}, flags=(data.get("flags", 0) & EPHEMERAL) | LOADING, webhook=True)
            state.original_id, state.loading = message["id"], True
        elif kind in (6, 7):
            target = self.messages.get(state.payload["message"]["id"])
            if target is None or target.get("deleted"):
                raise _Refused(404, 10008, "Unknown Message")
            state.original_id = target["id"]
            if kind == 7:
                self._check(data, edit=True)
                message = self._edit(target, data)
        elif kind == 8:
            self._check_choices(data.get("choices"))
        state.response_type = kind
        return json_response({
            "interaction": {"id": interaction_id, "type": itype, "response_message_id": state.original_id,
                            "response_message_loading": kind == 5,
                            "response_message_ephemeral": bool(message and message["flags"] & EPHEMERAL)},
            "resource": {"type": kind, **({"message": message} if message else {})}})

    def _check_choices(self, choices: Any) -> None:
        if not isinstance(choices, list) or len(choices) > LIMITS["choices"]:
            raise _Refused(400, 50035, f"autocomplete: at most {LIMITS['choices']} choices")
        for choice in choices:
            if not 1 <= len(choice.get("name", "")) <= LIMITS["choice_name"]:
                raise _Refused(400, 50035, f"autocomplete: choice name must be 1 to {LIMITS['choice_name']} characters")
            if len(str(choice.get("value", ""))) > LIMITS["choice_value"]:
                raise _Refused(400, 50035, f"autocomplete: choice value over {LIMITS['choice_value']} characters")

    def _webhook(self, method: str, token: str, message_id: str | None, body: dict) -> web.Response:
        state = self._interaction(token)
        if self.clock() - state.sent_at > TOKEN_LIFETIME:
            raise _Refused(401, 50027, "Invalid Webhook Token (older than 15 minutes)")
        if state.response_type is None:
            raise _Refused(404, 10015, "Unknown Webhook (the interaction was not acknowledged)")
        if message_id is None:  # a follow-up
            if method != "POST":
                raise _Refused(405, 0, "follow-ups are created with POST")
            self._check(body)
            original = self.messages.get(state.original_id or "")
            if state.loading and original is not None and not original.get("deleted"):
                # The first follow-up after a defer replaces the "thinking" message and keeps its visibility.
                state.loading = False
                state.followups.append(original["id"])
                return json_response(self._edit(original, body, done_loading=True))
            state.loading = False
            message = self._store(body, flags=body.get("flags", 0) & EPHEMERAL, webhook=True)
            state.followups.append(message["id"])
            return json_response(message)
        target = self.messages.get(state.original_id if message_id == "@original" else message_id)
        if target is None or target.get("deleted"):
            raise _Refused(404, 10008, "Unknown Message")
        if method == "GET":
            return json_response(target)
        if method == "PATCH":
            self._check(body, edit=True)
            if message_id == "@original":
                state.loading = False
            state.edits += 1
            return json_response(self._edit(target, body, done_loading=True))
        if method == "DELETE":
            target["deleted"] = True
            return web.Response(status=204)
        raise _Refused(405, 0, f"{method} on a webhook message is not faked")

    def _channel_message(self, method: str, channel_id: str, message_id: str | None, body: dict) -> web.Response:
        if method == "POST" and message_id is None:
            self._check(body)
            replied = None
            if body.get("message_reference"):
                replied = self.messages.get(str(body["message_reference"]["message_id"]), {}).get("author", {}).get("id")
            message = self._store(body, flags=0, channel_id=channel_id, replied_author=replied)
            return json_response(message)
        target = self.messages.get(message_id or "")
        if target is None or target.get("deleted"):
            raise _Refused(404, 10008, "Unknown Message")
        if target["author"]["id"] != BOT_ID:
            raise _Refused(403, 50005, "Cannot edit a message authored by another user")
        if method == "PATCH":
            self._check(body, edit=True)
            return json_response(self._edit(target, body))
        raise _Refused(405, 0, f"{method} on a channel message is not faked")

    def _check(self, payload: dict, edit: bool = False) -> None:
        problems = message_problems(payload, edit=edit)
        if problems:
            code = 50006 if problems == ["Cannot send an empty message"] else 50035
            raise _Refused(400, code, "Invalid Form Body: " + "; ".join(problems))

    def _store(self, body: dict, *, flags: int, webhook: bool = False, channel_id: str = CHANNEL_ID,
               replied_author: str | None = None) -> dict:
        """A message as Discord returns it for what the bot sent (kept in `messages`)."""
        message = {"id": self.new_id(), "channel_id": channel_id, "type": 0,
                   "content": body.get("content") or "", "embeds": body.get("embeds") or [],
                   "components": body.get("components") or [], "author": BOT_USER,
                   "attachments": [self._attachment(f) for f in body.get("_files", [])],
                   "mentions": [], "mention_roles": [], "mention_everyone": False, "pinned": False, "tts": False,
                   "timestamp": TIMESTAMP, "edited_timestamp": None, "flags": flags,
                   "webhook_id": APPLICATION_ID if webhook else None}
        if channel_id != DM_CHANNEL_ID:
            message["guild_id"] = GUILD_ID
        if body.get("message_reference"):
            message["message_reference"] = body["message_reference"]
        self.messages[message["id"]] = message
        found = pings(body, replied_author)
        if found:
            self.pings.append((message["id"], found))
        return message

    def _attachment(self, file: dict) -> dict:
        return dict(file, id=self.new_id(), url="https://cdn.invalid/" + file["filename"],
                    proxy_url="https://cdn.invalid/p")

    def _edit(self, message: dict, body: dict, done_loading: bool = False) -> dict:
        for key in ("content", "embeds", "components"):
            if key in body:
                message[key] = body[key] or ([] if key != "content" else "")
        if "attachments" in body or body.get("_files"):
            kept = [a for a in message["attachments"] if any(str(b.get("id")) == str(a["id"])
                                                             for b in body.get("attachments", []))]
            message["attachments"] = kept + [self._attachment(f) for f in body.get("_files", [])]
        if done_loading:
            message["flags"] &= ~LOADING
        message["edited_timestamp"] = TIMESTAMP
        found = pings(body)
        if found:
            self.pings.append((message["id"], found))
        return dict(message)

    def visible(self, message_id: str | None) -> dict | None:
        """A snapshot of a message as readers see it now (None once deleted)."""
        message = self.messages.get(message_id or "")
        return None if message is None or message.get("deleted") else copy.deepcopy(message)

    # --- gateway ------------------------------------------------------------------------------------------------

    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        socket = web.WebSocketResponse()
        await socket.prepare(request)
        await socket.send_str(json.dumps({"op": 10, "d": {"heartbeat_interval": self.heartbeat_interval_ms},
                                          "s": None, "t": None}))
        session: Session | None = None
        async for frame in socket:
            if frame.type != WSMsgType.TEXT:
                continue
            payload = json.loads(frame.data)
            if payload["op"] == 1:
                self.heartbeats.append((self.clock(), payload["d"]))
                await socket.send_str(json.dumps({"op": 11, "d": None, "s": None, "t": None}))
            elif payload["op"] == 2:
                self.identifies.append(payload["d"])
                shard = tuple(payload["d"].get("shard") or (0, 1))
                session = Session(shard, f"session-{self.new_id()}", socket)
                self.sessions[shard[0]] = session
                guilds = [g for g in self.guilds if shard_of(g, shard[1]) == shard[0]]
                await self._send(session, "READY", {
                    "v": 10, "user": BOT_USER, "guilds": [{"id": g, "unavailable": True} for g in guilds],
                    "session_id": session.session_id, "resume_gateway_url": self.gateway_url,
                    "shard": list(shard), "application": {"id": APPLICATION_ID, "flags": 0}})
                for guild in guilds:
                    await self._send(session, "GUILD_CREATE", self.guild(guild))
            elif payload["op"] == 6:
                self.resumes.append(payload["d"])
                session = next((s for s in self.sessions.values() if s.session_id == payload["d"]["session_id"]), None)
                if session is None:
                    await socket.send_str(json.dumps({"op": 9, "d": False, "s": None, "t": None}))
                    continue
                session.socket = socket
                for sequence, missed in session.sent:
                    if sequence > (payload["d"].get("seq") or 0):
                        await socket.send_str(json.dumps(missed))
                await self._send(session, "RESUMED", {})
            await self._notify()
        self.close_codes.append(socket.close_code)
        await self._notify()
        return socket

    async def _send(self, session: Session, event: str, data: dict) -> None:
        session.sequence += 1
        frame = {"op": 0, "t": event, "s": session.sequence, "d": data}
        session.sent.append((session.sequence, frame))
        if session.socket is not None and not session.socket.closed:
            await session.socket.send_str(json.dumps(frame))

    async def drop(self, shard: int = 0) -> None:
        """Cut a shard's connection without a close frame, as a network failure does."""
        session = self.sessions[shard]
        socket, session.socket = session.socket, None
        transport = socket._req.transport if socket is not None and socket._req is not None else None
        if transport is not None:
            transport.abort()

    def connected(self, shard: int = 0) -> bool:
        """Whether the shard's session has a live socket."""
        session = self.sessions.get(shard)
        return session is not None and session.socket is not None and not session.socket.closed

    def guild(self, guild_id: str = GUILD_ID) -> dict:
        """A test server: one text channel, the bot and one reader."""
        channel = CHANNEL_ID if guild_id == GUILD_ID else CHANNEL_2_ID
        everyone = {"id": guild_id, "name": "@everyone", "permissions": "2147483647", "position": 0, "color": 0,
                    "hoist": False, "managed": False, "mentionable": False, "flags": 0}
        member = lambda user: {"user": user, "roles": [], "joined_at": TIMESTAMP, "deaf": False, "mute": False,
                               "flags": 0}
        return {"id": guild_id, "name": "Newsroom", "icon": None, "owner_id": USER_ID, "roles": [everyone],
                "emojis": [], "stickers": [], "features": [], "member_count": 2, "large": False,
                "unavailable": False, "members": [member(BOT_USER), member(HUMAN)], "voice_states": [],
                "presences": [], "threads": [], "stage_instances": [], "guild_scheduled_events": [],
                "soundboard_sounds": [], "verification_level": 0, "default_message_notifications": 0,
                "explicit_content_filter": 0, "mfa_level": 0, "nsfw_level": 0, "premium_tier": 0,
                "preferred_locale": "en-US", "joined_at": TIMESTAMP,
                "channels": [{"id": channel, "type": 0, "name": "general", "position": 0,
                              "permission_overwrites": [], "nsfw": False, "parent_id": None, "guild_id": guild_id}]}

    async def dispatch(self, event: str, data: dict, shard: int | None = None) -> None:
        """Send one gateway event to the bot, on the shard of its guild."""
        if shard is None:
            count = max(s.shard[1] for s in self.sessions.values()) if self.sessions else 1
            shard = shard_of(data.get("guild_id") or GUILD_ID, count) if data.get("guild_id") else 0
        session = self.sessions.get(shard)
        assert session is not None, f"shard {shard} is not connected"
        if event == "INTERACTION_CREATE":
            self.interactions[data["id"]] = InteractionState(data, self.clock())
        await self._send(session, event, data)

    def interaction(self, name: str, options: list[dict] | None = None, *, type: int = 2,
                    data: dict | None = None, message: dict | None = None, user_id: str = USER_ID,
                    locale: str = "en-US", guild_id: str | None = GUILD_ID) -> dict:
        """An INTERACTION_CREATE payload from a reader (in the test channel, or in DMs without guild_id)."""
        user = dict(HUMAN, id=user_id)
        payload = {
            "id": self.new_id(), "application_id": APPLICATION_ID, "type": type, "token": f"tok{self.new_id()}",
            "version": 1, "data": data or {"id": "1", "name": name, "type": 1, "options": options or []},
            "locale": locale, "app_permissions": "2147483647", "entitlements": [], "attachment_size_limit": 26214400,
        }
        if guild_id is None:
            payload.update(channel_id=DM_CHANNEL_ID, user=user, context=1, channel={"id": DM_CHANNEL_ID, "type": 1},
                           authorizing_integration_owners={"1": user_id})
        else:
            channel = CHANNEL_ID if guild_id == GUILD_ID else CHANNEL_2_ID
            payload.update(guild_id=guild_id, guild_locale="en-US", channel_id=channel, context=0,
                           channel={"id": channel, "type": 0, "guild_id": guild_id, "name": "general", "position": 0,
                                    "permission_overwrites": [], "nsfw": False, "parent_id": None},
                           member={"user": user, "roles": [], "joined_at": TIMESTAMP, "deaf": False, "mute": False,
                                   "flags": 0, "permissions": "2147483647"},
                           authorizing_integration_owners={"0": guild_id})
        if message is not None:
            payload["message"] = message
        return payload

    def click(self, message: dict, custom_id: str, user_id: str = USER_ID, locale: str = "en-US") -> dict:
        """A button press on a message the bot sent (as Discord shows it now)."""
        guild_id = message.get("guild_id")
        return self.interaction("", type=3, data={"custom_id": custom_id, "component_type": 2}, message=dict(message),
                                user_id=user_id, locale=locale, guild_id=guild_id)

    def user_message(self, content: str, mentions: list[dict], *, dm: bool = False, author: dict = HUMAN) -> dict:
        """A MESSAGE_CREATE payload from a reader (in the test channel, or in a DM with the bot)."""
        message = {"id": self.new_id(), "channel_id": DM_CHANNEL_ID if dm else CHANNEL_ID, "type": 0,
                   "content": content, "author": author, "mentions": mentions, "mention_roles": [],
                   "mention_everyone": False, "embeds": [], "attachments": [], "components": [], "pinned": False,
                   "tts": False, "timestamp": TIMESTAMP, "edited_timestamp": None, "flags": 0}
        if not dm:
            message.update(guild_id=GUILD_ID, member={"roles": [], "joined_at": TIMESTAMP, "deaf": False,
                                                      "mute": False, "flags": 0})
        self.messages[message["id"]] = message
        return message


class _Refused(Exception):
    def __init__(self, status: int, code: int, reason: str) -> None:
        super().__init__(reason)
        self.status, self.code, self.reason = status, code, reason
