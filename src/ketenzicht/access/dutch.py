"""Dutch names in /beheer/ for the apps and models of the libraries (issue 16: "AXES", "TOTP
devices"). Their other texts are translated in locale/nl/.

Only the display names are set, at start-up: an app's verbose_name and a model's verbose_name(s)
in `_meta` are not part of the migration state (that reads the model's declared Meta), so no
migration of a library changes.
"""

from __future__ import annotations

from django.apps import apps

APP_NAMES = {
    "axes": "Inlogblokkering",
    "otp_totp": "Tweestapsverificatie",
    "auth": "Gebruikers en groepen",
}
MODEL_NAMES = {
    ("otp_totp", "totpdevice"): ("authenticator-app", "authenticator-apps"),
}


def name_libraries_in_dutch() -> None:
    for label, name in APP_NAMES.items():
        if apps.is_installed(apps.get_app_config(label).name):
            apps.get_app_config(label).verbose_name = name
    for (app_label, model_name), (singular, plural) in MODEL_NAMES.items():
        opts = apps.get_model(app_label, model_name)._meta
        opts.verbose_name, opts.verbose_name_plural = singular, plural
