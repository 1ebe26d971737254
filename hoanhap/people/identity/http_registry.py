"""The population database over HTTP(S), with the standard library only.

The real service cannot be reached from the development machines, so this is the contract hoanhap
speaks; a gateway in front of the national service (or the service itself, if it adopts it) implements it.

Contract (JSON over HTTPS, UTF-8)
---------------------------------
Base URL: ``HOANHAP_POPULATION_URL``, e.g. ``https://dancu.example.gov.vn/api/v1``. Every request is a
``POST`` with ``Content-Type: application/json``, ``Accept: application/json`` and
``Authorization: Bearer <token>``, the token read from ``HOANHAP_POPULATION_TOKEN_FILE`` at each call (so
it can be rotated without a restart). Personal data travels in the body only, never in the URL, so it stays
out of access logs. Redirects are refused and proxies from the environment ignored: the data goes to the
configured address and nowhere else. Plain ``http://`` is accepted only for a loopback address.

``POST {base}/citizens/lookup`` with ``{"cccd": "020175123456"}`` — the citizen ID and nothing else.

* ``200``: one citizen::

      {"cccd": "020175123456", "full_name": "Đặng Thị Ánh", "sex": "female",
       "birth_date": "1975-04-12", "birth_year": 1975,
       "residence": "Thôn Nà Lầu, Xã Bắc Sơn, Tỉnh Lạng Sơn", "commune_code": "06325",
       "death_date": null}

  ``sex`` is ``"male"`` or ``"female"``; ``birth_date`` may be null when only ``birth_year`` is known;
  ``commune_code`` is the current five-digit commune code of the permanent residence, or null;
  ``death_date`` is null for a living person. Dates are ISO 8601.
* ``404``: no citizen has this ID.
* anything else (``401``/``403`` for a refused token, ``429``, ``5xx``), a timeout (``HOANHAP_POPULATION_
  TIMEOUT_SECONDS``) or a body that does not follow the contract: the database is unavailable.

``POST {base}/events`` with ``{"kind": "death" | "moved", "cccd": "…", "date": "YYYY-MM-DD",
"details": {"…": "…"}}``: ``200``, ``201``, ``202`` or ``204`` when accepted; anything else is unavailable.
"""

from __future__ import annotations

import datetime as dt
import http.client
import ipaddress
import json
import logging
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from django.core.exceptions import ImproperlyConfigured

from hoanhap.people.identity.registry import EVENT_KINDS, CitizenRecord, EventKind, RegistryUnavailable

logger = logging.getLogger(__name__)
MAX_ANSWER_BYTES = 1_000_000
ACCEPTED = {200, 201, 202, 204}


class _RefuseRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect would resend the token (and the request) to another address: treat it as an error."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class HttpPopulationRegistry:
    source = "http"

    def __init__(self, *, url: str, token_file: str | Path, timeout: float) -> None:
        parsed = urllib.parse.urlsplit(url)
        if not parsed.hostname or parsed.scheme not in {"https", "http"}:
            raise ImproperlyConfigured("HOANHAP_POPULATION_URL must be an https:// URL.")
        if parsed.scheme == "http" and not _is_loopback(parsed.hostname):
            raise ImproperlyConfigured(
                "HOANHAP_POPULATION_URL must use https:// (plain http only for a loopback address)."
            )
        if parsed.query or parsed.fragment:
            raise ImproperlyConfigured("HOANHAP_POPULATION_URL must not have a query or a fragment.")
        if not str(token_file):
            raise ImproperlyConfigured("Set HOANHAP_POPULATION_TOKEN_FILE to the file holding the token.")
        if timeout <= 0:
            raise ImproperlyConfigured("HOANHAP_POPULATION_TIMEOUT_SECONDS must be positive.")
        self.url = url.rstrip("/")
        self.token_file = Path(token_file)
        self.timeout = timeout
        self._opener = urllib.request.build_opener(urllib.request.ProxyHandler({}), _RefuseRedirects())

    def _token(self) -> str:
        try:
            token = self.token_file.read_text(encoding="utf-8").strip()
        except OSError as error:
            logger.error("population database token file %s cannot be read: %s", self.token_file, error)
            raise RegistryUnavailable("the token file cannot be read") from error
        if not token:
            logger.error("population database token file %s is empty", self.token_file)
            raise RegistryUnavailable("the token file is empty")
        return token

    def _post(self, path: str, payload: Mapping[str, Any]) -> tuple[int, bytes]:
        request = urllib.request.Request(  # noqa: S310 (the scheme was checked in __init__)
            self.url + path,
            data=json.dumps(payload, ensure_ascii=False).encode("utf-8"),
            method="POST",
            headers={
                "Authorization": f"Bearer {self._token()}",
                "Content-Type": "application/json; charset=utf-8",
                "Accept": "application/json",
                "User-Agent": "hoanhap",
            },
        )
        try:
            with self._opener.open(request, timeout=self.timeout) as response:
                return response.status, response.read(MAX_ANSWER_BYTES)
        except urllib.error.HTTPError as error:
            try:
                return error.code, error.read(MAX_ANSWER_BYTES)
            finally:
                error.close()
        except (urllib.error.URLError, http.client.HTTPException, OSError) as error:
            # TimeoutError is an OSError; the reason never contains the request body.
            logger.warning("population database %s unreachable: %s", path, getattr(error, "reason", error))
            raise RegistryUnavailable("the population database cannot be reached") from error

    def lookup(self, cccd: str) -> CitizenRecord | None:
        status, body = self._post("/citizens/lookup", {"cccd": cccd})
        if status == 404:
            return None
        if status != 200:
            logger.warning("population database lookup answered HTTP %s", status)
            raise RegistryUnavailable(f"the population database answered HTTP {status}")
        try:
            data = json.loads(body.decode("utf-8"))
            if not isinstance(data, dict):
                raise ValueError("not an object")
            record = CitizenRecord.from_json(data)
        except ValueError as error:  # includes JSON and Unicode decoding errors
            logger.warning("population database lookup answer not understood: %s", error)
            raise RegistryUnavailable("the population database's answer was not understood") from error
        if record.cccd != cccd:
            raise RegistryUnavailable("the population database answered about another citizen ID")
        return record

    def report_event(self, kind: EventKind, cccd: str, date: dt.date, details: Mapping[str, str]) -> None:
        if kind not in EVENT_KINDS:
            raise ValueError(f"unknown event kind {kind!r}")
        payload = {"kind": kind, "cccd": cccd, "date": date.isoformat(), "details": dict(details)}
        status, _ = self._post("/events", payload)
        if status not in ACCEPTED:
            logger.warning("population database refused an event: HTTP %s", status)
            raise RegistryUnavailable(f"the population database answered HTTP {status}")
