"""The FreeSWITCH event-socket (ESL) listener: connection, typed events, the `Switch` adapter.

Runs under gevent in its own process (`callcenter esl`), never inside the asyncio server.
Module map:

- `connection.EslConnection` keeps one authenticated, subscribed socket alive (reconnects
  with backoff, calls `on_connected` after every (re)connect so the caller can reconcile).
- `inbound` is the thin greenswitch subclass that reads the wire; `wire` decodes event
  bodies; `events` turns them into small typed dataclasses.
- `switch_adapter.EslSwitch` implements `backoffice.acd.switch_port.Switch` with ESL
  commands; `replies` interprets ``+OK``/``-ERR`` answers; `endpoints` holds the
  operator's agent dial strings.
- `snapshot` reads the switch's channels and registrations; `reconcile` (pure) compares
  them with what the queue believes.
"""
