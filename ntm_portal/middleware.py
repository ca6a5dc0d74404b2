import unicodedata

from django.http import QueryDict


def _nfc_querydict(data):
    normalised = QueryDict(mutable=True, encoding=data.encoding)
    for key, values in data.lists():
        normalised.setlist(
            unicodedata.normalize("NFC", key),
            [unicodedata.normalize("NFC", value) for value in values],
        )
    normalised._mutable = False
    return normalised


class NfcInputMiddleware:
    """Normalise every submitted text to Unicode NFC.

    Vietnamese arrives in NFD from some keyboards and from macOS; stored NFD text would not match
    the same name typed in NFC, so every GET and POST value is normalised once, here.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.GET = _nfc_querydict(request.GET)
        if request.method == "POST" and request.content_type in (
            "application/x-www-form-urlencoded",
            "multipart/form-data",
        ):
            request.POST = _nfc_querydict(request.POST)
        return self.get_response(request)
