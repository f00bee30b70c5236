import os

from django.core.wsgi import get_wsgi_application

from migrantscount.core.front import cap_request_body
from migrantscount.core.page_cache import page_cache
from migrantscount.settings.env import forget_secrets

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "migrantscount.settings.production")

# The body cap answers oversized and chunked uploads before Django reads them. The page
# cache (outermost: a hit costs no more than a dictionary look-up) serves anonymous
# GETs of public pages without entering Django at all (docs/operations.md).
application = page_cache(cap_request_body(get_wsgi_application()))

# The settings are loaded (get_wsgi_application): the secrets leave the environment
# before granian copies it into every request's environ.
forget_secrets()
