"""The public, read-only JSON API at /api/v1/: published records only, to anyone.

`urls` is what cwgcop/urls.py mounts; `main` assembles the routers of `documents`,
`meetings` and `directory` with the cross-cutting behaviour of `http` (English output,
ETag and 304, HEAD, the rate limit).
"""
