from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class CredentialsConfig(AppConfig):
    name = "credentials"

    def ready(self):
        # each platform app says how its sources' credentials are checked (<app>/validators.py)
        autodiscover_modules("validators")
