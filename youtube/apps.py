from django.apps import AppConfig


class YoutubeConfig(AppConfig):
    name = "youtube"

    def ready(self):
        from youtube import platform  # noqa: F401  (registers YouTube in beat.platforms)
