"""gunicorn's access log, with the tokens of alert links left out.

The links in alert mails carry a token in their path (to confirm a request, manage an
address's alerts, unsubscribe); whoever reads a log line holding one could use it. The
line keeps the rest of the address, so a request is still seen for what it was.
"""

import re

from gunicorn.glogging import Logger

TOKEN_IN_PATH = re.compile(r"(/alerts/(?:confirm|manage|unsubscribe)/)[^/\s?#]+")


def redact_tokens(text: str) -> str:
    return TOKEN_IN_PATH.sub(r"\1[token]", text)


class AccessLogger(Logger):
    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        for name in ("r", "U", "f"):
            if isinstance(atoms.get(name), str):
                atoms[name] = redact_tokens(atoms[name])
        return atoms
