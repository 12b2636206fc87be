"""Firefox driven through Marionette, its own remote protocol, without geckodriver (which Debian
does not package): `firefox-esr --headless --marionette` on a scratch profile, and the protocol
spoken here over a loopback socket.

The protocol (Mozilla's "Marionette protocol" documentation): every message is its JSON text's
length in bytes, a colon, then the text. The server first sends its hello
{"applicationType": "gecko", "marionetteProtocol": 3}; a command is [0, id, name, parameters]
and its response [1, id, error, result], error being null or {"error", "message", "stacktrace"}.
The commands are WebDriver's (WebDriver:NewSession, WebDriver:Navigate, WebDriver:FindElements,
WebDriver:ExecuteScript, ...) with their parameters as the body WebDriver's HTTP API takes.

Firefox gives the profile's marionette.port (0 here: a free port it picks) in the profile's
MarionetteActivePort file. The profile's prefs keep Firefox off the network: every proxied
connection goes to a closed port on loopback, and what Firefox would fetch on its own (updates,
telemetry, remote settings, safe browsing, captive portal detection) is off.

The driver answers a subset of Selenium's WebDriver interface (get, find_elements with
"css selector", "id" or "tag name", execute_script, execute_async_script, save_screenshot, quit;
elements with text, get_attribute, send_keys, clear, click), so that checks written for one run in both.
"""

import base64
import json
import os
import shutil
import socket
import subprocess
import time

ELEMENT_KEY = "element-6066-11e4-a52e-4f735466cecf"  # WebDriver's web element identifier

# Nothing leaves the machine: Firefox's own traffic off, every proxied request to a closed port
# on loopback (loopback itself is never proxied: network.proxy.allow_hijacking_localhost).
QUIET_PREFS = {
    "marionette.port": 0,
    "network.proxy.type": 1,
    "network.proxy.http": "127.0.0.1",
    "network.proxy.http_port": 9,
    "network.proxy.ssl": "127.0.0.1",
    "network.proxy.ssl_port": 9,
    "network.proxy.socks": "127.0.0.1",
    "network.proxy.socks_port": 9,
    "network.proxy.socks_remote_dns": True,
    "network.trr.mode": 5,
    "network.dns.forceResolve": "127.0.0.1",
    "network.dns.disablePrefetch": True,
    "network.prefetch-next": False,
    "network.captive-portal-service.enabled": False,
    "network.connectivity-service.enabled": False,
    "app.update.disabledForTesting": True,
    "app.normandy.enabled": False,
    "app.shield.optoutstudies.enabled": False,
    "browser.safebrowsing.malware.enabled": False,
    "browser.safebrowsing.phishing.enabled": False,
    "browser.safebrowsing.downloads.enabled": False,
    "browser.safebrowsing.update.enabled": False,
    "browser.shell.checkDefaultBrowser": False,
    "browser.startup.homepage_override.mstone": "ignore",
    "browser.startup.page": 0,
    "browser.newtabpage.enabled": False,
    "browser.aboutwelcome.enabled": False,
    "browser.region.network.url": "",
    "browser.search.update": False,
    "datareporting.policy.dataSubmissionEnabled": False,
    "datareporting.healthreport.uploadEnabled": False,
    "toolkit.telemetry.enabled": False,
    "toolkit.telemetry.server": "",
    "extensions.update.enabled": False,
    "extensions.getAddons.cache.enabled": False,
    "services.settings.server": "http://127.0.0.1:9/",
    "messaging-system.rsexperimentloader.enabled": False,
    "dom.push.connection.enabled": False,
    "geo.provider.network.url": "",
    "remote.prefs.recommended": True,
}


class MarionetteError(RuntimeError):
    """A command's error answer: WebDriver's error code, its message, the command."""

    def __init__(self, command, error):
        self.error = error.get("error", "")
        super().__init__(f"{command}: {self.error}: {error.get('message', '')}")


class NoSuchElementError(MarionetteError):
    pass


class Element:
    def __init__(self, driver, element_id):
        self._driver = driver
        self.id = element_id

    @property
    def text(self):
        return self._driver._command("WebDriver:GetElementText", {"id": self.id})

    def get_attribute(self, name):
        return self._driver._command("WebDriver:GetElementAttribute", {"id": self.id, "name": name})

    def send_keys(self, *keys):
        self._driver._command("WebDriver:ElementSendKeys", {"id": self.id, "text": "".join(keys)})

    def clear(self):
        self._driver._command("WebDriver:ElementClear", {"id": self.id})

    def click(self):
        self._driver._command("WebDriver:ElementClick", {"id": self.id})

    def as_argument(self):
        return {ELEMENT_KEY: self.id}


