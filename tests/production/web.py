"""A small HTTP client for tests against real servers: cookies, CSRF and file uploads.

It keeps one cookie jar, so the same signed-in session can be used against several app
servers, as a browser behind a load balancer would.
"""

import http.cookiejar
import re
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass

from tests.formdata import form_data


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode()

    @property
    def location(self) -> str:
        return urllib.parse.urlsplit(self.headers.get("location", "")).path


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    def __init__(self) -> None:
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), _NoRedirect()
        )

    def request(self, url: str, *, data: bytes | None = None, headers=None) -> Answer:
        request = urllib.request.Request(url, data=data, headers=headers or {})  # noqa: S310
        try:
            with self.opener.open(request, timeout=60) as response:
                return Answer(
                    response.status,
                    {k.lower(): v for k, v in response.headers.items()},
                    response.read(),
                )
        except urllib.error.HTTPError as error:
            return Answer(
                error.code, {k.lower(): v for k, v in error.headers.items()}, error.read()
            )

    def get(self, url: str) -> Answer:
        return self.request(url)

    def csrf_token(self) -> str:
        return next(cookie.value for cookie in self.cookies if cookie.name == "csrftoken")

    def post(
        self, url: str, fields: dict, files: dict[str, tuple[str, bytes]] | None = None
    ) -> Answer:
        fields = {**fields, "csrfmiddlewaretoken": self.csrf_token()}
        headers = {"Referer": url}
        if files:
            body, content_type = _multipart(fields, files)
        else:
            body = urllib.parse.urlencode(fields, doseq=True).encode()
            content_type = "application/x-www-form-urlencoded"
        headers["Content-Type"] = content_type
        return self.request(url, data=body, headers=headers)

    def submit_form(self, url: str, form_id: str | None = None, **changes) -> Answer:
        """GET a page, read its form back and POST it with `changes`."""
        page = self.get(url)
        data = form_data(page.text, form_id=form_id)
        files = {name: value for name, value in changes.items() if isinstance(value, tuple)}
        data.update({name: value for name, value in changes.items() if name not in files})
        return self.post(url, data, files)


def file_input_names(html: str) -> list[str]:
    return re.findall(r'<input type="file" name="([^"]+)"', html)


def _multipart(fields: dict, files: dict[str, tuple[str, bytes]]) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        for item in value if isinstance(value, list) else [value]:
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{item}\r\n'.encode()
            )
    for name, (filename, content) in files.items():
        parts.append(
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                f'filename="{filename}"\r\nContent-Type: application/octet-stream\r\n\r\n'
            ).encode()
            + content
            + b"\r\n"
        )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"
