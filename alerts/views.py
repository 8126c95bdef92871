"""The alert pages, for anyone, with no account: the form, the confirmation, the page
that manages an address's alerts, one-click unsubscription.

The links in mails carry a signed token (alerts/tokens.py). A GET never changes anything:
mail scanners open links before people do, so confirming and unsubscribing take a button
(a POST). The one-click POST of RFC 8058 comes from a mail client, with no cookie: that
one view alone is exempt from the CSRF check; its token is what authorises it.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from workinggroups.addresses import kept_groups
from workinggroups.current import active_group

from . import services
from .forms import FrequencyForm, LanguageForm, SubscribeForm
from .models import PendingAlert, Subscriber
from .selectors import alerts_of
from .targets import target_from_query, target_of
from .tokens import (
    alerts_of_unsubscribe_token,
    manage_token,
    pending_of_confirm_token,
    subscriber_of_manage_token,
)


def token_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A page whose address holds a token: never cached or indexed, and its address never
    sent as a Referer.

    `strict-origin`: a request from the page names the site (its origin) and never the
    page's path, to this site as to any other. Not `no-referrer`: under it a browser posts
    the page's own forms with `Origin: null`, which Django's CSRF check refuses (403). Not
    `same-origin` (the rest of the site's policy): it sends the whole address, token and
    all, with every request for the page's stylesheet and scripts, where a proxy's access
    log keeps it."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = view(request, *args, **kwargs)
        patch_cache_control(response, private=True, no_store=True)
        response["Referrer-Policy"] = "strict-origin"
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    return wrapped


@require_http_methods(["GET", "POST"])
def subscribe(request: HttpRequest) -> HttpResponse:
    group = active_group()
    preselected = target_from_query(request.GET, group)
    form = SubscribeForm(request.POST or None, preselected=preselected)
    if request.method == "POST" and form.is_valid():
        services.request_alert(
            email=form.cleaned_data["email"],
            target=form.cleaned_data["what"],
            frequency=form.cleaned_data["frequency"],
            language=get_language(),
        )
        return redirect("alerts:requested")
    return render(request, "alerts/subscribe.html", {"form": form, "group": group})


def requested(request: HttpRequest) -> HttpResponse:
    """The same answer for every address: whether it already follows something, or has
    asked too often, is not said."""
    return render(
        request,
        "alerts/requested.html",
        {"hours": int(services.confirmation_expiry().total_seconds() // 3600)},
    )


@token_page
@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    pending_id = pending_of_confirm_token(token)
    pending = (
        PendingAlert.objects.select_related("source", "topic", "meeting", "group")
        .filter(pk=pending_id)
        .first()
        if pending_id
        else None
    )
    if pending is None:
        return render(request, "alerts/link_invalid.html", status=404)
    if services.is_expired(pending):
        return render(request, "alerts/confirm_expired.html", status=410)
    if request.method == "POST":
        alert = services.confirm_alert(pending=pending)
        return redirect("alerts:manage", manage_token(alert.subscriber_id))
    return render(
        request,
        "alerts/confirm.html",
        {
            "followed": target_of(pending).describe(with_group=len(kept_groups()) > 1),
            "pending": pending,
        },
    )


@token_page
@require_http_methods(["GET", "POST"])
def manage(request: HttpRequest, token: str) -> HttpResponse:
    subscriber_id = subscriber_of_manage_token(token)
    subscriber = Subscriber.objects.filter(pk=subscriber_id).first() if subscriber_id else None
    if subscriber is None:
        return render(request, "alerts/link_invalid.html", status=404)
    if request.method == "POST":
        deleted = _change(request, subscriber)
        if deleted:
            return render(request, "alerts/removed.html")
        return redirect("alerts:manage", token)
    with_group = len(kept_groups()) > 1
    alerts = [
        (
            alert,
            target_of(alert).describe(with_group=with_group),
            FrequencyForm(initial={"frequency": alert.frequency}),
        )
        for alert in alerts_of(subscriber)
    ]
    return render(
        request,
        "alerts/manage.html",
        {
            "subscriber": subscriber,
            "alerts": alerts,
            "language_form": LanguageForm(initial={"language": subscriber.language}),
        },
    )


def _change(request: HttpRequest, subscriber: Subscriber) -> bool:
    """Take the action of the button pressed; returns whether the address was deleted."""
    action = request.POST.get("action")
    if action == "remove_all":
        return services.remove_alerts(subscriber=subscriber)
    if action == "language":
        form = LanguageForm(request.POST)
        if form.is_valid():
            services.change_language(subscriber=subscriber, language=form.cleaned_data["language"])
        return False
    alert = get_object_or_404(subscriber.alerts, pk=_integer(request.POST.get("alert")))
    if action == "remove":
        return services.remove_alerts(subscriber=subscriber, alert_ids=[alert.pk])
    form = FrequencyForm(request.POST)
    if action == "change" and form.is_valid():
        services.change_alert(alert=alert, frequency=form.cleaned_data["frequency"])
    return False


def _integer(value: str | None) -> int:
    if value is None or not value.isdigit() or len(value) > 18:
        raise Http404
    return int(value)


@token_page
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """RFC 8058: a POST to this address, from the mail client's unsubscribe button,
    removes the alerts the mail was sent for; a GET only shows the button, since mail
    scanners fetch links unasked."""
    found = alerts_of_unsubscribe_token(token)
    if found is None:
        return render(request, "alerts/link_invalid.html", status=404)
    subscriber_id, alert_ids = found
    subscriber = Subscriber.objects.filter(pk=subscriber_id).first()
    if request.method == "GET":
        return render(request, "alerts/unsubscribe.html", {"subscribed": subscriber is not None})
    deleted = True
    if subscriber is not None:
        deleted = services.remove_alerts(subscriber=subscriber, alert_ids=alert_ids)
    return render(
        request,
        "alerts/unsubscribed.html",
        {"deleted": deleted, "manage_token": None if deleted else manage_token(subscriber_id)},
    )
