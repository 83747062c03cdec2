from django.apps import AppConfig


class InstagramConfig(AppConfig):
    name = "instagram"

    def ready(self):
        from instagram import platform  # noqa: F401  (registers Instagram in beat.platforms)
