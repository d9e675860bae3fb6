"""Forms of the log-in's second step and of enrolment."""

from django import forms
from django.utils.translation import gettext_lazy as _


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Engångskod"),
        max_length=32,
        help_text=_(
            "Sex siffror från autentiseringsappen, eller en av dina reservkoder "
            "(till exempel abcd-efgh)."
        ),
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "autocapitalize": "none",
                "spellcheck": "false",
                "autofocus": True,
            }
        ),
    )


class EnrolForm(forms.Form):
    code = forms.CharField(
        label=_("Koden som appen visar"),
        max_length=12,
        help_text=_("Sex siffror. Koden byts var 30:e sekund."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )
