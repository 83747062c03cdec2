from django.apps import AppConfig


class BeatConfig(AppConfig):
    name = "beat"
    verbose_name = "Beat"

    def ready(self):
        from beat.flows import registry

        registry.autodiscover()
