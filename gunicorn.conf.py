"""gunicorn configuration for production: `gunicorn -c gunicorn.conf.py cwgcop.wsgi`.

Threaded workers (gthread): a zip of a meeting's files or a CSV of the whole archive streams
for as long as the client takes to read it, and a slow client would hold a sync worker, the
whole process, for that long; a few of them would stop the site. With threads a stream
holds one thread, the worker goes on answering others, and the worker's heartbeat (what
`timeout` watches) keeps beating while a thread streams. Every value can be overridden on
the command line or with GUNICORN_CMD_ARGS.
"""

import gc
import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
worker_class = "gthread"
# Processes use every core; threads cover the time a request waits on the database,
# the object store or a slow client. Not more: the threads of a process share one core (the
# GIL), so a long request (a large export) sharing it with seven others took eight times
# its own time, past a client's patience, while all pages were being rendered at once.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() + 1))
threads = int(os.environ.get("GUNICORN_THREADS", 4))
# A worker that stops answering its heartbeat for this long is replaced.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 60))
graceful_timeout = 30
keepalive = 5
# Recycled now and then, so that no worker grows for ever; the jitter keeps them from
# restarting all at once. Not often: a new worker takes a second or two to start, while the
# others take over its clients' connections and keep them. At 2,000 requests a busy site
# restarted a worker every few seconds, and under load throughput fell to a third.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 20000))
max_requests_jitter = max_requests // 10
# The proxy is on this machine or the private network; it alone may set X-Forwarded-*.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# One line per request and per event, on standard output.
accesslog = "-"
errorlog = "-"
capture_output = True
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s"'
# Tokens of alert links (confirm, manage, unsubscribe) are left out of the access log.
logger_class = "cwgcop.access_log.AccessLogger"

# The garbage collector's full passes walk every object the worker holds: the modules,
# templates, URL patterns and catalogues that live as long as the worker, a few hundred
# thousand objects, some 100 ms a pass, in the middle of some request. Objects alive once the
# worker has loaded the application, and again once it has served its first pages (each
# template compiled, each language's catalogue read), are set aside for good (gc.freeze),
# so that a pass walks only what requests made since. 0 freezes nothing.
FREEZE_AFTER_REQUESTS = int(os.environ.get("GUNICORN_FREEZE_AFTER", 500))
_served = 0


def _freeze() -> None:
    gc.collect()
    gc.freeze()


def post_worker_init(worker) -> None:
    if FREEZE_AFTER_REQUESTS > 0:
        _freeze()


def post_request(worker, req, environ, resp) -> None:
    global _served
    _served += 1
    if _served == FREEZE_AFTER_REQUESTS:
        _freeze()
