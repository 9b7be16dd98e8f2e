from django.conf import settings
from django.core.checks import Error, register
from django.core.exceptions import ImproperlyConfigured


def require_secret_key():
    """Stop a site from starting without a secret key (DEBUG provides a development one)."""
    if not settings._wrapped.__dict__.get("SECRET_KEY") and not settings.DEBUG:
        raise ImproperlyConfigured(settings.MISSING_SECRET_KEY)


@register(deploy=True)
def secret_key_is_set(app_configs, **kwargs):
    try:
        require_secret_key()
    except ImproperlyConfigured as error:
        return [Error(str(error), id="diplomacy.E001")]
    return []
