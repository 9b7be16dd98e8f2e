"""What every public page shows: the data's licence, in the footer."""

from django.conf import settings


def licence(request):
    return {"licence": settings.DATA_LICENCE}
