import gc
import os

from django.core.wsgi import get_wsgi_application

from diplomacy.checks import require_secret_key

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "diplomacy.settings")

application = get_wsgi_application()
require_secret_key()
# What loading the site made lives as long as the process: frozen, it is left out of the
# full garbage collections, which then walk only what requests made. At a million
# statements one such collection paused a list page for 67–80 ms, and 7–37 ms with this.
gc.freeze()
