"""`python manage.py amqp_bridge`: RabbitMQ in and out (beat.amqp.bridge) until SIGTERM or Ctrl-C."""
import signal

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Publish the events outbox to RabbitMQ and turn the inbound queues' messages into tasks."

    def add_arguments(self, parser):
        parser.add_argument("--no-consume", action="store_true", help="Publish events only.")
        parser.add_argument("--no-publish", action="store_true", help="Consume the inbound queues only.")

    def handle(self, *args, **options):
        if not settings.AMQP_URL:
            raise CommandError("AMQP_URL is not set: there is no broker to bridge to.")
        from beat.amqp.bridge import Bridge

        bridge = Bridge(settings.AMQP_URL, consume=not options["no_consume"], publish=not options["no_publish"])
        signal.signal(signal.SIGTERM, bridge.stop)
        signal.signal(signal.SIGINT, bridge.stop)
        bridge.run()
