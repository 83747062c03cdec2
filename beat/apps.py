from django.apps import AppConfig
from django.db.models.signals import post_migrate


class BeatConfig(AppConfig):
    name = "beat"
    verbose_name = "Beat"

    def ready(self):
        from beat import checks  # noqa: F401  (registers the secrets check)
        from beat.flows import registry

        registry.autodiscover()
        post_migrate.connect(_install_schedules, sender=self)


def _install_schedules(**kwargs):
    from beat.queue.schedules import install

    install()
