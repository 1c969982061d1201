from __future__ import annotations

from allauth.core import context as allauth_context
from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from cmij.forms import MultiLineField, SingleLineField
from cmij.limits import LimitReached, limit_take
from cmij.text import validate_storable
from profiles import services
from profiles.models import Discipline, Kern, Message, Municipality, Profile
from profiles.selectors import DirectoryQuery


class SignupForm(forms.Form):
    """Extra fields on allauth's sign-up form; allauth calls `signup` once the user is saved."""

    display_name = SingleLineField(
        label=_("Your name"),
        max_length=80,
        help_text=_("How other makers see you, e.g. Sanne de Vries."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )

    def clean(self):
        """A valid signup counts against its address's limit (cmij/limits.py; behind a proxy the
        address is the client's, CMIJ_BEHIND_PROXY): refused, it says when to try again."""
        cleaned = super().clean()
        request = allauth_context.request
        if not self.errors and request is not None:
            try:
                limit_take("signups", f"address:{request.META.get('REMOTE_ADDR', '')}")
            except LimitReached as error:
                raise forms.ValidationError(error.messages) from None
        return cleaned

    def signup(self, request, user) -> None:
        language = (get_language() or "nl")[:2]
        services.profile_create(user=user, display_name=self.cleaned_data["display_name"], language=language)


class TagsField(SingleLineField):
    """Short tags typed as one line, separated by commas; a list of them in Python."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 500)
        kwargs.setdefault("help_text", _("Separate with commas."))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        return ", ".join(value) if isinstance(value, list) else value

    def to_python(self, value) -> list[str]:
        text = super().to_python(value)
        return [tag.strip() for tag in text.split(",") if tag.strip()]


class LinksField(MultiLineField):
    """Web addresses, one per line."""

    widget = forms.Textarea(attrs={"rows": 3})

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 1500)
        kwargs.setdefault("help_text", _("One per line, e.g. https://instagram.com/yourname"))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        return "\n".join(value) if isinstance(value, list) else value

    def to_python(self, value) -> list[str]:
        text = super().to_python(value)
        return [line.strip() for line in text.splitlines() if line.strip()]


class ProfileForm(forms.ModelForm):
    organisations = TagsField(label=_("Organisations you are part of"))
    helps_with = TagsField(
        label=_("Can help with"), help_text=_("Short tags, separated by commas: e.g. lighting, subsidies")
    )
    looking_for = TagsField(
        label=_("Looking for"),
        help_text=_("Short tags, separated by commas: e.g. rehearsal space, a drummer"),
    )
    links = LinksField(label=_("Social links"))
    website = forms.URLField(label=_("website"), required=False, max_length=200, assume_scheme="https")
    photo = forms.FileField(
        label=_("Photo"),
        required=False,
        help_text=_("JPEG, PNG, WebP or GIF, at most 5 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp,image/gif"}),
    )

    class Meta:
        model = Profile
        fields = [
            "display_name", "photo", "municipality", "kern", "disciplines", "level", "stage", "pay",
            "organisations", "bio", "website", "links", "helps_with", "looking_for",
            "open_to_collaboration", "public", "show_email",
        ]  # fmt: skip
        widgets = {"disciplines": forms.CheckboxSelectMultiple, "bio": forms.Textarea(attrs={"rows": 6})}


def slug_filter(label, model) -> forms.ModelMultipleChoiceField:
    """A filter of reference rows by slug, as tick boxes: ?discipline=dans&discipline=theater."""
    return forms.ModelMultipleChoiceField(
        label=label,
        queryset=model.objects.all(),
        to_field_name="slug",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class DirectoryFilterForm(forms.Form):
    """The directory's filters, as they stand in the URL."""

    zoek = SingleLineField(label=_("Search"), required=False, max_length=100)
    discipline = slug_filter(_("Discipline"), Discipline)
    gemeente = slug_filter(_("Municipality"), Municipality)
    kern = slug_filter(_("Village"), Kern)
    niveau = forms.ChoiceField(
        label=_("Amateur or professional"),
        required=False,
        choices=[("", _("Any")), *Profile.Level.choices[:2]],
    )
    podium = forms.ChoiceField(
        label=_("On stage or behind the scenes"),
        required=False,
        choices=[("", _("Any")), *Profile.Stage.choices[:2]],
    )
    betaald = forms.ChoiceField(
        label=_("Volunteer or paid"), required=False, choices=[("", _("Any")), *Profile.Pay.choices[:2]]
    )
    samenwerken = forms.BooleanField(label=_("Open to collaboration"), required=False)

    def query(self) -> DirectoryQuery:
        data = self.cleaned_data
        return DirectoryQuery(
            search=data["zoek"],
            discipline_ids=frozenset(d.pk for d in data["discipline"]),
            municipality_ids=frozenset(m.pk for m in data["gemeente"]),
            kern_ids=frozenset(k.pk for k in data["kern"]),
            level=data["niveau"],
            stage=data["podium"],
            pay=data["betaald"],
            open_to_collaboration=data["samenwerken"],
        )  # fmt: skip


class MessageForm(forms.ModelForm):
    class Meta:
        model = Message
        fields = ["body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 5})}
        labels = {"body": _("Your message")}


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Your password, to confirm"),
        strip=False,
        validators=[validate_storable],  # a lone surrogate cannot be hashed (it has no UTF-8)
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("That is not your password."))
        return password
