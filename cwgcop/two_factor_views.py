"""The second step of signing in, and setting up an authenticator app."""

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from . import two_factor


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        strip=True,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return settings.LOGIN_REDIRECT_URL


@never_cache
@sensitive_post_parameters("code")
@login_required
def verify(request: HttpRequest) -> HttpResponse:
    """Asks for the code from the authenticator app or a recovery code."""
    if two_factor.is_verified(request.user):
        return redirect(_next_url(request))
    if not two_factor.has_two_factor(request.user):
        return redirect("two-factor-setup")
    form = CodeForm(request.POST or None)
    if form.is_valid():
        if two_factor.verify_second_factor(
            request=request, user=request.user, token=form.cleaned_data["code"]
        ):
            return redirect(_next_url(request))
        form.add_error(
            "code",
            _(
                "That code is not valid. Type the 6-digit code your app shows now, or an unused recovery code."
            ),
        )
    return render(request, "two_factor/verify.html", {"form": form, "next": _next_url(request)})


@never_cache
@sensitive_post_parameters("code")
@login_required
def setup(request: HttpRequest) -> HttpResponse:
    """Sets up an authenticator app: its key, a first code to confirm, then recovery codes.

    Someone who already has a second factor must give it first: a password alone never
    replaces the authenticator.
    """
    user = request.user
    if two_factor.has_two_factor(user) and not two_factor.is_verified(user):
        return redirect("two-factor")
    enrolment = two_factor.start_enrolment(user=user)
    form = CodeForm(request.POST or None)
    if form.is_valid():
        codes = two_factor.confirm_enrolment(
            request=request, user=user, token=form.cleaned_data["code"]
        )
        if codes is not None:
            return render(
                request,
                "two_factor/recovery_codes.html",
                {"codes": codes, "next": _next_url(request)},
            )
        form.add_error(
            "code", _("That code does not match. Check the key you typed and try the new code.")
        )
    return render(
        request,
        "two_factor/setup.html",
        {
            "form": form,
            "enrolment": enrolment,
            "required": two_factor.must_use_two_factor(user),
            "next": _next_url(request),
        },
    )
