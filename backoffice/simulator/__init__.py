"""The IVR simulators: phone the real call-flow engine without a switch.

Two adapters of the `Channel` port (`fs_scripts.channel`), both driving the unchanged
engine (`fs_scripts.flows.run_call`) against the back office over HTTP, as FreeSWITCH does:

- the browser phone at `/simulator/` (`router.py`): a keypad page; each call runs the
  engine in a thread with a `BrowserChannel` (`browser_channel.py`) kept in a
  `CallRegistry` (`registry.py`); the page long-polls the call's events (`events.py`)
  and plays the prompt WAVs with captions (`prompt_media.py`);
- the terminal phone, `callcenter call` (`backoffice/simulator_cli.py`): a
  `TerminalChannel` (`terminal_channel.py`) for a person, or the engine's own
  `ScriptedChannel` for `--keys`.

Development and demo only: the browser phone answers 404 when `env` is `prod`.
"""
