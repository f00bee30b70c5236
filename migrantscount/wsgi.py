import os

from django.core.wsgi import get_wsgi_application

from migrantscount.core.front import cap_request_body

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "migrantscount.settings.production")

# The body cap answers oversized and chunked uploads before Django reads them.
application = cap_request_body(get_wsgi_application())
