"""The page a presenter's one-time link opens: the meeting, the presentation's title and a
form for the slides. An altered link answers 404 and an expired one 410, naming nothing."""

from __future__ import annotations

from pathlib import PurePath

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from alerts.views import token_page
from contributions.files import MESSAGES
from contributions.models import Language

from .presenter_uploads import (
    LinkExpired,
    LinkInvalid,
    read_upload_token,
    slides_received,
    store_presenter_slides,
)

SLIDE_EXTENSIONS = (".pdf", ".pptx")


class SlidesForm(forms.Form):
    slides = forms.FileField(
        label=_("Your slides"),
        help_text=_("PDF or PowerPoint (.pptx)."),
        widget=forms.FileInput(attrs={"accept": ",".join(SLIDE_EXTENSIONS)}),
        error_messages={"empty": MESSAGES["empty"]},
    )
    language = forms.ChoiceField(label=_("Language of the slides"), choices=Language.choices)

    def clean_slides(self):
        upload = self.cleaned_data["slides"]
        if PurePath(upload.name).suffix.lower() not in SLIDE_EXTENSIONS:
            raise ValidationError(_("Send the slides as a PDF or a PowerPoint (.pptx) file."))
        return upload


@token_page
@require_http_methods(["GET", "POST"])
def presenter_upload(request: HttpRequest, token: str) -> HttpResponse:
    try:
        link = read_upload_token(token)
    except LinkInvalid:
        return render(request, "meetings/presenter_upload_invalid.html", status=404)
    except LinkExpired:
        return render(request, "meetings/presenter_upload_expired.html", status=410)
    presentation = link.presentation
    context = {"link": link, "presentation": presentation, "meeting": presentation.meeting}
    if slides_received(presentation):
        # A second upload is refused in words: 409, the slides already sent stay.
        status = 409 if request.method == "POST" else 200
        return render(request, "meetings/presenter_upload_received.html", context, status=status)
    language = get_language() if get_language() in Language.values else Language.ENGLISH
    form = SlidesForm(request.POST or None, request.FILES or None, initial={"language": language})
    if request.method == "POST" and form.is_valid():
        try:
            store_presenter_slides(
                link=link,
                upload=form.cleaned_data["slides"],
                language=form.cleaned_data["language"],
            )
        except ValidationError as error:
            form.add_error("slides", error)
        else:
            return redirect(request.path)
    return render(request, "meetings/presenter_upload.html", {**context, "form": form})