class Firefox:
    """A headless Firefox on `profile_dir` (made here, emptied first), started at once; the
    process's output goes to `log_path`. `binary` is firefox-esr's path."""

    def __init__(self, binary, profile_dir, log_path, start_timeout=60.0, command_timeout=60.0):
        shutil.rmtree(profile_dir, ignore_errors=True)
        os.makedirs(profile_dir)
        with open(os.path.join(profile_dir, "user.js"), "w") as f:
            for name, value in QUIET_PREFS.items():
                f.write(f"user_pref({json.dumps(name)}, {json.dumps(value)});\n")
        self._log = open(log_path, "w")
        self._process = subprocess.Popen(
            [binary, "--headless", "--marionette", "--no-remote", "--profile", profile_dir,
             "about:blank"],
            stdin=subprocess.DEVNULL, stdout=self._log, stderr=subprocess.STDOUT,
            env={**os.environ, "MOZ_CRASHREPORTER_DISABLE": "1", "MOZ_HEADLESS": "1"})
        self._socket = None
        self._buffer = b""
        self._next_id = 0
        try:
            port = self._active_port(profile_dir, start_timeout)
            self._socket = socket.create_connection(("127.0.0.1", port), timeout=command_timeout)
            hello = self._receive()
            if not isinstance(hello, dict) or hello.get("marionetteProtocol") != 3:
                raise RuntimeError(f"Marionette's hello is not protocol 3: {hello!r}")
            self.capabilities = self._command("WebDriver:NewSession", {
                "pageLoadStrategy": "normal", "unhandledPromptBehavior": "dismiss",
                "timeouts": {"script": 30000, "pageLoad": 30000, "implicit": 0}})["capabilities"]
        except Exception:
            self.quit()
            raise

    def _active_port(self, profile_dir, timeout):
        """The port Firefox listens on, once it has written it in the profile."""
        path = os.path.join(profile_dir, "MarionetteActivePort")
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise RuntimeError(f"Firefox ended with status {self._process.returncode} "
                                   f"before Marionette listened")
            try:
                with open(path) as f:
                    text = f.read().strip()
                if text.isdigit():
                    return int(text)
            except FileNotFoundError:
                pass
            time.sleep(0.05)
        raise RuntimeError(f"Firefox did not write {path} within {timeout:.0f} s")

    # --- the wire -------------------------------------------------------------------------------

    def _receive(self):
        while b":" not in self._buffer:
            self._read_more()
        length, _, rest = self._buffer.partition(b":")
        if not length.isdigit():
            raise RuntimeError(f"Marionette sent a message without its length: {self._buffer[:80]!r}")
        self._buffer = rest
        while len(self._buffer) < int(length):
            self._read_more()
        message, self._buffer = self._buffer[:int(length)], self._buffer[int(length):]
        return json.loads(message)

    def _read_more(self):
        data = self._socket.recv(1 << 16)
        if not data:
            raise RuntimeError("Marionette closed the connection")
        self._buffer += data

    def _command(self, name, parameters):
        """The result of one command; MarionetteError for an error answer. A result that is
        {"value": X} alone answers X (WebDriver's HTTP API wraps results so)."""
        self._next_id += 1
        text = json.dumps([0, self._next_id, name, parameters]).encode()
        self._socket.sendall(str(len(text)).encode() + b":" + text)
        while True:
            message = self._receive()
            if isinstance(message, list) and len(message) == 4 and message[:2] == [1, self._next_id]:
                break
        _, _, error, result = message
        if error:
            kind = NoSuchElementError if error.get("error") == "no such element" else MarionetteError
            raise kind(name, error)
        if isinstance(result, dict) and list(result) == ["value"]:
            return self._elements_in(result["value"])
        return self._elements_in(result)

    def _elements_in(self, value):
        if isinstance(value, dict) and list(value) == [ELEMENT_KEY]:
            return Element(self, value[ELEMENT_KEY])
        if isinstance(value, list):
            return [self._elements_in(v) for v in value]
        if isinstance(value, dict):
            return {k: self._elements_in(v) for k, v in value.items()}
        return value

    # --- Selenium's names -----------------------------------------------------------------------

    def get(self, url):
        self._command("WebDriver:Navigate", {"url": url})

    @property
    def current_url(self):
        return self._command("WebDriver:GetCurrentURL", {})

    def find_elements(self, by, value):
        return self._command("WebDriver:FindElements", {"using": by, "value": value})

    def find_element(self, by, value):
        return self._command("WebDriver:FindElement", {"using": by, "value": value})

    def execute_script(self, script, *args):
        return self._command("WebDriver:ExecuteScript", {"script": script, "args": self._arguments(args)})

    def execute_async_script(self, script, *args):
        return self._command("WebDriver:ExecuteAsyncScript",
                             {"script": script, "args": self._arguments(args)})

    def save_screenshot(self, path):
        png = self._command("WebDriver:TakeScreenshot", {"full": False, "hash": False})
        with open(path, "wb") as f:
            f.write(base64.b64decode(png))
        return True

    @staticmethod
    def _arguments(args):
        return [a.as_argument() if isinstance(a, Element) else a for a in args]

    def quit(self):
        """Ends the session and Firefox (killed when it does not end within 20 s)."""
        if self._socket is not None:
            try:
                self._command("Marionette:Quit", {"flags": ["eForceQuit"]})
            except (OSError, RuntimeError):
                pass
            self._socket.close()
            self._socket = None
        if self._process.poll() is None:
            try:
                self._process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait(timeout=20)
        self._log.close()
