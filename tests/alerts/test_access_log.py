import datetime

from gunicorn.config import Config

from cwgcop.access_log import AccessLogger, redact_tokens


def test_tokens_of_alert_links_are_left_out_of_the_access_log():
    config = Config()
    config.set("access_log_format", '"%(r)s" %(s)s "%(f)s"')
    logger = AccessLogger(config)
    response = type("Response", (), {"status": "200 OK", "sent": 10, "headers": []})()
    environ = {
        "REQUEST_METHOD": "POST",
        "RAW_URI": "/en/cwg-cop/alerts/unsubscribe/WzEsWzFdXQ:1xXuQU:zxeNF8pHk2Vfn/",
        "PATH_INFO": "/en/cwg-cop/alerts/unsubscribe/WzEsWzFdXQ:1xXuQU:zxeNF8pHk2Vfn/",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_REFERER": "https://documents.example.org/fr/cwg-cop/alerts/manage/MTM:1xXuK8:rjw/",
    }

    atoms = logger.atoms(response, [], environ, datetime.timedelta(seconds=0))

    assert config.access_log_format % atoms == (
        '"POST /en/cwg-cop/alerts/unsubscribe/[token]/ HTTP/1.1" 200 '
        '"https://documents.example.org/fr/cwg-cop/alerts/manage/[token]/"'
    )
    assert atoms["U"] == "/en/cwg-cop/alerts/unsubscribe/[token]/"


def test_other_addresses_are_logged_as_they_are():
    assert redact_tokens("GET /en/cwg-cop/documents/?q=alerts HTTP/1.1") == (
        "GET /en/cwg-cop/documents/?q=alerts HTTP/1.1"
    )
