from django import forms
from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from .models import Frequency
from .targets import Target, target_choices, target_from_value


class SubscribeForm(forms.Form):
    email = forms.EmailField(label=_("Your e-mail address"), max_length=254)
    # Any target that exists is accepted, not only those the list offers: a link may name a
    # country that has no Member State here yet.
    # The length is checked by a validator: `max_length` would write `maxlength`, which a
    # <select> may not carry.
    what = forms.CharField(
        label=_("What to follow"), validators=[MaxLengthValidator(120)], widget=forms.Select
    )
    frequency = forms.ChoiceField(
        label=_("How often"),
        choices=Frequency.choices,
        initial=Frequency.IMMEDIATE,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, preselected: Target, **kwargs):
        """`preselected` is within the group whose page the form is on: what the form
        offers and accepts is followed in that group."""
        super().__init__(*args, **kwargs)
        self.group = preselected.group
        self.fields["what"].widget.choices = target_choices(preselected)
        self.fields["what"].initial = preselected.value

    def clean_what(self) -> Target:
        target = target_from_value(self.cleaned_data["what"], self.group)
        if target is None:
            raise forms.ValidationError(_("Choose what to follow from the list."))
        return target


class FrequencyForm(forms.Form):
    frequency = forms.ChoiceField(label=_("How often"), choices=Frequency.choices)


class LanguageForm(forms.Form):
    language = forms.ChoiceField(label=_("Language of the mails"), choices=settings.LANGUAGES)
